import AWSCore

/// Stream mode's adaptive concurrency as the AWS client's retry strategy: every attempt (not
/// every call, so that a backoff holds no slot) waits for a slot of the gate, and tells it of
/// throttles and successes; the base policy's retries, quota and rate limiter still apply.
/// A throttle while the stream makes progress means the model is busy, not failing
/// (docs/command-line.md, Streams): the call waits for the next success and the attempt does
/// not count; the gate, which halves what is in flight, paces throttles instead of the quota.
struct GatedRetry: RetryStrategy {
    let base: RetryPolicy
    let gate: any RequestGate

    var maxAttempts: Int { base.maxAttempts }
    var clock: ClockSkew { base.clock }

    func beginAttempt(order: Int, state: inout RetryState) throws(ServiceError) {
        guard gate.acquire(order: order) else { throw .interrupted }
        try base.beginAttempt(order: order, state: &state)
        state.progressMark = gate.successes
    }

    func endAttempt(error: ServiceError?, seconds: Double, state: inout RetryState) {
        gate.release()
        base.endAttempt(error: error, seconds: seconds, state: &state)
        if error == nil {
            gate.succeeded(seconds: seconds)
        } else if error?.isThrottle == true {
            gate.throttled()
        }
        gate.observe(error)
    }

    func decide(after error: ServiceError, attempt: Int, retryAfter: Double?, state: inout RetryState) -> RetryDecision {
        guard error.isThrottle else { return base.decide(after: error, attempt: attempt, retryAfter: retryAfter, state: &state) }
        switch gate.awaitProgress(beyond: state.progressMark) {
        case nil: return .interrupted
        case true?: return .again(note: "throttled while the stream makes progress: retrying when a slot frees, attempt not counted")
        case false?: break
        }
        guard error.isRetryable, attempt < base.maxAttempts else { return .fail(note: nil) }
        return .retry(after: base.delay(afterAttempt: attempt, retryAfter: retryAfter))
    }

    func pause(_ seconds: Double) -> Bool { gate.pause(seconds) }
}
