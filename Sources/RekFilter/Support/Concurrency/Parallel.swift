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
