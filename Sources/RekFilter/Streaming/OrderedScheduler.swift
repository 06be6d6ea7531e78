import Basics
import Glibc

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
final class OrderedScheduler<Input: Sendable, Output: Sendable>: Sendable {
    private struct State: Sendable {
        var queue: [(Int, Input)] = []
        var done: [Int: Output] = [:]
        var produced = 0
        var delivered = 0
        var exhausted = false
        var produceError: (any Error)?
        var stopping = false
        var closing = false
        var busy = 0
    }

    private let state = Locked(State())
    let workers: Int
    let window: Int
    /// The item an item waits for while it is worked on (`--every N --track`: a frame between
    /// two calls waits for the second): an item is started only once the one it waits for has
    /// been, or will never be, so that waiting workers never hold up what they wait for.
    let dependency: (@Sendable (Int) -> Int?)?

    init(workers: Int, window: Int, dependency: (@Sendable (Int) -> Int?)? = nil) {
        self.workers = max(1, workers)
        self.window = max(window, self.workers)
        self.dependency = dependency
    }

    /// The place in the queue of the first item that may start now.
    private func startable(_ state: State) -> Int? {
        guard let dependency else { return state.queue.isEmpty ? nil : 0 }
        return state.queue.firstIndex { item in
            guard let waitsFor = dependency(item.0) else { return true }
            if waitsFor >= state.produced { return state.exhausted }
            return !state.queue.contains { $0.0 == waitsFor }
        }
    }

    /// No more production; queued items that no worker has started are dropped.
    func stop() {
        state.update {
            $0.stopping = true
            $0.queue.removeAll()
        }
    }

    /// Runs until `produce` returns nil and everything is delivered, `deliver` returns false
    /// (nothing more is produced; work already started is finished and dropped), or `stop()`.
    /// - `produce` runs on a thread of its own and should return nil soon after `isStopping()`.
    /// - `makeWorker` runs on each worker thread (numbered 0..<workers) and makes what that
    ///   thread does to an item given its index: whatever it owns stays on that thread.
    /// - `deliver` and `idle` run on the calling thread; `idle` at least every `tick` seconds.
    /// An error thrown by `produce` is rethrown once everything produced before it is delivered.
    func run(
        produce: @escaping @Sendable (_ isStopping: () -> Bool) throws -> Input?,
        makeWorker: @escaping @Sendable (Int) -> (Int, Input) -> Output,
        deliver: (Int, Output) throws -> Bool,
        idle: () -> Void = {}, tick: Double = 0.25
    ) throws {
        var threads = [pthread_t]()
        for worker in 0..<workers {
            if let thread = Threads.spawn({ [self] in workerLoop(makeWorker(worker)) }) { threads.append(thread) }
        }
        if let reader = Threads.spawn({ [self] in readerLoop(produce) }) { threads.append(reader) }
        defer {
            state.update {
                $0.closing = true
                $0.stopping = true
                $0.queue.removeAll()
            }
            for thread in threads { Threads.join(thread) }
        }
        guard threads.count == workers + 1 else { throw SchedulerError.noThreads }

        while true {
            let next: Next<Output> = state.when(
                { $0.done[$0.delivered] != nil || Self.finished($0) }, timeout: tick,
                then: { state, changed in
                    if let ready = state.done.removeValue(forKey: state.delivered) { return .deliver(state.delivered, ready) }
                    if Self.finished(state) { return .finished(state.produceError) }
                    return .wait
                })
            switch next {
            case .deliver(let index, let output):
                let goOn = try deliver(index, output)
                state.update { $0.delivered += 1 }  // the reader may be waiting for room in the window
                if !goOn { return }
            case .wait:
                idle()
            case .finished(let error):
                if let error { throw error }
                return
            }
        }
    }

    /// Nothing more will be delivered: the input is exhausted and all of it delivered, or the
    /// run is stopping and no worker is busy (what was dropped leaves the gap delivery ends at).
    private static func finished(_ state: State) -> Bool {
        (state.stopping && state.queue.isEmpty && state.busy == 0) || (state.exhausted && state.delivered == state.produced)
    }

    private func readerLoop(_ produce: (_ isStopping: () -> Bool) throws -> Input?) {
        while true {
            let mayProduce = state.when({ $0.stopping || $0.produced - $0.delivered < window }, then: { state, _ in !state.stopping })
            guard mayProduce else { break }
            let input: Input?
            do {
                input = try produce { state.withLock { $0.stopping } }
            } catch {
                state.withLock { $0.produceError = error }
                input = nil
            }
            let keepGoing = state.update { state -> Bool in
                guard let input, !state.stopping else { return false }
                state.queue.append((state.produced, input))
                state.produced += 1
                return true
            }
            if !keepGoing { break }
        }
        state.update { $0.exhausted = true }
    }

    /// Takes items until none is left to take: the run is closing, or the input is exhausted
    /// and queued no more. A worker then ends at once, and what it owns (a connection) is let go
    /// while the last outputs are delivered, not after.
    private func workerLoop(_ work: (Int, Input) -> Output) {
        while true {
            let next: (Int, Input)? = state.when(
                { self.startable($0) != nil || $0.closing || ($0.exhausted && $0.queue.isEmpty) },
                then: { state, _ in
                    if state.closing || state.queue.isEmpty { return nil }
                    state.busy += 1
                    return state.queue.remove(at: self.startable(state)!)
                })
            guard let (index, input) = next else { return }
            let output = work(index, input)
            state.update { state in
                state.busy -= 1
                if !state.closing { state.done[index] = output }
            }
        }
    }
}

/// What the delivering thread does next.
private enum Next<Output> {
    case deliver(Int, Output)
    case wait
    case finished((any Error)?)
}

enum SchedulerError: Error, CustomStringConvertible {
    case noThreads
    var description: String { "cannot start worker threads" }
}
