import Basics

/// The progress line of a stream: frames, frames per second, requests in flight, retries and
/// throttles, redrawn in place at most four times a second.
final class ProgressLine {
    let enabled: Bool
    let diagnostics: any Diagnostics
    private let started = MonotonicClock.now()
    private var lastDrawn = 0.0
    private var drawn = false

    init(enabled: Bool, quiet: Bool, diagnostics: any Diagnostics) {
        self.enabled = enabled && !quiet
        self.diagnostics = diagnostics
    }

    func update(frames: Int, limiter: ConcurrencyLimiter, force: Bool = false) {
        guard enabled else { return }
        let now = MonotonicClock.now()
        guard force || now - lastDrawn >= 0.25 else { return }
        lastDrawn = now
        let state = limiter.state
        let rate = Double(frames) / max(0.001, now - started)
        diagnostics.progress(
            "\(frames) frames, \(Int(rate * 10) / 10).\(Int(rate * 10) % 10) frames/s, \(state.inFlight)/\(state.limit) in flight, "
                + "\(state.retries) retries, \(state.throttles) throttled")
        drawn = true
    }

    /// Erases the line so that a message can be printed.
    func clear() {
        guard drawn else { return }
        diagnostics.progress(nil)
        drawn = false
    }

    /// The last state, left on screen.
    func finish(frames: Int, limiter: ConcurrencyLimiter) {
        guard enabled else { return }
        update(frames: frames, limiter: limiter, force: true)
        diagnostics.endProgress()
        drawn = false
    }
}
