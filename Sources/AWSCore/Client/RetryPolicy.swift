import Basics
import Glibc

/// The AWS SDKs' retry modes (README, Credentials, region, endpoint): `standard` — a fixed number of attempts, full-jitter
/// exponential backoff capped at 20 s, and a retry quota shared by the whole run, so that a
/// dead or overloaded service is not hammered by every request retrying; `adaptive` — the
/// same, plus botocore's client-side rate limiter, which slows every request once the
/// service throttles. `legacy` is taken as `standard`.
public struct RetryPolicy: RetryStrategy {
    public enum Mode: String, Sendable {
        case standard, adaptive
    }

    public var maxAttempts: Int
    public var mode: Mode
    public var maxBackoff: Double = 20
    /// Multiplies every delay. 1 in production; tests set REKFILTER_BACKOFF_SCALE to run fast.
    public var backoffScale: Double = 1
    public let quota: RetryQuota
    /// Adaptive mode's rate limiter (nil in standard mode), shared by the run.
    public let rateLimiter: ClientRateLimiter?
    /// How far the service's clock is from ours, learnt from a skew error; shared by the run.
    public let clock: ClockSkew

    public init(maxAttempts: Int = 3, mode: Mode = .standard, backoffScale: Double = 1, quota: RetryQuota = RetryQuota()) {
        self.maxAttempts = max(1, maxAttempts)
        self.mode = mode
        self.backoffScale = backoffScale
        self.quota = quota
        self.rateLimiter = mode == .adaptive ? ClientRateLimiter() : nil
        self.clock = ClockSkew()
    }

    /// The policy the environment asks for (AWS_MAX_ATTEMPTS / `max_attempts`, AWS_RETRY_MODE /
    /// `retry_mode`), for the calls credential providers make: a value out of range or unknown
    /// gives the default (the run checks them first, and fails on them, before any call).
    public init(env: AWSEnvironment) {
        let attempts = (try? env.integer(flag: nil, env: "AWS_MAX_ATTEMPTS", config: "max_attempts")) ?? nil
        let mode = (try? Self.mode(env.setting(env: ["AWS_RETRY_MODE"], config: "retry_mode"))) ?? .standard
        self.init(maxAttempts: attempts.flatMap { (1...100).contains($0) ? $0 : nil } ?? 3, mode: mode)
    }

    /// `AWS_RETRY_MODE` / `retry_mode` as botocore reads it; another word is a configuration error.
    public static func mode(_ text: String?) throws(ServiceError) -> Mode {
        switch text?.lowercased() {
        case nil, "standard", "legacy": return .standard
        case "adaptive": return .adaptive
        case let other?: throw .configuration("retry mode must be standard, adaptive or legacy, got '\(other)'")
        }
    }

    /// Delay before attempt `attempt + 1`: rand(0,1) × min(2^(attempt-1), 20) seconds, and at
    /// least what the service asked for in Retry-After (capped likewise).
    public func delay(afterAttempt attempt: Int, retryAfter: Double? = nil) -> Double {
        let jitter = Double.random(in: 0..<1) * min(pow(2, Double(attempt - 1)), maxBackoff)
        return max(jitter, min(retryAfter ?? 0, maxBackoff)) * backoffScale
    }

    public func beginAttempt(order: Int, state: inout RetryState) throws(ServiceError) {
        rateLimiter?.acquire()
    }

    public func endAttempt(error: ServiceError?, seconds: Double, state: inout RetryState) {
        rateLimiter?.record(throttled: error?.isThrottle ?? false)
        // As botocore: a success gives back what its last retry took, or 1.
        if error == nil { quota.release(state.lastCost > 0 ? state.lastCost : 1) }
    }

    /// Retries what is worth retrying while attempts and the retry quota last.
    public func decide(after error: ServiceError, attempt: Int, retryAfter: Double?, state: inout RetryState) -> RetryDecision {
        guard error.isRetryable, attempt < maxAttempts else { return .fail(note: nil) }
        var isTimeout = false
        if case .transport(.timeout) = error { isTimeout = true }
        guard let cost = quota.acquire(timeout: isTimeout) else { return .fail(note: "retry quota exhausted: not retrying") }
        state.lastCost = cost
        return .retry(after: delay(afterAttempt: attempt, retryAfter: retryAfter))
    }

    public func pause(_ seconds: Double) -> Bool {
        Self.sleep(seconds: seconds)
        return true
    }

    package static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// The token bucket behind retries (500 tokens; a retry costs 5, one after a timeout 10; a
/// success gives back what its last retry took, or 1 when it needed none — as botocore's
/// `RetryQuotaChecker`). Thread-safe.
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

/// The offset to add to our clock when signing, learnt from the service's Date header after a
/// skew error (as aws-sdk-swift does). Thread-safe.
public final class ClockSkew: Sendable {
    private let offset = Locked(0.0)
    public init() {}

    public var seconds: Double { offset.withLock { $0 } }

    /// Our clock, corrected.
    public func now() -> Double { WallClock.now() + seconds }

    /// Learns the skew from a server time; says whether it is large enough to explain a
    /// signature refused for its time (over four minutes off, as the services allow five).
    public func learn(serverTime: Double) -> Bool {
        let skew = serverTime - WallClock.now()
        guard abs(skew - seconds) > 240 else { return false }
        offset.withLock { $0 = skew }
        return true
    }
}
