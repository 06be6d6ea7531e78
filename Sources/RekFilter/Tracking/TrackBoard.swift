import Basics

/// Tracks in a stream whose frames are worked on side by side (README, Tracks): the frames that
/// call the detector update one tracker strictly in frame order — each waits for the call before
/// it — and, with `--every N`, each frame between two calls waits for both and is given boxes
/// interpolated between them. The scheduler starts a frame between calls only once the next call
/// has started (`dependency`), so a waiting frame never holds up the one it waits for.
final class TrackBoard: Sendable {
    private struct State: Sendable {
        var tracker: Tracker
        /// The next call frame to update the tracker.
        var nextCall = 0
        /// Each call frame's tracked detections; nil when its call failed.
        var posted: [Int: FrameDetections?] = [:]
        /// Frames the stream held, once it ended.
        var frames: Int?
        var closed = false
    }

    private let state: Locked<State>
    let every: Int
    /// How far back posted calls are kept: the scheduler's window and a call's span.
    let keep: Int

    init(every: Int, buffer: Int, window: Int) {
        self.every = max(1, every)
        self.keep = window + 2 * max(1, every)
        state = Locked(State(tracker: Tracker(buffer: buffer)))
    }

    /// The call frame a frame between calls waits for, to be started first.
    func dependency(_ index: Int) -> Int? {
        index % every == 0 ? nil : (index / every + 1) * every
    }

    /// A call frame's detections (nil: its call failed), tracked once every earlier call frame
    /// has been; what was tracked, or nil if the stream is shutting down.
    func update(_ index: Int, _ found: FrameDetections?) -> FrameDetections? {
        state.when(
            { $0.nextCall >= index || $0.closed },
            then: { state, _ in
                guard !state.closed else { return nil }
                var tracked = found
                if let found {
                    tracked!.detections = state.tracker.update(frame: index, found.detections)
                    tracked!.response = nil  // written anew, with the ids
                }
                state.posted[index] = .some(tracked)
                state.nextCall = index + every
                state.posted = state.posted.filter { $0.key >= index - keep }
                return tracked
            })
    }

    /// A frame between calls: the call before it and the one after, interpolated; the call
    /// before as it was when there is none after (the stream ended) or it failed. Nil when the
    /// call before failed, or the stream is shutting down.
    func between(_ index: Int) -> FrameDetections? {
        let before = index / every * every
        let after = before + every
        return state.when(
            { state in
                state.closed
                    || (state.posted[before] != nil && (state.posted[after] != nil || (state.frames.map { after >= $0 } ?? false)))
            },
            then: { state, _ in
                guard !state.closed, let first = state.posted[before] ?? nil else { return nil }
                guard let second = state.posted[after] ?? nil else { return first }
                var frame = first
                frame.detections = Interpolation.between(
                    first.detections, second.detections, at: Double(index - before) / Double(every))
                frame.response = nil
                return frame
            })
    }

    /// The stream held `frames` frames: a frame after the last call waits for no call after it.
    func ended(frames: Int) {
        state.update { $0.frames = frames }
    }

    /// Wakes every waiter: nothing more will be posted.
    func close() {
        state.update { $0.closed = true }
    }
}
