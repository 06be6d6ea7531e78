import AWSCore
import Basics

/// How many requests may be in flight, adapted to the model's capacity (AIMD, as TCP does):
/// a throttle halves the limit, each success raises it by 1/limit (about +1 per round of
/// requests), between 1 and the `-j` maximum. Near the limit that last drew a throttle, the
/// climb is four times slower, so the known capacity is probed rarely. A model with little
/// capacity is driven at its limit instead of being flooded with requests it can only refuse.
///
/// It is also the stream's brake: `cancel()` (a signal) wakes every waiter and lets no new
/// attempt start.
public final class ConcurrencyLimiter: RequestGate {
    private struct State: Sendable {
        var limit: Double
        var inFlight = 0
        var succeeded = 0
        var cancelled = false
        /// The orders of the requests waiting for a slot.
        var waiting: [Int] = []
        /// Throttles within one request's time of a decrease belong to the same episode (they
        /// were sent under the old limit) and halve the limit once, as TCP halves once per
        /// round trip. The request time is a running average of successful requests.
        var roundTrip = 0.1
        var lastDecrease = -Double.infinity
        /// The limit at which the last throttle came.
        var throttledAt = Double.infinity
        var retries = 0, throttles = 0
        /// Every attempt told of (`observe`): the requests sent.
        var attempts = 0
    }

    private let guarded: Locked<State>
    public let maximum: Int
    private let fixedCooldown: Double?
    private let clock: @Sendable () -> Double

    public init(maximum: Int, cooldown: Double? = nil, clock: @escaping @Sendable () -> Double = MonotonicClock.now) {
        self.maximum = max(1, maximum)
        self.guarded = Locked(State(limit: Double(max(1, maximum))))
        self.fixedCooldown = cooldown
        self.clock = clock
    }

    public func acquire(order: Int = 0) -> Bool {
        guarded.withLock { $0.waiting.append(order) }
        return guarded.when(
            { $0.cancelled || ($0.inFlight < Int($0.limit) && $0.waiting.min()! >= order) },
            then: { state, _ in
                state.waiting.remove(at: state.waiting.firstIndex(of: order)!)
                guard !state.cancelled else { return false }
                state.inFlight += 1
                return true
            })
    }

    public func release() {
        guarded.update { $0.inFlight -= 1 }
    }

    public func succeeded(seconds: Double) {
        guarded.update { state in
            state.succeeded += 1
            state.roundTrip = 0.8 * state.roundTrip + 0.2 * seconds
            let step = state.limit + 1 > state.throttledAt ? 1 / (4 * state.limit) : 1 / state.limit
            state.limit = min(Double(maximum), state.limit + step)
        }
    }

    public func throttled() {
        let now = clock()
        guarded.withLock { state in
            if now - state.lastDecrease >= (fixedCooldown ?? state.roundTrip) {
                state.throttledAt = state.limit
                state.limit = max(1, state.limit / 2)
                state.lastDecrease = now
            }
        }
    }

    public var successes: Int { guarded.withLock { $0.succeeded } }

    /// Requests waiting for a slot.
    var waitingCount: Int { guarded.withLock { $0.waiting.count } }

    /// Patience: four round trips (at least a quarter second) — enough for requests in flight
    /// to come back, so no success within it means the model is taking none of ours.
    public func awaitProgress(beyond mark: Int) -> Bool? {
        let patience = guarded.withLock { max(0.25, 4 * $0.roundTrip) }
        return guarded.when(
            { $0.cancelled || $0.succeeded > mark }, timeout: patience,
            then: { state, _ in
                state.cancelled ? nil : state.succeeded > mark
            })
    }

    public func pause(_ seconds: Double) -> Bool {
        guarded.when({ $0.cancelled }, timeout: seconds, then: { state, _ in !state.cancelled })
    }

    public func observe(_ error: ServiceError?) {
        guarded.withLock { state in
            state.attempts += 1
            guard let error else { return }
            if error.isRetryable { state.retries += 1 }
            if error.isThrottle { state.throttles += 1 }
        }
    }

    /// Lets no new attempt start and wakes every waiter.
    public func cancel() {
        guarded.update { $0.cancelled = true }
    }

    /// The current limit and requests in flight, and the attempts, retries and throttles seen.
    public var state: (limit: Int, inFlight: Int, retries: Int, throttles: Int, attempts: Int) {
        guarded.withLock { (Int($0.limit), $0.inFlight, $0.retries, $0.throttles, $0.attempts) }
    }
}
