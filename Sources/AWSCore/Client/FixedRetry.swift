import Basics

/// A fixed number of attempts a fixed delay apart, while nothing answers or the answer is a
/// server error: how botocore's fetchers read the local metadata endpoints (a container's
/// credential agent, EC2's instance metadata), which have no quota and no backoff.
public struct FixedRetry: RetryStrategy {
    public var maxAttempts: Int
    public var delay: Double
    /// Unused: these calls are not signed.
    public let clock = ClockSkew()

    public init(maxAttempts: Int, delay: Double) {
        self.maxAttempts = max(1, maxAttempts)
        self.delay = delay
    }

    public func beginAttempt(order: Int, state: inout RetryState) throws(ServiceError) {}
    public func endAttempt(error: ServiceError?, seconds: Double, state: inout RetryState) {}

    public func decide(after error: ServiceError, attempt: Int, retryAfter: Double?, state: inout RetryState) -> RetryDecision {
        error.isRetryable && attempt < maxAttempts ? .retry(after: delay) : .fail(note: nil)
    }

    public func pause(_ seconds: Double) -> Bool {
        RetryPolicy.sleep(seconds: seconds)
        return true
    }
}
