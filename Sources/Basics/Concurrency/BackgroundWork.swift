import Glibc

/// Runs a closure on its own thread and joins it later: how the full decode for drawing
/// overlaps the service call's network wait.
package final class BackgroundWork<T: Sendable> {
    private let result = Locked<Result<T, any Error>?>(nil)
    private var thread: pthread_t?

    /// `yielding`: the thread runs a little below the process's priority (5 nice levels:
    /// `Threads.yieldToOthers`), so that CPU work gives way to threads preparing requests
    /// without being starved by other processes.
    package init(yielding: Bool = false, _ work: @escaping @Sendable () throws -> T) {
        let result = self.result
        thread = Threads.spawn {
            if yielding { Threads.yieldToOthers(by: 5) }
            let value = Result { try work() }
            result.withLock { $0 = value }
        }
        // No thread to be had: do the work now, on this one.
        if thread == nil { result.withLock { $0 = Result { try work() } } }
    }

    /// Work never asked for (its caller failed first) is still waited for: no thread is left
    /// unjoined.
    deinit {
        if let thread { Threads.join(thread) }
    }

    /// Waits for the work and returns its value, or rethrows its error.
    package func value() throws -> T {
        if let thread {
            Threads.join(thread)
            self.thread = nil
        }
        return try result.withLock { $0! }.get()
    }
}
