import Basics

/// The inputs in flight, by frame number, and what became of them: the source records each
/// input as it hands it to the driver, the batch renderer reads its key, and the driver reports
/// its end — when it is forgotten, so that memory follows what is in flight, not the run.
public final class BatchLedger: FrameObserver, Sendable {
    public struct Failure: Sendable {
        public var input: BatchInput
        public var error: String
        public var exitStatus: Int32
    }

    /// What the source saw, for the summary.
    public struct Counts: Sendable, Equatable {
        /// Inputs of this shard.
        public var inputs = 0
        /// Skipped: every result already present.
        public var present = 0
        /// Files of a walked folder or S3 prefix that are no PNG or JPEG.
        public var notImages = 0
        /// Read back from `--detections DIR` for the collected documents.
        public var replayed = 0
        /// Listed inputs with no saved result to replay (the folder's other files, or failures).
        public var unsaved = 0
        /// 1 once every source is listed: the total is then known.
        public var listed = 0
    }

    private struct State {
        var listingFailure: (any Error)?
        var lineFailures: [BatchError] = []
        var lineFailureCount = 0
        var counts = Counts()
        var inFlight: [Int: BatchInput] = [:]
        var done = 0
        var failures: [Failure] = []
        var firstFailure: (any Error)?
    }

    private let state = Locked(State())
    /// The exit status an error maps to (the executable's table), for failures.jsonl.
    let exitStatus: @Sendable (any Error) -> Int32

    public init(exitStatus: @escaping @Sendable (any Error) -> Int32) {
        self.exitStatus = exitStatus
    }

    func record(_ index: Int, _ input: BatchInput) {
        state.withLock { $0.inFlight[index] = input }
    }

    public func input(_ index: Int) -> BatchInput? {
        state.withLock { $0.inFlight[index] }
    }

    public func name(ofFrame index: Int) -> String? { input(index)?.key }

    public func finished(frame index: Int, error: (any Error)?) {
        let code = error.map(exitStatus) ?? 0
        state.withLock { state in
            guard let input = state.inFlight.removeValue(forKey: index) else { return }
            if let error {
                state.failures.append(Failure(input: input, error: "\(error)", exitStatus: code))
                if state.firstFailure == nil { state.firstFailure = error }
            } else {
                state.done += 1
            }
        }
    }

    /// A line of a list or manifest that names no input: said, and the run's status if it has no other.
    func lineFailed(_ error: BatchError) {
        state.withLock { state in
            if state.lineFailures.count < 1000 { state.lineFailures.append(error) }
            state.lineFailureCount += 1
        }
    }

    public var lineFailures: (first: [BatchError], count: Int) { state.withLock { ($0.lineFailures, $0.lineFailureCount) } }

    func listingFailed(_ error: any Error) {
        state.withLock { $0.listingFailure = $0.listingFailure ?? error }
    }

    /// Why the sources could not be listed to their end, if they could not.
    public var listingFailure: (any Error)? { state.withLock { $0.listingFailure } }

    func count(_ counter: WritableKeyPath<Counts, Int>, by step: Int = 1) {
        state.withLock { $0.counts[keyPath: counter] += step }
    }

    public var counts: Counts { state.withLock { $0.counts } }

    public var unit: String { "inputs" }

    /// The inputs to do (less those present), once every source is listed.
    public var total: Int? {
        state.withLock { $0.counts.listed > 0 ? $0.counts.inputs - $0.counts.present - $0.counts.replayed : nil }
    }
    public var done: Int { state.withLock { $0.done } }
    public var failures: [Failure] { state.withLock { $0.failures } }
}
