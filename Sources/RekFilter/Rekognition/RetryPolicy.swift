import Glibc

/// The AWS SDKs' "standard" retry mode: a fixed number of attempts, full-jitter exponential
/// backoff capped at 20 s, and a retry quota shared by the whole run, so that a dead or
/// overloaded service is not hammered by every request retrying.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var maxBackoff: Double = 20
    /// Multiplies every delay. 1 in production; tests set REKFILTER_BACKOFF_SCALE to run fast.
    public var backoffScale: Double = 1
    public let quota: RetryQuota

    public init(maxAttempts: Int = 3, backoffScale: Double = 1, quota: RetryQuota = RetryQuota()) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoffScale = backoffScale
        self.quota = quota
    }

    /// Delay before attempt `attempt + 1`: rand(0,1) × min(2^(attempt-1), 20) seconds.
    public func delay(afterAttempt attempt: Int) -> Double {
        Double.random(in: 0..<1) * min(pow(2, Double(attempt - 1)), maxBackoff) * backoffScale
    }

    static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// The token bucket behind retries (500 tokens; a retry costs 5, one after a timeout 10; a
/// success gives back what its retries took, or 1). Thread-safe.
public final class RetryQuota: Sendable {
    private let tokens: Locked<Int>
    public let capacity: Int

    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.tokens = Locked(capacity)
    }

    /// Takes the cost of one retry, or returns nil when the quota is spent.
    public func acquire(timeout: Bool) -> Int? {
        tokens.withLock { tokens in
            let cost = timeout ? 10 : 5
            guard tokens >= cost else { return nil }
            tokens -= cost
            return cost
        }
    }

    public func release(_ amount: Int) {
        tokens.withLock { $0 = min(capacity, $0 + amount) }
    }

    public var available: Int { tokens.withLock { $0 } }
}
