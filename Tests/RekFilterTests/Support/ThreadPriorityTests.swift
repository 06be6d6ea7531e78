import CSystem
import Glibc
import Testing

@testable import Basics

/// A stream's drawing threads give way to its request threads: `yieldToOthers` lowers the
/// calling thread's priority alone, and work started `yielding` runs below the others.
@Suite struct ThreadPriorityTests {
    @Test func yieldingLowersOnlyTheCallingThread() throws {
        let before = rf_thread_priority()
        let seen = BackgroundWork(yielding: true) { rf_thread_priority() }
        #expect(try seen.value() == min(19, before + 5))
        let plain = BackgroundWork { rf_thread_priority() }
        #expect(try plain.value() == before)
        #expect(rf_thread_priority() == before)
    }

    /// Work its caller never asked for is still joined, its result dropped with it.
    @Test func unaskedWorkIsJoined() {
        let done = Locked(false)
        do {
            _ = BackgroundWork {
                usleep(20_000)
                done.withLock { $0 = true }
            }
        }
        #expect(done.withLock { $0 })
    }
}
