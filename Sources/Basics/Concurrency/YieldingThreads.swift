import Glibc

/// A few threads kept for CPU work that gives way to the threads sending requests: made once,
/// each lowered once (`Threads.yieldToOthers`: a thread cannot raise itself again), taking jobs
/// in the order given. A stream's decodes and drawings run here — the process keeps as many
/// threads at its end as at its start.
package final class YieldingThreads: Sendable {
    private struct State: Sendable {
        var jobs: [@Sendable () -> Void] = []
        var closed = false
    }
    private let state = Locked(State())
    private let threads = Locked<[pthread_t]>([])

    /// `count` threads, `steps` nice levels below the process.
    package init(count: Int, steps: Int32 = 5) {
        let state = self.state
        let loop: @Sendable () -> Void = {
            Threads.yieldToOthers(by: steps)
            while let job = state.when({ !$0.jobs.isEmpty || $0.closed }, then: { s, _ in s.jobs.isEmpty ? nil : s.jobs.removeFirst() }) {
                job()
            }
        }
        let made = (0..<max(1, count)).compactMap { _ in Threads.spawn(loop) }
        threads.withLock { $0 = made }
        // No thread to be had: closed from the start, so that every job runs on its caller.
        if made.isEmpty { state.withLock { $0.closed = true } }
    }

    /// Queues `job`; false when the threads are closed (or none could be made): run it yourself.
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        state.update { s in
            guard !s.closed else { return false }
            s.jobs.append(job)
            return true
        }
    }

    /// Runs what is queued, then ends and joins the threads.
    package func close() {
        state.update { $0.closed = true }
        let joined = threads.withLock { threads in
            defer { threads = [] }
            return threads
        }
        joined.forEach(Threads.join)
    }

    deinit { close() }
}
