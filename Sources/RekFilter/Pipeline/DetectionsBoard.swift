import Basics

/// Detections of the frames that call the service, for the `--every N` frames that reuse them.
final class DetectionsBoard: Sendable {
    private struct State {
        var posted: [Int: FrameDetections?] = [:]
        var taken: [Int: Int] = [:]
        var closed = false
    }

    private let state = Locked(State())
    let every: Int

    init(every: Int) {
        self.every = max(1, every)
    }

    /// `nil` when the call failed: the frames that depend on it then fail too, saying why.
    func post(_ index: Int, _ detections: FrameDetections?) {
        guard every > 1 else { return }
        state.update { $0.posted[index] = .some(detections) }
    }

    /// Waits for frame `base`'s detections (nil if it got none, or the stream is shutting
    /// down); forgets them once all `every - 1` frames took them.
    func take(_ base: Int) -> FrameDetections? {
        state.when(
            { $0.posted[base] != nil || $0.closed },
            then: { state, _ in
                guard let value = state.posted[base] else { return nil }
                state.taken[base, default: 0] += 1
                if state.taken[base] == every - 1 {
                    state.posted[base] = nil
                    state.taken[base] = nil
                }
                return value
            })
    }

    /// Wakes every waiter: nothing more will be posted.
    func close() {
        state.update { $0.closed = true }
    }
}
