import Glibc

/// Work spread over threads, for what one picture can use several cores on.
package enum Parallel {}

extension Parallel {
    /// Runs `produce(0)` … `produce(count - 1)` on `workers` threads, which take the indexes in
    /// order, and hands each result to `consume` on the calling thread, in index order, as soon
    /// as it and those before it are done: a large PNG's pieces are written while later ones
    /// are still being compressed. If `consume` throws, no new index is taken, the workers are
    /// joined, and the error is rethrown.
    package static func inOrder<T: Sendable>(
        _ count: Int, workers: Int, produce: @escaping @Sendable (Int) -> T, consume: (Int, T) throws -> Void
    ) rethrows {
        let state = Locked(InOrderState<T>())
        let work: @Sendable () -> Void = {
            while true {
                let index: Int? = state.withLock { s in
                    guard !s.stop, s.next < count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let index else { return }
                let value = produce(index)
                state.update { $0.done[index] = value }
            }
        }
        var threads: [pthread_t] = []
        for _ in 0..<max(1, min(workers, count)) {
            if let thread = Threads.spawn(work) { threads.append(thread) }
        }
        if threads.isEmpty { work() }  // no thread to be had: produce everything here first
        defer {
            state.withLock { $0.stop = true }
            threads.forEach(Threads.join)
        }
        for index in 0..<count {
            let value = state.when({ $0.done[index] != nil }, then: { s, _ in s.done.removeValue(forKey: index)! })
            try consume(index, value)
        }
    }
}

/// What `Parallel.inOrder`'s threads share: the next index to take, the results not yet
/// consumed, and whether to stop taking.
private struct InOrderState<T: Sendable>: Sendable {
    package var next = 0
    package var done: [Int: T] = [:]
    package var stop = false
}
