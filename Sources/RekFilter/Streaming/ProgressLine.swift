import Basics

/// The progress line of a stream or a batch: frames (or inputs) done, of how many once that is
/// known, per second, requests in flight, retries, throttles, failures and the time left,
/// redrawn in place at most four times a second.
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

    /// `observer`: a batch's ledger, which names the unit and knows the total once listed.
    func update(frames: Int, failed: Int = 0, limiter: ConcurrencyLimiter, observer: (any FrameObserver)? = nil, force: Bool = false) {
        guard enabled else { return }
        let now = MonotonicClock.now()
        guard force || now - lastDrawn >= 0.25 else { return }
        lastDrawn = now
        let state = limiter.state
        let rate = Double(frames) / max(0.001, now - started)
        let unit = observer?.unit ?? "frames"
        var line = "\(frames)"
        var left: String?
        if let total = observer?.total {
            line += "/\(total)"
            if rate > 0 && total > frames { left = Self.duration(Double(total - frames) / rate) }
        }
        line += " \(unit), \(Int(rate * 10) / 10).\(Int(rate * 10) % 10) \(unit)/s, \(state.inFlight)/\(state.limit) in flight, "
        line += "\(state.retries) retries, \(state.throttles) throttled"
        if failed > 0 { line += ", \(failed) failed" }
        if let left { line += ", \(left) left" }
        diagnostics.progress(line)
        drawn = true
    }

    /// `42 s`, `3 min 20 s`, `2 h 05 min`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        let minutes = (s % 3600) / 60
        return "\(s / 3600) h \(minutes < 10 ? "0" : "")\(minutes) min"
    }

    /// Erases the line so that a message can be printed.
    func clear() {
        guard drawn else { return }
        diagnostics.progress(nil)
        drawn = false
    }

    /// The last state, left on screen.
    func finish(frames: Int, failed: Int = 0, limiter: ConcurrencyLimiter, observer: (any FrameObserver)? = nil) {
        guard enabled else { return }
        update(frames: frames, failed: failed, limiter: limiter, observer: observer, force: true)
        diagnostics.endProgress()
        drawn = false
    }
}
