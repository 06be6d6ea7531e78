#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a fixed set of threads and hands the results back strictly in input order.
///
/// A reader thread produces inputs, `workers` threads transform them, and the calling thread
/// delivers outputs — as soon as each is ready and every earlier one is delivered, never
/// waiting on the input for more (a live feed's frame is written when its last byte is in,
/// not when the next one arrives). At most `window` items exist at once between production and
/// delivery, so memory stays bounded however long the stream, and a slow item holds back
/// delivery but never reorders it.
///
/// `stop()` (a signal) ends production and drops the items no worker has started; those in
/// progress finish and are delivered, in order, up to the first item that was dropped.
final class OrderedScheduler<Input, Output>: @unchecked Sendable {
    private let monitor = Monitor()
    // State below is guarded by `monitor`.
    private var queue: [(Int, Input)] = []
    private var done: [Int: Output] = [:]
    private var produced = 0
    private var delivered = 0
    private var exhausted = false
    private var produceError: (any Error)?
    private var stopping = false
    private var closing = false
    private var busy = 0

    let workers: Int
    let window: Int

    init(workers: Int, window: Int) {
        self.workers = max(1, workers)
        self.window = max(window, self.workers)
    }

    /// No more production; queued items that no worker has started are dropped.
    func stop() {
        monitor.withLock {
            stopping = true
            queue.removeAll()
            monitor.broadcast()
        }
    }

    /// Runs until `produce` returns nil and everything is delivered, `deliver` returns false
    /// (nothing more is produced; work already started is finished and dropped), or `stop()`.
    /// `produce` runs on a thread of its own and should return nil soon after `isStopping()`.
    /// `work` gets the worker's number (0..<workers), the item's index and the item.
    /// `idle` is called on the calling thread at least every `tick` seconds (progress, signals).
    /// An error thrown by `produce` is rethrown once everything produced before it is delivered.
    func run(produce: @escaping (_ isStopping: () -> Bool) throws -> Input?,
             work: @escaping (Int, Int, Input) -> Output,
             deliver: (Int, Output) throws -> Bool,
             idle: () -> Void = {}, tick: Double = 0.25) throws {
        var threads = [pthread_t]()
        for worker in 0..<workers {
            if let thread = Threads.spawn({ [self] in workerLoop(worker, work) }) { threads.append(thread) }
        }
        if let reader = Threads.spawn({ [self] in readerLoop(produce) }) { threads.append(reader) }
        defer {
            monitor.withLock {
                closing = true
                stopping = true
                queue.removeAll()
                monitor.broadcast()
            }
            for thread in threads { Threads.join(thread) }
        }
        guard threads.count == workers + 1 else { throw SchedulerError.noThreads }

        while true {
            let next: Next<Output> = monitor.withLock {
                if let ready = done.removeValue(forKey: delivered) { return .deliver(delivered, ready) }
                if stopping && queue.isEmpty && busy == 0 { return .finished } // what was dropped leaves a gap
                if exhausted && delivered == produced { return .finished }
                monitor.wait(seconds: tick)
                return .wait
            }
            switch next {
            case .deliver(let index, let output):
                let goOn = try deliver(index, output)
                monitor.withLock {
                    delivered += 1
                    monitor.broadcast() // the reader may be waiting for room in the window
                }
                if !goOn { return }
            case .wait:
                idle()
            case .finished:
                if let error = monitor.withLock({ produceError }) { throw error }
                return
            }
        }
    }

    private func readerLoop(_ produce: (_ isStopping: () -> Bool) throws -> Input?) {
        let isStopping = { [self] in monitor.withLock { stopping } }
        while true {
            let mayProduce: Bool = monitor.withLock {
                while !stopping && produced - delivered >= window { monitor.wait() }
                return !stopping
            }
            guard mayProduce else { break }
            let input: Input?
            do {
                input = try produce(isStopping)
            } catch {
                monitor.withLock { produceError = error }
                input = nil
            }
            let keepGoing: Bool = monitor.withLock {
                defer { monitor.broadcast() }
                guard let input, !stopping else { exhausted = true; return false }
                queue.append((produced, input))
                produced += 1
                return true
            }
            if !keepGoing { break }
        }
        monitor.withLock {
            exhausted = true
            monitor.broadcast()
        }
    }

    private func workerLoop(_ worker: Int, _ work: (Int, Int, Input) -> Output) {
        while true {
            let next: (Int, Input)? = monitor.withLock {
                while queue.isEmpty && !closing { monitor.wait() }
                if closing { return nil }
                busy += 1
                return queue.removeFirst()
            }
            guard let (index, input) = next else { return }
            let output = work(worker, index, input)
            monitor.withLock {
                busy -= 1
                if !closing { done[index] = output }
                monitor.broadcast()
            }
        }
    }
}

/// What the delivering thread does next.
private enum Next<Output> { case deliver(Int, Output), wait, finished }

enum SchedulerError: Error, CustomStringConvertible {
    case noThreads
    var description: String { "cannot start worker threads" }
}
