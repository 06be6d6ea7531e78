import Glibc

/// Runs `body(0)` … `body(count - 1)` at once, one thread each (index 0 on the calling thread),
/// and returns their results in order: how one large picture's PNG pieces use every core.
enum Parallel {
    static func map<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        let results = Locked([T?](repeating: nil, count: count))
        var threads: [pthread_t] = []
        for index in 1..<count {
            if let thread = Threads.spawn({
                let value = body(index)
                results.withLock { $0[index] = value }
            }) {
                threads.append(thread)
            } else {
                let value = body(index)  // no thread to be had: this one does it
                results.withLock { $0[index] = value }
            }
        }
        let first = body(0)
        results.withLock { $0[0] = first }
        threads.forEach(Threads.join)
        return results.withLock { $0.map { $0! } }
    }
}

extension Parallel {
    /// Runs `produce(0)` … `produce(count - 1)` on `workers` threads, which take the indexes in
    /// order, and hands each result to `consume` on the calling thread, in index order, as soon
    /// as it and those before it are done: a large PNG's pieces are written while later ones
    /// are still being compressed. If `consume` throws, no new index is taken, the workers are
    /// joined, and the error is rethrown.
    static func inOrder<T: Sendable>(
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
    var next = 0
    var done: [Int: T] = [:]
    var stop = false
}
