import CSystem
import Glibc
import Testing

@testable import Basics

/// A stream's decodes and drawings give way to its request threads: they run on
/// `YieldingThreads`, lowered once when made, while the rest of the process keeps its priority.
@Suite struct ThreadPriorityTests {
    @Test func helperThreadsRunBelowTheProcess() throws {
        let before = rf_thread_priority()
        let helpers = YieldingThreads(count: 2)
        defer { helpers.close() }
        let seen = (0..<6).map { _ in BackgroundWork(on: helpers) { rf_thread_priority() } }
        #expect(try seen.map { try $0.value() } == Array(repeating: min(19, before + 5), count: 6))
        #expect(try BackgroundWork { rf_thread_priority() }.value() == before)
        #expect(rf_thread_priority() == before)
    }

    /// Work its caller never asked for is still waited for, on a thread of its own or a helper;
    /// after `close`, work runs on the caller's thread.
    @Test func unaskedWorkIsWaitedFor() throws {
        let helpers = YieldingThreads(count: 1)
        for pooled in [false, true] {
            let done = Locked(false)
            do {
                let work: @Sendable () -> Void = {
                    usleep(20_000)
                    done.withLock { $0 = true }
                }
                _ = pooled ? BackgroundWork(on: helpers, work) : BackgroundWork(work)
            }
            #expect(done.withLock { $0 }, pooled ? "on a helper" : "on its own thread")
        }
        helpers.close()
        let caller = rf_thread_priority()
        #expect(try BackgroundWork(on: helpers) { rf_thread_priority() }.value() == caller)
    }
}
