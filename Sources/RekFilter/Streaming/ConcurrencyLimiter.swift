/// How many requests may be in flight, adapted to the model's capacity (AIMD, as TCP does):
/// a throttle halves the limit, each success raises it by 1/limit (about +1 per round of
/// requests), between 1 and the `-j` maximum. Near the limit that last drew a throttle, the
/// climb is four times slower, so the known capacity is probed rarely. A model with little
/// capacity is driven at its limit instead of being flooded with requests it can only refuse.
///
/// It is also the stream's brake: `cancel()` (a signal) wakes every waiter and lets no new
/// attempt start.
public final class ConcurrencyLimiter: RequestGate, @unchecked Sendable {
    private let monitor = Monitor()
    // State below is guarded by `monitor`.
    private var limit: Double
    private var inFlight = 0
    private var succeededCount = 0
    private var cancelled = false
    /// The orders of the requests waiting for a slot.
    private var waiting: [Int] = []
    /// Throttles within one request's time of a decrease belong to the same episode (they were
    /// sent under the old limit) and halve the limit once, as TCP halves once per round trip.
    /// The request time is a running average of successful requests.
    private var roundTrip: Double
    private var lastDecrease = -Double.infinity
    /// The limit at which the last throttle came.
    private var throttledAt = Double.infinity
    private var retries = 0, throttles = 0

    public let maximum: Int
    private let fixedCooldown: Double?
    private let clock: @Sendable () -> Double

    public init(maximum: Int, cooldown: Double? = nil, clock: @escaping @Sendable () -> Double = MonotonicClock.now) {
        self.maximum = max(1, maximum)
        self.limit = Double(self.maximum)
        self.fixedCooldown = cooldown
        self.roundTrip = 0.1
        self.clock = clock
    }

    public func acquire(order: Int = 0) -> Bool {
        monitor.withLock {
            waiting.append(order)
            defer {
                waiting.remove(at: waiting.firstIndex(of: order)!)
                monitor.broadcast() // the next in order may go now
            }
            while !cancelled && (inFlight >= Int(limit) || waiting.min()! < order) { monitor.wait() }
            guard !cancelled else { return false }
            inFlight += 1
            return true
        }
    }

    public func release() {
        monitor.withLock {
            inFlight -= 1
            monitor.broadcast()
        }
    }

    public func succeeded(seconds: Double) {
        monitor.withLock {
            succeededCount += 1
            roundTrip = 0.8 * roundTrip + 0.2 * seconds
            let step = limit + 1 > throttledAt ? 1 / (4 * limit) : 1 / limit
            limit = min(Double(maximum), limit + step)
            monitor.broadcast()
        }
    }

    public func throttled() {
        let now = clock()
        monitor.withLock {
            if now - lastDecrease >= (fixedCooldown ?? roundTrip) {
                throttledAt = limit
                limit = max(1, limit / 2)
                lastDecrease = now
            }
        }
    }

    public var successes: Int { monitor.withLock { succeededCount } }

    /// Requests waiting for a slot.
    var waitingCount: Int { monitor.withLock { waiting.count } }

    /// Patience: four round trips (at least a quarter second) — enough for requests in flight
    /// to come back, so no success within it means the model is taking none of ours.
    public func awaitProgress(beyond mark: Int) -> Bool? {
        let start = clock()
        return monitor.withLock {
            let deadline = start + max(0.25, 4 * roundTrip)
            while !cancelled {
                if succeededCount > mark { return true }
                let left = deadline - clock()
                if left <= 0 { return false }
                monitor.wait(seconds: left)
            }
            return nil
        }
    }

    public func pause(_ seconds: Double) -> Bool {
        let deadline = clock() + seconds
        return monitor.withLock {
            while !cancelled {
                let left = deadline - clock()
                if left <= 0 { return true }
                monitor.wait(seconds: left)
            }
            return false
        }
    }

    public func observe(_ error: ServiceError?) {
        guard let error else { return }
        monitor.withLock {
            if error.isRetryable { retries += 1 }
            if error.isThrottle { throttles += 1 }
        }
    }

    /// Lets no new attempt start and wakes every waiter.
    public func cancel() {
        monitor.withLock {
            cancelled = true
            monitor.broadcast()
        }
    }

    /// The current limit and requests in flight, and the retries and throttles seen.
    public var state: (limit: Int, inFlight: Int, retries: Int, throttles: Int) {
        monitor.withLock { (Int(limit), inFlight, retries, throttles) }
    }
}
