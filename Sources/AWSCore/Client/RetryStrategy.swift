/// How a client paces and retries its attempts. `RetryPolicy` is the SDKs' standard and
/// adaptive modes; a caller that meters attempts of its own (a stream's adaptive concurrency)
/// wraps it in a strategy of its own, and `AWSClient.send` knows nothing of who does what.
public protocol RetryStrategy: Sendable {
    var maxAttempts: Int { get }
    /// The signing clock, corrected by what the service said its time is; shared by the run.
    var clock: ClockSkew { get }
    /// Before each attempt: waits for its turn; `.interrupted` when the run is stopping.
    func beginAttempt(order: Int, state: inout RetryState) throws(ServiceError)
    /// After each attempt, whatever came of it (`error` nil: a success) and how long it took.
    func endAttempt(error: ServiceError?, seconds: Double, state: inout RetryState)
    /// After the `attempt`th attempt failed with `error`: what to do next.
    func decide(after error: ServiceError, attempt: Int, retryAfter: Double?, state: inout RetryState) -> RetryDecision
    /// Waits `seconds` before the next attempt; false when the run is stopping.
    func pause(_ seconds: Double) -> Bool
}

/// What one call's strategy keeps from one attempt to the next.
public struct RetryState: Sendable {
    /// What the last retry took from the retry quota (0: none yet).
    public var lastCost = 0
    /// A caller's progress counter, read when an attempt began.
    public var progressMark = 0

    public init() {}
}

/// What to do after a failed attempt.
public enum RetryDecision: Equatable, Sendable {
    /// Wait this many seconds, then make the next attempt.
    case retry(after: Double)
    /// Try again at once, without counting the attempt (the note says why, for `-v`).
    case again(note: String)
    /// Give up with the error (the note, when there is one, says why, for `-v`).
    case fail(note: String?)
    /// Give up: the run is stopping.
    case interrupted
}
