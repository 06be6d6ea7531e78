import Glibc

/// Runs a closure on its own thread and joins it later: how the full decode for drawing
/// overlaps the service call's network wait.
package final class BackgroundWork<T: Sendable> {
    private let result = Locked<Result<T, any Error>?>(nil)
    private var thread: pthread_t?

    package init(_ work: @escaping @Sendable () throws -> T) {
        let result = self.result
        thread = Threads.spawn {
            let value = Result { try work() }
            result.withLock { $0 = value }
        }
        // No thread to be had: do the work now, on this one.
        if thread == nil { result.withLock { $0 = Result { try work() } } }
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
