/// Detections of the frames that call the service, for the `--every N` frames that reuse them.
final class DetectionsBoard: @unchecked Sendable {
    private let monitor = Monitor()
    // State below is guarded by `monitor`.
    private var posted: [Int: FrameDetections?] = [:]
    private var taken: [Int: Int] = [:]
    private var closed = false
    let every: Int

    init(every: Int) {
        self.every = max(1, every)
    }

    /// `nil` when the call failed: the frames that depend on it then fail too, saying why.
    func post(_ index: Int, _ detections: FrameDetections?) {
        guard every > 1 else { return }
        monitor.withLock {
            posted[index] = .some(detections)
            monitor.broadcast()
        }
    }

    /// Waits for frame `base`'s detections (nil if it got none, or the stream is shutting
    /// down); forgets them once all `every - 1` frames took them.
    func take(_ base: Int) -> FrameDetections? {
        monitor.withLock {
            while posted[base] == nil && !closed { monitor.wait() }
            guard let value = posted[base] else { return nil }
            taken[base, default: 0] += 1
            if taken[base] == every - 1 {
                posted[base] = nil
                taken[base] = nil
            }
            return value
        }
    }

    /// Wakes every waiter: nothing more will be posted.
    func close() {
        monitor.withLock {
            closed = true
            monitor.broadcast()
        }
    }
}
