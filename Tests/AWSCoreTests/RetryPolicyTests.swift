import Testing

@testable import AWSCore

/// What the retry strategies decide after a failed attempt (the send loop only follows them).
@Suite struct RetryPolicyTests {
    let throttle = ServiceError.service(type: "ThrottlingException", message: "", status: 400, requestId: nil)
    let denied = ServiceError.service(type: "AccessDeniedException", message: "", status: 400, requestId: nil)

    @Test func retriesWhatIsRetryableWhileAttemptsLast() {
        let policy = RetryPolicy(maxAttempts: 3)
        var state = RetryState()
        guard case .retry(let delay) = policy.decide(after: throttle, attempt: 1, retryAfter: nil, state: &state) else {
            Issue.record("a first throttle is retried")
            return
        }
        #expect(delay >= 0 && delay < 1)
        #expect(state.lastCost == 5)
        #expect(policy.decide(after: throttle, attempt: 3, retryAfter: nil, state: &state) == .fail(note: nil))
        #expect(policy.decide(after: denied, attempt: 1, retryAfter: nil, state: &state) == .fail(note: nil))
    }

    @Test func aTimeoutCostsTwiceAndRetryAfterIsHonoured() {
        let policy = RetryPolicy(maxAttempts: 5)
        var state = RetryState()
        guard case .retry(let delay) = policy.decide(after: .transport(.timeout("slow")), attempt: 1, retryAfter: 7, state: &state) else {
            Issue.record("a timeout is retried")
            return
        }
        #expect(delay == 7)
        #expect(state.lastCost == 10 && policy.quota.available == 490)
    }

    @Test func theQuotaStopsRetryStormsAndSuccessesRefillIt() {
        let quota = RetryQuota(capacity: 12)
        let policy = RetryPolicy(maxAttempts: 10, quota: quota)
        var state = RetryState()
        _ = policy.decide(after: throttle, attempt: 1, retryAfter: nil, state: &state)
        _ = policy.decide(after: throttle, attempt: 2, retryAfter: nil, state: &state)
        #expect(
            policy.decide(after: throttle, attempt: 3, retryAfter: nil, state: &state) == .fail(note: "retry quota exhausted: not retrying")
        )
        #expect(quota.available == 2)
        policy.endAttempt(error: nil, seconds: 0.1, state: &state)
        #expect(quota.available == 7)
    }

    @Test func fixedRetryIsAFixedDelayForWhatDoesNotAnswer() {
        let fixed = FixedRetry(maxAttempts: 3, delay: 1)
        var state = RetryState()
        #expect(fixed.decide(after: .transport(.connect("refused")), attempt: 2, retryAfter: nil, state: &state) == .retry(after: 1))
        #expect(fixed.decide(after: .transport(.connect("refused")), attempt: 3, retryAfter: nil, state: &state) == .fail(note: nil))
        let unavailable = ServiceError.service(type: "HTTP 503", message: "", status: 503, requestId: nil)
        #expect(fixed.decide(after: unavailable, attempt: 1, retryAfter: 30, state: &state) == .retry(after: 1))
        #expect(fixed.decide(after: denied, attempt: 1, retryAfter: nil, state: &state) == .fail(note: nil))
    }

    @Test func theEnvironmentSetsAttemptsAndModeLeniently() {
        #expect(RetryPolicy(env: AWSEnvironment(variables: ["AWS_MAX_ATTEMPTS": "7", "AWS_RETRY_MODE": "adaptive"])).maxAttempts == 7)
        #expect(RetryPolicy(env: AWSEnvironment(variables: ["AWS_RETRY_MODE": "adaptive"])).rateLimiter != nil)
        #expect(RetryPolicy(env: AWSEnvironment(variables: ["AWS_MAX_ATTEMPTS": "0", "AWS_RETRY_MODE": "x"])).maxAttempts == 3)
    }
}
