#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Threads as rekfilter uses them: plain POSIX threads (libcurl's easy handles block, and
/// start-up time matters), with SIGINT/SIGTERM blocked so that signals reach the main thread.
enum Threads {
    /// Starts `body` on a new joinable thread; nil when no thread can be had.
    static func spawn(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(Job(body)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, threadEntry, context) == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    static func join(_ thread: pthread_t) { pthread_join(thread, nil) }
}

/// The body, boxed for pthread_create, which takes a C function and one pointer.
private final class Job: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

private func threadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    rf_signals_block_here()
    Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
    return nil
}

/// Runs a closure on its own thread and joins it later: how the full decode for drawing
/// overlaps the service call's network wait.
final class BackgroundWork<T: Sendable> {
    private let result = Locked<Result<T, any Error>?>(nil)
    private var thread: pthread_t?

    init(_ work: @escaping @Sendable () throws -> T) {
        let result = self.result
        thread = Threads.spawn { let value = Result { try work() }; result.withLock { $0 = value } }
        // No thread to be had: do the work now, on this one.
        if thread == nil { result.withLock { $0 = Result { try work() } } }
    }

    /// Waits for the work and returns its value, or rethrows its error.
    func value() throws -> T {
        if let thread {
            Threads.join(thread)
            self.thread = nil
        }
        return try result.withLock { $0! }.get()
    }
}

/// A value that one thread hands to another whole — a frame source to the reader thread, a
/// detector to its worker — and that is never used by two at once. The hand-over is the
/// caller's promise; this says so where it happens.
final class Handed<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
