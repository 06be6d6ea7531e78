/// The progress line of a stream on stderr: frames, frames per second, requests in flight,
/// retries and throttles, redrawn in place at most four times a second.
final class ProgressLine {
    let enabled: Bool
    private let started = MonotonicClock.now()
    private var lastDrawn = 0.0
    private var drawn = false

    init(enabled: Bool, quiet: Bool) {
        self.enabled = enabled && !quiet
    }

    func update(frames: Int, limiter: ConcurrencyLimiter, force: Bool = false) {
        guard enabled else { return }
        let now = MonotonicClock.now()
        guard force || now - lastDrawn >= 0.25 else { return }
        lastDrawn = now
        let state = limiter.state
        let rate = Double(frames) / max(0.001, now - started)
        let text = "\(frames) frames, \(Int(rate * 10) / 10).\(Int(rate * 10) % 10) frames/s, \(state.inFlight)/\(state.limit) in flight, "
            + "\(state.retries) retries, \(state.throttles) throttled"
        StandardError.write("\r\u{1B}[Krekfilter: " + text)
        drawn = true
    }

    /// Erases the line so that a message can be printed.
    func clear() {
        guard drawn else { return }
        StandardError.write("\r\u{1B}[K")
        drawn = false
    }

    func finish(frames: Int, limiter: ConcurrencyLimiter) {
        guard enabled else { return }
        update(frames: frames, limiter: limiter, force: true)
        StandardError.write("\n")
    }
}
