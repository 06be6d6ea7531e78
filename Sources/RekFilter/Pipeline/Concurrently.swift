#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure on its own thread and joins it later: how the full decode for drawing
/// overlaps the service call's network wait.
final class BackgroundWork<T>: @unchecked Sendable {
    private final class Box: @unchecked Sendable { var result: Result<T, any Error>? }
    private let box = Box()
    private var thread: pthread_t?

    init(_ work: @escaping () throws -> T) {
        let box = self.box
        thread = Threads.spawn { box.result = Result { try work() } }
        // No thread to be had: do the work now, on this one.
        if thread == nil { box.result = Result { try work() } }
    }

    /// Waits for the work and returns its value, or rethrows its error.
    func value() throws -> T {
        if let thread {
            Threads.join(thread)
            self.thread = nil
        }
        return try box.result!.get()
    }
}
