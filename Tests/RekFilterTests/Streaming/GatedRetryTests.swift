import Testing

@testable import AWSCore
@testable import RekFilter

/// Stream mode's gate as the AWS client's retry strategy: what a throttle does behind it.
@Suite struct GatedRetryTests {
    /// A gate whose answers the test sets, and which counts what it is told.
    final class ScriptedGate: RequestGate, @unchecked Sendable {
        var progress: Bool?
        var acquired = 0, released = 0, throttles = 0, successesSeen = 0
        init(progress: Bool?) { self.progress = progress }
        func acquire(order: Int) -> Bool {
            acquired += 1
            return progress != nil
        }
        func release() { released += 1 }
        func succeeded(seconds: Double) { successesSeen += 1 }
        func throttled() { throttles += 1 }
        var successes: Int { successesSeen }
        func awaitProgress(beyond mark: Int) -> Bool? { progress }
        func pause(_ seconds: Double) -> Bool { progress != nil }
        func observe(_ error: ServiceError?) {}
    }

    let throttle = ServiceError.service(type: "ThrottlingException", message: "", status: 400, requestId: nil)

    @Test func aThrottleWhileTheStreamProgressesIsRetriedUncounted() throws {
        let gate = ScriptedGate(progress: true)
        let retry = GatedRetry(base: RetryPolicy(maxAttempts: 1), gate: gate)
        var state = RetryState()
        try retry.beginAttempt(order: 0, state: &state)
        retry.endAttempt(error: throttle, seconds: 0.1, state: &state)
        #expect(gate.acquired == 1 && gate.released == 1 && gate.throttles == 1)
        guard case .again = retry.decide(after: throttle, attempt: 1, retryAfter: nil, state: &state) else {
            Issue.record("a throttle behind a progressing stream does not count")
            return
        }
    }

    @Test func withoutProgressAThrottleBacksOffWithoutSpendingTheQuota() {
        let quota = RetryQuota(capacity: 5)
        let retry = GatedRetry(base: RetryPolicy(maxAttempts: 3, quota: quota), gate: ScriptedGate(progress: false))
        var state = RetryState()
        guard case .retry = retry.decide(after: throttle, attempt: 1, retryAfter: nil, state: &state) else {
            Issue.record("a throttle is retried")
            return
        }
        #expect(quota.available == 5)
        #expect(retry.decide(after: throttle, attempt: 3, retryAfter: nil, state: &state) == .fail(note: nil))
    }

    @Test func aStoppingRunInterrupts() {
        let retry = GatedRetry(base: RetryPolicy(), gate: ScriptedGate(progress: nil))
        var state = RetryState()
        #expect(throws: ServiceError.interrupted) { try retry.beginAttempt(order: 3, state: &state) }
        #expect(retry.decide(after: throttle, attempt: 1, retryAfter: nil, state: &state) == .interrupted)
    }
}
