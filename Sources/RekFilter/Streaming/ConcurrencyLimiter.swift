#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many requests may be in flight, adapted to the model's capacity (AIMD, as TCP does):
/// a throttle halves the limit, each success raises it by 1/limit (about +1 per round of
/// requests), between 1 and the `-j` maximum. Near the limit that last drew a throttle, the
/// climb is four times slower, so the known capacity is probed rarely. A model with little
/// capacity is driven at its limit instead of being flooded with requests it can only refuse.
public final class ConcurrencyLimiter: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var limit: Double
    private var inFlight = 0
    public let maximum: Int
    /// Throttles within one request's time of a decrease belong to the same episode (they were
    /// sent under the old limit) and halve the limit once, as TCP halves once per round trip.
    /// The request time is a running average of successful requests.
    private var roundTrip: Double
    private let fixedCooldown: Double?
    private var lastDecrease = -Double.infinity
    /// The limit at which the last throttle came.
    private var throttledAt = Double.infinity

    public init(maximum: Int, cooldown: Double? = nil) {
        self.maximum = max(1, maximum)
        self.limit = Double(self.maximum)
        self.fixedCooldown = cooldown
        self.roundTrip = 0.1
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    /// Waits for a free slot and takes it.
    public func acquire() {
        pthread_mutex_lock(&mutex)
        while inFlight >= Int(limit) { pthread_cond_wait(&changed, &mutex) }
        inFlight += 1
        pthread_mutex_unlock(&mutex)
    }

    public func release() {
        pthread_mutex_lock(&mutex)
        inFlight -= 1
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    public func succeeded(seconds: Double? = nil) {
        pthread_mutex_lock(&mutex)
        if let seconds { roundTrip = 0.8 * roundTrip + 0.2 * seconds }
        let step = limit + 1 > throttledAt ? 1 / (4 * limit) : 1 / limit
        limit = min(Double(maximum), limit + step)
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    public func throttled(now: Double = WallClock.now()) {
        pthread_mutex_lock(&mutex)
        if now - lastDecrease >= (fixedCooldown ?? roundTrip) {
            throttledAt = limit
            limit = max(1, limit / 2)
            lastDecrease = now
        }
        pthread_mutex_unlock(&mutex)
    }

    /// The current limit and requests in flight.
    public var state: (limit: Int, inFlight: Int) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return (Int(limit), inFlight)
    }
}
