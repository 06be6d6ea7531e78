import Glibc

/// Runs a closure on another thread — its own, or one of `YieldingThreads` — and waits for it
/// later: how the full decode for drawing overlaps the service call's network wait.
package final class BackgroundWork<T: Sendable> {
    private let result = Locked<Result<T, any Error>?>(nil)
    private var thread: pthread_t?
    private var queued = false

    /// On a thread of its own.
    package init(_ work: @escaping @Sendable () throws -> T) {
        let result = self.result
        thread = Threads.spawn {
            let value = Result { try work() }
            result.update { $0 = value }
        }
        // No thread to be had: do the work now, on this one.
        if thread == nil { result.withLock { $0 = Result { try work() } } }
    }

    /// On one of `threads` (below the process's priority).
    package init(on threads: YieldingThreads, _ work: @escaping @Sendable () throws -> T) {
        let result = self.result
        queued = threads.submit {
            let value = Result { try work() }
            result.update { $0 = value }
        }
        if !queued { result.withLock { $0 = Result { try work() } } }
    }

    /// Work never asked for (its caller failed first) is still waited for: nothing is left
    /// running behind its owner.
    deinit { wait() }

    private func wait() {
        if let thread {
            Threads.join(thread)
            self.thread = nil
        } else if queued {
            result.when({ $0 != nil }, then: { _, _ in })
            queued = false
        }
    }

    /// Waits for the work and returns its value, or rethrows its error.
    package func value() throws -> T {
        wait()
        return try result.withLock { $0! }.get()
    }
}
