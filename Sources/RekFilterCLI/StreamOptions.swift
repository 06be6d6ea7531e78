import ArgumentParser
import RekFilter

/// `--stream` and what goes with it (docs/command-line.md).
struct StreamOptions: ParsableArguments, Sendable {
    @Flag(help: "stdin is a concatenation of PNG/JPEG frames (ffmpeg image2pipe): one result per frame, in order.")
    var stream = false

    @Option(
        name: [.customShort("j"), .customLong("concurrency")], parsing: .unconditional,
        help: ArgumentHelp(
            "Stream mode (and --tile): requests in flight at most, 1–256 (default 4; lowered automatically while throttled).",
            valueName: "n"))
    var concurrency: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Stream mode: call the service on every Nth frame; the frames between reuse its detections.", valueName: "n"))
    var every: Int?

    @Option(
        name: .customLong("on-error"),
        help: ArgumentHelp(
            "Stream mode, a frame that fails after retries: pass (write it undrawn, default), skip, abort.", valueName: "pass|skip|abort"))
    var onError: StreamConfiguration.OnError?

    @Flag(
        help:
            "Stream mode: follow each object from frame to frame: a TrackId in the data, 'label #id' drawn; with --every, boxes between calls interpolated."
    )
    var track = false

    @Option(
        name: .customLong("track-buffer"), parsing: .unconditional,
        help: ArgumentHelp("With --track: frames a track is kept after it was last seen (default 30).", valueName: "n"))
    var trackBuffer: Int?

    @Flag var progressChoice: ProgressChoice?

    /// `--progress` / `--no-progress`, each with its own help.
    enum ProgressChoice: EnumerableFlag {
        case progress, noProgress
        static func help(for value: ProgressChoice) -> ArgumentHelp? {
            value == .progress
                ? "Show the progress line on stderr (default: only when stderr is a terminal)."
                : "Never show the progress line, even on a terminal."
        }
    }

    var progress: Bool? { progressChoice.map { $0 == .progress } }

    static let concurrencyRange = 1...256
    static let everyRange = 1...1_000_000

    func validate() throws {
        if let concurrency, !Self.concurrencyRange.contains(concurrency) {
            throw ValidationError("-j must be from 1 to 256, got \(concurrency)")
        }
        if let every, !Self.everyRange.contains(every) {
            throw ValidationError("--every must be from 1 to \(Self.everyRange.upperBound), got \(every)")
        }
        if track && !stream { throw ValidationError("--track follows objects through the frames of a --stream") }
        if trackBuffer != nil && !track { throw ValidationError("--track-buffer goes with --track") }
        if let trackBuffer, !(0...1_000_000).contains(trackBuffer) {
            throw ValidationError("--track-buffer must be from 0 to 1000000 frames, got \(trackBuffer)")
        }
    }

    var configuration: StreamConfiguration {
        var c = StreamConfiguration()
        c.enabled = stream
        c.concurrency = concurrency ?? 4
        c.every = every ?? 1
        c.onError = onError ?? .pass
        c.progress = progress
        c.track = track
        c.trackBuffer = trackBuffer ?? 30
        return c
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: StreamOptions {
        var options = StreamOptions()
        options.stream = false
        options.concurrency = nil
        options.every = nil
        options.onError = nil
        options.track = false
        options.trackBuffer = nil
        options.progressChoice = nil
        return options
    }
}

extension StreamConfiguration.OnError: ExpressibleByArgument {}
