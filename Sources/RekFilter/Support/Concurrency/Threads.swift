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
    static func spawn(_ body: @escaping () -> Void) -> pthread_t? {
        let job = Job(body)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, threadEntry, context) == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    static func join(_ thread: pthread_t) { pthread_join(thread, nil) }
}

/// A type-erased body for pthread_create, which cannot capture context.
private final class Job: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

private func threadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    rf_signals_block_here()
    Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
    return nil
}

/// A mutex with one condition variable, in allocated storage (never moved, as pthread objects
/// must not be). The state it guards lives in the class that owns it.
final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC) // timed waits immune to clock changes
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// With the lock held: waits for a broadcast.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// With the lock held: waits for a broadcast or `seconds`, whichever comes first.
    func wait(seconds: Double) {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanos = deadline.tv_nsec + Int(max(0, min(seconds, 86_400)) * 1e9)
        deadline.tv_sec += nanos / 1_000_000_000
        deadline.tv_nsec = nanos % 1_000_000_000
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// With the lock held: wakes every waiter.
    func broadcast() { pthread_cond_broadcast(condition) }
}

/// Monotonic seconds, for intervals (never the wall clock, which can jump).
public enum MonotonicClock {
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
