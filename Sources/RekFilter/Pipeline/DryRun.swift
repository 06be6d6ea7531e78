import Basics
import Glibc

/// `--dry-run`: everything up to the service call — sniff, check, decode, orient, fit —
/// summarised in one line. Needs no model and no credentials.
public struct DryRun: Sendable {
    public var limits: SafetyLimits
    /// Fits to the chosen detector's limits (a plugin's declared ones, say); nil when nothing
    /// would be sent (`--detections`).
    public var fitter: ImageFitter?

    /// `--tile`: the tiles are cut and fitted as they would be sent, and listed.
    public var tiles: TileConfiguration?

    public init(limits: SafetyLimits = .default, fitter: ImageFitter? = ImageFitter()) {
        self.limits = limits
        self.fitter = fitter
    }

    /// Runs on `bytes` and returns the report line (without the "rekfilter: " prefix).
    public func run(_ bytes: [UInt8]) throws(ImageError) -> String {
        try report(bytes, listingTiles: false)[0]
    }

    /// The report line, then with `--tile` a line per tile: where it is, and what would be sent.
    public func report(_ bytes: [UInt8], listingTiles: Bool = true) throws(ImageError) -> [String] {
        let started = MonotonicClock.now()
        let source = try SourceImage(bytes: bytes, limits: limits)
        guard let fitter else {
            _ = try source.decode()
            let h = source.header
            return [
                "dry run: \(h.format.name) \(h.width)×\(h.height), \(bytes.count) bytes, orientation \(h.orientation.summary)"
                    + " → nothing would be sent (the detections are replayed); \(Int((MonotonicClock.now() - started) * 1000)) ms"
            ]
        }
        if let tiles {
            let grid = TileGrid(width: source.header.uprightWidth, height: source.header.uprightHeight, tile: tiles)
            if grid.isTiled { return try tiled(source, grid: grid, tiles: tiles, fitter: fitter, started: started, listing: listingTiles) }
        }
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
        line += "; \(Int((MonotonicClock.now() - started) * 1000)) ms"
        return [line]
    }

    /// A tiled picture: decoded once, each tile cut and fitted as it would be sent.
    func tiled(
        _ source: SourceImage, grid: TileGrid, tiles: TileConfiguration, fitter: ImageFitter, started: Double, listing: Bool
    ) throws(ImageError) -> [String] {
        let upright = try source.upright()
        var lines: [String] = []
        var total = 0
        for (number, tile) in grid.tiles.enumerated() {
            let fitted = try fitter.fit(tile: upright.cropped(x: tile.x, y: tile.y, width: tile.width, height: tile.height))
            total += fitted.bytes.count
            lines.append(
                "tile \(number + 1) of \(grid.tiles.count): x \(tile.x), y \(tile.y), \(tile.width)×\(tile.height) → would send "
                    + "\(fitted.format.name) \(fitted.width)×\(fitted.height)\(fitted.quality.map { " quality \($0)" } ?? ""), \(fitted.bytes.count) bytes"
            )
        }
        let h = source.header
        let head =
            "dry run: \(h.format.name) \(h.width)×\(h.height), \(source.bytes.count) bytes, orientation \(h.orientation.summary)"
            + " → would send \(grid.tiles.count) tiles of \(tiles.width)×\(tiles.height) (overlap \(Numbers.exact(tiles.overlap))), "
            + "\(total) bytes in all; \(Int((MonotonicClock.now() - started) * 1000)) ms"
        return [head] + (listing ? lines : [])
    }

    /// What `--dry-run --stream` found.
    public struct StreamReport {
        public var frames = 0
        public var failed = 0
        public var firstFailure: (any Error)?
    }

    /// `--dry-run --stream`: every frame checked and prepared as it would be sent; a line per
    /// frame that fails (and per frame with `verbose`), then a summary line, through `say`.
    public func runStream(fd: Int32, verbose: Bool = false, say: (String) -> Void) throws -> StreamReport {
        var splitter = FrameSplitter(fd: fd, maxFrameBytes: limits.maxInputBytes)
        var report = StreamReport()
        var reencoded = 0
        while let item = try splitter.next() {
            defer { report.frames += 1 }
            do {
                switch item {
                case .frame(let bytes):
                    let line = try run(bytes)
                    if line.contains("re-encoded") { reencoded += 1 }
                    if verbose { say("frame \(report.frames): \(line)") }
                case .truncated(let format, let count):
                    throw FrameError.truncated(format, bytes: count)
                case .corrupt(let format, let detail):
                    throw FrameError.corrupt(format, detail)
                }
            } catch {
                report.failed += 1
                if report.firstFailure == nil { report.firstFailure = error }
                say("frame \(report.frames): \(error)")
            }
        }
        if report.frames == 0 {
            if splitter.bytesRead == 0 { throw ImageError.empty }
            throw NoFrames(bytes: splitter.bytesRead)
        }
        var summary = "dry run: \(report.frames) frames, \(report.failed) refused, \(reencoded) would be re-encoded"
        if splitter.skippedBytes > 0 { summary += ", \(splitter.skippedBytes) bytes between frames skipped" }
        say(summary)
        return report
    }
}
