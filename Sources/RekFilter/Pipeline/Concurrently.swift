#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Runs a closure on its own thread and joins it later: how the full decode for drawing
/// overlaps the service call's network wait.
final class BackgroundWork<T>: @unchecked Sendable {
    private final class Box: @unchecked Sendable { var result: Result<T, any Error>? }
    private let box = Box()
    private var thread = pthread_t()
    private var started = false

    init(_ work: @escaping () throws -> T) {
        let box = self.box
        let job = ThreadJob { box.result = Result { try work() } }
        let context = Unmanaged.passRetained(job).toOpaque()
        if pthread_create(&thread, nil, threadEntry, context) == 0 {
            started = true
        } else {
            // No thread to be had: do the work now, on this one.
            Unmanaged<ThreadJob>.fromOpaque(context).release()
            job.body()
        }
    }

    /// Waits for the work and returns its value, or rethrows its error.
    func value() throws -> T {
        if started {
            pthread_join(thread, nil)
            started = false
        }
        return try box.result!.get()
    }
}

/// A type-erased body for pthread_create, which cannot capture generic context.
private final class ThreadJob: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

private func threadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    rf_signals_block_here()
    Unmanaged<ThreadJob>.fromOpaque(context!).takeRetainedValue().body()
    return nil
}
