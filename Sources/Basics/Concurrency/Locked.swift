import Glibc

/// State that lives inside its lock, as swift-nio's `NIOLockedValueBox`: reachable only within
/// `withLock`, so no access can forget the lock. A condition variable lets a thread wait for
/// the state to change (`when`); a change others may wait for is made with `update`, which
/// wakes them. Reads and changes nobody waits for use `withLock` and wake no one.
///
/// The mutex and condition live in allocated storage: pthread objects must never move.
public final class Locked<State> {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State
    /// Threads waiting in `when`: a change wakes them only if there are any.
    private var waiters = 0

    public init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)  // timed waits immune to clock changes
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` on the state, under the lock.
    @discardableResult
    public func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }

    /// Changes the state under the lock, then wakes whoever waits in `when`.
    @discardableResult
    public func update<R>(_ body: (inout State) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer {
            if waiters > 0 { pthread_cond_broadcast(condition) }
            pthread_mutex_unlock(mutex)
        }
        return try body(&state)
    }

    /// Waits until `ready` holds (or `timeout` seconds pass), then runs `body` under the lock,
    /// and wakes the other waiters (`body` usually changes what they wait on). `body` learns
    /// whether `ready` held (false: timed out).
    public func when<R>(_ ready: (State) -> Bool, timeout: Double? = nil, then body: (inout State, Bool) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer {
            if waiters > 0 { pthread_cond_broadcast(condition) }
            pthread_mutex_unlock(mutex)
        }
        let deadline = timeout.map { MonotonicClock.now() + max(0, min($0, 86_400)) }
        while !ready(state) {
            waiters += 1
            defer { waiters -= 1 }
            guard let deadline else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            let left = deadline - MonotonicClock.now()
            if left <= 0 { return try body(&state, false) }
            var until = timespec()
            clock_gettime(CLOCK_MONOTONIC, &until)
            let nanos = until.tv_nsec + Int(left * 1e9)
            until.tv_sec += nanos / 1_000_000_000
            until.tv_nsec = nanos % 1_000_000_000
            pthread_cond_timedwait(condition, mutex, &until)
        }
        return try body(&state, true)
    }
}

/// Safe to share when what it guards is: the lock is the only way in.
extension Locked: @unchecked Sendable where State: Sendable {}
