#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--dry-run`: everything up to the service call — sniff, check, decode, orient, fit —
/// summarised in one line. Needs no model and no credentials.
public struct DryRun: Sendable {
    public var limits: SafetyLimits
    public var fitter: ImageFitter

    public init(limits: SafetyLimits = .default, fitter: ImageFitter = ImageFitter()) {
        self.limits = limits
        self.fitter = fitter
    }

    /// Runs on `bytes` and returns the report line (without the "rekfilter: " prefix).
    public func run(_ bytes: [UInt8]) throws(ImageError) -> String {
        let started = Clock.now
        let source = try SourceImage(bytes: bytes, limits: limits)
        let fitted = try fitter.fit(source)
        // A re-encoding decoded every scan already; original bytes are decoded here, so that a
        // corrupt or truncated file is caught either way, at the least cost.
        if fitted.isOriginal { _ = try source.decode() }
        let h = source.header
        var line = "dry run: \(h.format.name) \(h.width)×\(h.height)"
        if !h.traits.isEmpty { line += " (\(h.traits.joined(separator: ", ")))" }
        line += ", \(bytes.count) bytes, orientation \(h.orientation.summary)"
        if fitted.isOriginal {
            line += " → would send the original bytes"
        } else {
            line += " → would send \(fitted.format.name) \(fitted.width)×\(fitted.height)"
            if let q = fitted.quality { line += " quality \(q)" }
            line += ", \(fitted.bytes.count) bytes (re-encoded: \(fitted.reasons.joined(separator: "; ")))"
        }
        line += "; \(Clock.milliseconds(since: started)) ms"
        return line
    }
}

/// A monotonic clock for timings in messages.
enum Clock {
    static var now: timespec {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t
    }

    static func milliseconds(since start: timespec) -> Int {
        let end = now
        return (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1_000_000
    }
}
