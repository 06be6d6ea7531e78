import CSystem
import Glibc

/// Threads as rekfilter uses them: plain POSIX threads (libcurl's easy handles block, and
/// start-up time matters), with SIGINT/SIGTERM blocked so that signals reach the main thread.
package enum Threads {
    /// Starts `body` on a new joinable thread; nil when no thread can be had.
    package static func spawn(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(Job(body)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, threadEntry, context) == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    package static func join(_ thread: pthread_t) { pthread_join(thread, nil) }

    /// Starts `body` on a thread nobody joins: it ends with its work, or with the process.
    /// False when no thread can be had.
    package static func detached(_ body: @escaping @Sendable () -> Void) -> Bool {
        guard let thread = spawn(body) else { return false }
        pthread_detach(thread)
        return true
    }

    /// Lowers the calling thread's scheduling priority by `steps` nice levels (Linux schedules
    /// threads, not processes, so the rest of the process keeps its own): CPU work that must not
    /// hold up latency-bound work beside it. A thread cannot raise it again unprivileged: call
    /// it on a thread made for that work.
    package static func yieldToOthers(by steps: Int32) { rf_thread_lower_priority(steps) }
}

/// The body, boxed for pthread_create, which takes a C function and one pointer.
private final class Job: Sendable {
    package let body: @Sendable () -> Void
    package init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

private func threadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    rf_signals_block_here()
    Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
    return nil
}
