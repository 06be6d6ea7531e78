#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Runs work on a fixed set of threads and hands the results back strictly in input order.
///
/// The calling thread produces inputs and delivers outputs; `workers` threads transform. At
/// most `window` items exist at once between production and delivery, so memory stays bounded
/// however long the stream, and a slow item holds back delivery but never reorders it.
final class OrderedScheduler<Input, Output>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var queue: [(Int, Input)] = []
    private var done: [Int: Output] = [:]
    private var closing = false
    let workers: Int
    let window: Int

    init(workers: Int, window: Int) {
        self.workers = max(1, workers)
        self.window = max(window, self.workers)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    /// Runs until `produce` returns nil and everything is delivered, or `deliver` returns false
    /// (then nothing more is produced; work already started is finished and dropped).
    /// `work` gets the worker's number (0..<workers), the item's index and the item.
    /// `idle` is called on the calling thread at least every `tick` seconds (for progress).
    func run(produce: () throws -> Input?,
             work: @escaping (Int, Int, Input) -> Output,
             deliver: (Int, Output) throws -> Bool,
             idle: () -> Void = {}, tick: Double = 0.25) throws {
        var threads = [pthread_t]()
        for worker in 0..<workers {
            let job = SchedulerJob { [self] in self.workerLoop(worker, work) }
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job).toOpaque()
            if pthread_create(&thread, nil, schedulerEntry, context) == 0 {
                threads.append(thread)
            } else {
                Unmanaged<SchedulerJob>.fromOpaque(context).release()
            }
        }
        defer {
            lock()
            closing = true
            queue.removeAll()
            pthread_cond_broadcast(&changed)
            unlock()
            for thread in threads { pthread_join(thread, nil) }
        }
        guard !threads.isEmpty else { throw SchedulerError.noThreads }

        var produced = 0, delivered = 0, exhausted = false
        while true {
            // Deliver whatever is next in order, outside the lock.
            lock()
            let ready = done.removeValue(forKey: delivered)
            unlock()
            if let ready {
                if try !deliver(delivered, ready) { return }
                delivered += 1
                continue
            }
            if exhausted && delivered == produced { return }
            if !exhausted && produced - delivered < window {
                guard let input = try produce() else { exhausted = true; continue }
                lock()
                queue.append((produced, input))
                pthread_cond_broadcast(&changed)
                unlock()
                produced += 1
                continue
            }
            // Nothing to do but wait for a worker.
            lock()
            if done[delivered] == nil { timedWait(tick) }
            unlock()
            idle()
        }
    }

    private func workerLoop(_ worker: Int, _ work: (Int, Int, Input) -> Output) {
        while true {
            lock()
            while queue.isEmpty && !closing { pthread_cond_wait(&changed, &mutex) }
            if closing { unlock(); return }
            let (index, input) = queue.removeFirst()
            unlock()
            let output = work(worker, index, input)
            lock()
            if !closing { done[index] = output }
            pthread_cond_broadcast(&changed)
            unlock()
        }
    }

    private func lock() { pthread_mutex_lock(&mutex) }
    private func unlock() { pthread_mutex_unlock(&mutex) }

    private func timedWait(_ seconds: Double) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var deadline = now
        let nanos = now.tv_nsec + Int(seconds * 1e9)
        deadline.tv_sec += nanos / 1_000_000_000
        deadline.tv_nsec = nanos % 1_000_000_000
        pthread_cond_timedwait(&changed, &mutex, &deadline)
    }
}

enum SchedulerError: Error, CustomStringConvertible {
    case noThreads
    var description: String { "cannot start worker threads" }
}

private final class SchedulerJob: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

private func schedulerEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    rf_signals_block_here() // signals go to the thread that reads and writes
    Unmanaged<SchedulerJob>.fromOpaque(context!).takeRetainedValue().body()
    return nil
}
