import AWSCore
import Basics
import Glibc

/// The one driver, for a single image and a stream alike: a frame source → per-frame work on
/// worker threads (check, fit, detect, decode, draw, encode) → an ordered writer. The modes
/// differ in the source, the number of workers and what a failed frame does — not in code paths.
///
/// In a stream there are a few more workers than requests allowed in flight (`-j`), so that a
/// slot freed by an answer is taken at once by a worker waiting with its next frame while the
/// first decodes and encodes: the CPU work hides behind the latency. An adaptive limiter keeps
/// the requests in flight at what the model can take, and the workers share one connection
/// pool. A single image has one worker, decodes beside its call, and is encoded straight into
/// the output.
public final class Driver: Sendable {
    public let options: Configuration
    let diagnostics: any Diagnostics
    /// The environment: the service's, and (with the run's model as REKFILTER_MODEL) plugins'.
    let variables: [String: String]
    /// The service side (endpoint, credentials, retries), unless detections come from a file.
    let session: ServiceSession?

    /// Resolves the service side first: a missing model, region or profile is said before any
    /// input is read.
    public init(options: Configuration, variables: [String: String], diagnostics: any Diagnostics) throws {
        self.options = options
        self.diagnostics = diagnostics
        var variables = variables
        // A plugin learns the run's model from its environment (as `model_version` and the like).
        if let model = options.service.model { variables["REKFILTER_MODEL"] = model }
        self.variables = variables
        if let tiles = options.tiles, options.detectionsFile == nil {
            let limits = options.service.detectorPlugin?.limits ?? BuiltInDetectors.limits(options.service.detector)
            try Self.check(tiles, limits: limits, detector: options.service.detector)
        }
        if options.detectionsFile != nil || options.service.detectorPlugin != nil {
            session = nil
        } else {
            guard options.service.model != nil || options.service.detector != DetectCustomLabels.detectorName else {
                throw UsageError(
                    options.stream.enabled
                        ? "no model: give --model ARN (or set REKFILTER_MODEL), or --detections FILE"
                        : "no model: give --model ARN (or set REKFILTER_MODEL), or --dry-run to check the image only")
            }
            session = try ServiceSession(
                service: options.service, variables: variables, diagnostics: diagnostics, verbose: options.verbose, quiet: options.quiet)
        }
    }

    /// A tile the detector cannot take is a usage error, said before anything is read.
    static func check(_ tiles: TileConfiguration, limits: ServiceLimits, detector: String) throws {
        let (long, short) = (max(tiles.width, tiles.height), min(tiles.width, tiles.height))
        if long > limits.maxSide {
            throw UsageError("--tile \(tiles.width)x\(tiles.height): \(detector) takes at most \(limits.maxSide) px a side")
        }
        if short < limits.minSide {
            throw UsageError("--tile \(tiles.width)x\(tiles.height): \(detector) needs at least \(limits.minSide) px a side")
        }
        if long > limits.maxAspectRatio * short {
            throw UsageError("--tile \(tiles.width)x\(tiles.height): \(detector) takes sides at most \(limits.maxAspectRatio):1")
        }
    }

    /// `--s3` with nothing on stdin: the picture itself, fetched with the run's credentials.
    public func fetchS3Object() throws -> [UInt8] {
        guard let s3 = options.service.s3, let session else { return [] }
        return try session.makeS3Client().getObject(s3, maxBytes: options.limits.maxInputBytes)
    }

    /// What a finished run reports; `firstFailure` decides the exit status (README, Exit status).
    public struct Summary {
        public var frames = 0
        public var failed = 0
        public var firstFailure: (any Error)?
        /// Detections kept, over every frame (for `-e`).
        public var labelsKept = 0
        /// The signal that stopped the stream early, if one did.
        public var interruptedBy: Int32 = 0
        /// A stream's requests retried, and those refused for throttling.
        public var retries = 0
        public var throttles = 0
        /// A stream's requests sent, retries included.
        public var calls = 0
    }

    enum Outcome: Sendable {
        case done(FrameResult, RenderedFrame)
        /// Failed; with what to write under --on-error pass, if the frame could be decoded.
        case failed(any Error, passThrough: (FrameResult, RenderedFrame)?)
    }

    /// Runs to the end of `source` (or a signal, or `--on-error abort`), writing to `sink`. A
    /// single image's failure is thrown; a stream's are reported per frame and summarised.
    /// `interruption`: the signal that asked the run to stop, 0 while none has (the executable
    /// owns the signals; the driver only asks).
    /// `observer`: told of each frame's end (a batch's ledger).
    public func run(
        source: any FrameSource, sink: OutputSink, interruption: @escaping @Sendable () -> Int32 = { 0 },
        observer: (any FrameObserver)? = nil
    ) throws -> Summary {
        let stream = options.stream.enabled
        // A stream's frames are allocated and freed one size after another: their memory is
        // kept for the next rather than mapped afresh (5% of a 720p stream's CPU).
        if stream { Memory.keepFreedBlocks(upTo: 32 << 20) }
        // The source is the reader thread's while the run goes on, and this thread's after.
        let reader = Handed(source)
        // A picture's tiles go side by side, -j at a time, through the same limiter as frames.
        let tiling = options.tiles != nil && options.detectionsFile == nil
        let slots = stream || tiling ? max(1, options.stream.concurrency) : 1
        // A worker per request slot and a few more, so that CPU work hides behind the latency;
        // a detector plugin's processes, one per worker, are held to -j.
        let spare = options.service.detectorPlugin == nil ? 2 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) : 0
        let workers = stream ? slots + spare : 1
        let limiter = ConcurrencyLimiter(maximum: slots)
        let board = DetectionsBoard(every: options.stream.every)
        let asked: @Sendable () -> Bool = { interruption() != 0 }
        let (factory, pool) = try detectorFactory(gate: stream || tiling ? limiter : nil, interrupted: asked)
        let tiler = options.tiles.flatMap { tiles in
            tiling
                ? TiledDetection(
                    tiles: tiles, detectors: DetectorPool(factory: factory), parallelism: max(1, options.stream.concurrency),
                    endsWithPicture: !stream)
                : nil
        }
        var formatOptions = options.output.formatOptions
        // One picture may spread its encode over every core; a stream's frames are already
        // encoded side by side, one core each, and must not oversubscribe them.
        formatOptions.png.parallelism = stream ? 1 : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let services = FormatServices(diagnostics: diagnostics, quiet: options.quiet, interrupted: asked, variables: variables)
        let format = options.output.format.make(formatOptions, services)
        var writer = format.writer
        let renderer = format.renderer

        let started = MonotonicClock.now()
        let progress = ProgressLine(
            enabled: stream && (options.stream.progress ?? diagnostics.isTerminal), quiet: options.quiet, diagnostics: diagnostics)
        var summary = Summary()
        let window = 2 * workers + options.stream.every
        let tracks =
            stream && options.stream.track
            ? TrackBoard(every: options.stream.every, buffer: options.stream.trackBuffer, window: window) : nil
        let scheduler = OrderedScheduler<FrameInput, Outcome>(workers: workers, window: window, dependency: tracks?.dependency)
        var begun = false
        // Nothing is written before the first frame: a run that fails before it writes nothing.
        func write(_ frame: FrameResult, _ rendered: RenderedFrame) throws {
            if !begun { try writer.begin(stream: stream, to: sink) }
            begun = true
            try writer.append(frame, rendered: rendered, stream: stream, to: sink)
        }
        // SIGINT/SIGTERM: no request starts after it; those in flight finish and are written.
        func stopIfAsked() {
            guard stream, summary.interruptedBy == 0 else { return }
            let signal = interruption()
            guard signal != 0 else { return }
            summary.interruptedBy = signal
            limiter.cancel()
            // The boards stay open: every frame a worker has started waits only for frames
            // started before it (or, between two --track calls, for the later call, started
            // first), which all finish and post — closing them would fail those frames instead.
            scheduler.stop()
        }
        defer {
            board.close()
            tracks?.close()
        }
        let produced = Locked(0)
        try scheduler.run(
            produce: { isStopping in
                // Once the input ends, a frame after the last call waits for no call after it.
                do {
                    let next = try reader.value.next(shouldStop: isStopping)
                    let count = produced.update { count in
                        if next != nil { count += 1 }
                        return count
                    }
                    if next == nil { tracks?.ended(frames: count) }
                    return next
                } catch {
                    tracks?.ended(frames: produced.withLock { $0 })
                    throw error
                }
            },
            makeWorker: { [self] _ in
                // Each worker's detector (and its connection) is made, used and freed on that worker;
                // in a stream, its helper thread too (the decodes and drawings, below its priority).
                let detector = Result { try factory.make() }
                let helper = stream && options.output.format.needsPixels ? YieldingThreads(count: 1) : nil
                return { index, input in
                    switch detector {
                    case .success(let detector):
                        return self.process(
                            input, index: index, detector: detector, tiler: tiler, board: board, tracks: tracks, renderer: renderer,
                            helper: helper)
                    case .failure(let error): return .failed(error, passThrough: nil)
                    }
                }
            },
            deliver: { index, outcome in
                stopIfAsked()
                summary.frames += 1
                switch outcome {
                case .done(let result, let rendered):
                    summary.labelsKept += result.detections.count
                    try write(result, rendered)
                    observer?.finished(frame: index, error: nil)
                case .failed(let error, let passThrough):
                    guard stream else { throw error }
                    let named = observer?.name(ofFrame: index)?.escapingControlCharacters
                    observer?.finished(frame: index, error: error)
                    summary.failed += 1
                    if summary.firstFailure == nil { summary.firstFailure = error }
                    progress.clear()
                    let format = options.output.format
                    if !options.quiet || options.stream.onError == .abort {
                        if let named {
                            diagnostics.error(
                                "\(named): \(error)\(options.stream.onError == .abort ? " (stopping: --on-error abort)" : "")")
                        } else {
                            let consequence = Self.consequence(options.stream.onError, passThrough != nil, format: format)
                            diagnostics.error("frame \(index): \(error)\(consequence)")
                        }
                    }
                    switch options.stream.onError {
                    case .abort: return false
                    case .skip: break
                    case .pass:
                        if format.keepsFailedFrames, let (result, rendered) = passThrough { try write(result, rendered) }
                    }
                }
                if sink.readerGone { return false }
                progress.update(frames: summary.frames, failed: summary.failed, limiter: limiter, observer: observer)
                return true
            },
            idle: {
                stopIfAsked()
                progress.update(frames: summary.frames, failed: summary.failed, limiter: limiter, observer: observer)
            }
        )
        // The workers have ended, and their detectors with them (the tiles' too): what those saw only then.
        tiler?.detectors.close()
        if let late = factory.lateFailures.error, summary.interruptedBy == 0 {
            guard stream else { throw late }
            diagnostics.error("\(late)")
            if summary.firstFailure == nil { summary.firstFailure = late }
        }
        let source = reader.value
        if summary.interruptedBy != 0 {
            progress.clear()
            diagnostics.info("interrupted: stopped after \(summary.frames) frames (every frame written is whole)")
        } else if summary.frames == 0 && !sink.readerGone && !source.mayBeEmpty {
            if source.bytesRead == 0 { throw ImageError.empty }
            throw NoFrames(bytes: source.bytesRead)
        }
        if !begun { try writer.begin(stream: stream, to: sink) }
        do {
            try writer.end(stream: stream, to: sink)
        } catch  where summary.interruptedBy != 0 {
            // Stopping on a signal: a plugin stopped too is said, the exit stays the signal's,
            // and its unfinished output is not put in place of -o's file.
            diagnostics.error("\(error)")
            return summary
        }
        if stream {
            progress.finish(frames: summary.frames, failed: summary.failed, limiter: limiter, observer: observer)
            let state = limiter.state
            (summary.retries, summary.throttles, summary.calls) = (state.retries, state.throttles, state.attempts)
            let seconds = MonotonicClock.now() - started
            diagnostics.verbose(
                "stream: \(summary.frames) frames in \(Int(seconds * 1000)) ms, \(summary.failed) failed, "
                    + "\(pool?.connectionsOpened ?? 0) connections opened, \(state.retries) retries, \(state.throttles) throttled")
            if source.skippedBytes > 0 && !options.quiet {
                diagnostics.warning("skipped \(source.skippedBytes) bytes between frames that began no PNG or JPEG frame")
            }
        }
        try sink.finish()
        return summary
    }

    /// What picture `index` is called in the data-set formats.
    func name(_ index: Int, _ format: ImageFormat) -> String {
        options.output.formatOptions.naming.name(frame: index, stream: options.stream.enabled, format: format)
    }

    static func consequence(_ policy: StreamConfiguration.OnError, _ passed: Bool, format: FormatDescriptor) -> String {
        switch policy {
        case .abort: return " (stopping: --on-error abort)"
        case .skip: return " (frame left out)"
        case .pass:
            guard passed else { return " (frame left out: nothing to write)" }
            guard format.keepsFailedFrames else { return " (left out of the \(format.name) output)" }
            if format.plugin != nil { return " (handed to the \(format.name) plugin with its error)" }
            return format.needsPixels ? " (written undrawn)" : " (written with its error)"
        }
    }

    /// The run's detectors: a replay of `--detections`, or the service's, sharing one session,
    /// one connection pool (in a stream, whose count of connections `-v` reports) and the gate.
    func detectorFactory(gate: (any RequestGate)?, interrupted: @escaping @Sendable () -> Bool) throws -> (DetectorFactory, ConnectionPool?)
    {
        if let plugin = options.service.detectorPlugin {
            let pairs = options.service.pluginOptions.map(\.pair)
            return (
                PluginDetector.factory(
                    // Tiles are several pictures for one process, as a stream's frames are.
                    plugin, pairs: pairs, variables: variables, stream: options.stream.enabled || options.tiles != nil,
                    attempts: options.service.maxAttempts ?? 3, timeout: options.service.timeout,
                    interrupted: interrupted), nil
            )
        }
        guard let session, options.detectionsFile == nil,
            let (call, encode) = BuiltInDetectors.call(options.service.detector, service: options.service)
        else {
            return (try ReplayDetector.factory(path: options.detectionsFile ?? "", stream: options.stream.enabled), nil)
        }
        let pool = options.stream.enabled || options.tiles != nil ? ConnectionPool() : nil
        let name = options.service.detector
        let log = session.log
        let factory = DetectorFactory(name: name, limits: BuiltInDetectors.limits(name)) {
            RekognitionDetector(
                name: name, limits: BuiltInDetectors.limits(name), client: try session.makeClient(sharing: pool, gate: gate),
                encode: encode,
                log: log, call: call)
        }
        return (factory, pool)
    }

    /// One frame's whole work, on a worker thread. `helper`: where a stream's decode and
    /// drawing run, below the workers' priority.
    func process(
        _ input: FrameInput, index: Int, detector: any Detector, tiler: TiledDetection?, board: DetectionsBoard,
        tracks: TrackBoard?, renderer: any FrameRenderer, helper: YieldingThreads?
    ) -> Outcome {
        // `--every`: a frame that calls the service posts what it got (or that it got nothing)
        // on every path out of here, so that the frames reusing its detections (and, with
        // --track, the later calls) never wait forever.
        let base = index / options.stream.every * options.stream.every
        let callsDetector = base == index
        var posted = false
        defer {
            if callsDetector && !posted {
                if let tracks { _ = tracks.update(index, nil) } else { board.post(index, nil) }
            }
        }

        let bytes: [UInt8]
        let checked: Bool
        switch input {
        case .image(let image, let wasChecked): (bytes, checked) = (image, wasChecked)
        case .broken(let error): return .failed(error, passThrough: nil)
        }
        let needsPixels = options.output.format.needsPixels
        var source: SourceImage?
        do {
            let image = try SourceImage(bytes: bytes, limits: options.limits, structureChecked: checked)
            source = image
            var found: FrameDetections
            var pixels: PixelBuffer?
            if callsDetector {
                (found, pixels) = try detect(
                    image, index: index, detector: detector, tiler: tiler, needsPixels: needsPixels, helper: helper)
                if let tracks {
                    // What is kept is what is tracked: ids for the objects shown.
                    let kept = found.keeping(options.output.labels, thresholds: options.output.thresholds)
                    posted = true
                    guard let tracked = tracks.update(index, kept) else { throw FrameError.baseFrameFailed(base) }
                    found = tracked
                } else {
                    board.post(index, found)
                    posted = true
                }
            } else if let tracks {
                guard let between = tracks.between(index) else { throw FrameError.baseFrameFailed(base) }
                found = between
                pixels = needsPixels ? try image.upright() : nil
            } else {
                guard let shared = board.take(base) else { throw FrameError.baseFrameFailed(base) }
                found = shared
                pixels = needsPixels ? try image.upright() : nil
            }
            let result = FrameResult(
                index: index, found: found.keeping(options.output.labels, thresholds: options.output.thresholds),
                width: image.header.uprightWidth,
                height: image.header.uprightHeight, pixels: pixels, source: image, name: name(index, image.format))
            guard let helper, needsPixels else {
                return .done(result, try renderer.rendered(result, stream: options.stream.enabled))
            }
            // A stream's drawing and encoding give way to the threads sending the next frames:
            // measured, 60 × 720p at -j 8 took 878 ms with them level, 867 ms yielding.
            let rendering = BackgroundWork(on: helper) { try renderer.rendered(result, stream: true) }
            return .done(result, try rendering.value())
        } catch {
            // --on-error pass: the frame as it is, undrawn, if it can be decoded at all.
            guard options.stream.enabled, options.stream.onError == .pass, let source else { return .failed(error, passThrough: nil) }
            do {
                let result = FrameResult(
                    index: index, found: detector.nothing, width: source.header.uprightWidth,
                    height: source.header.uprightHeight, pixels: needsPixels ? try source.upright() : nil,
                    source: source, error: "\(error)", name: name(index, source.format))
                return .failed(error, passThrough: (result, try renderer.rendered(result, stream: options.stream.enabled)))
            } catch {
                return .failed(error, passThrough: nil)
            }
        }
    }

    /// Fits the picture to the detector's limits, detects, and — for formats that draw — has
    /// the full picture decoded, in the order that keeps both time and peak memory low:
    /// - sent as is: the call starts at once, the decode runs beside it (a single image);
    /// - a big JPEG: its small DCT-scaled copy is made (and freed) first, then the full decode
    ///   runs beside the call — never both decodes in memory at once (peak memory within
    ///   1.5 × the picture). Except for PNG output, whose compressed picture outweighs the
    ///   scaled copy anyway: there one full decode serves both (the shrink on every core) —
    ///   as fast as two decodes side by side (24 MP: 649 against 655 ms), for 70% of the CPU;
    /// - anything else re-encoded: decoded once, and that picture serves both sending and drawing.
    /// In a stream too the decode runs beside the call (on a helper thread, yielding as the
    /// drawing does), so that an answer leaves only the drawing and the encode to do, and the
    /// CPU work is spread over the wait.
    /// - tiled (`--tile`, a picture larger than one tile): decoded once, for the tiles and the drawing.
    func detect(
        _ source: SourceImage, index: Int, detector: any Detector, tiler: TiledDetection?, needsPixels: Bool,
        helper: YieldingThreads? = nil
    ) throws -> (FrameDetections, PixelBuffer?) {
        // The full decode for drawing, beside the call: on a helper in a stream, else its own thread.
        func decodingBeside() -> BackgroundWork<PixelBuffer>? {
            guard needsPixels else { return nil }
            return helper.map { BackgroundWork(on: $0) { try source.upright() } } ?? BackgroundWork { try source.upright() }
        }
        guard let limits = detector.limits else {
            let found = try detector.detect(
                PreparedImage(index: index, source: source, payload: .none) { throw ImageError.cannotFit(bytes: 0, limit: 0) })
            return (found, needsPixels ? try source.upright() : nil)
        }
        if let tiler {
            let grid = TileGrid(width: source.header.uprightWidth, height: source.header.uprightHeight, tile: tiler.tiles)
            if grid.isTiled {
                let upright = try source.upright()
                return (try tiler.detect(source, upright: upright, grid: grid, index: index, limits: limits), needsPixels ? upright : nil)
            }
        }
        let fitter = ImageFitter(limits: limits)
        if let s3 = options.service.s3 {
            let decoding = decodingBeside()
            let found = try detector.detect(PreparedImage(index: index, source: source, payload: .s3(s3)) { try fitter.fit(source) })
            return (found, try decoding?.value() ?? (needsPixels ? source.upright() : nil))
        }
        let oneDecode = needsPixels && !options.stream.enabled && options.output.format.name == PNGFormat.descriptor.name
        if needsPixels && fitter.needsReencoding(source) && (oneDecode || !fitter.shrinksByDCTScaling(source)) {
            let upright = try source.upright()
            let fitted = try fitter.fit(source, upright: upright)
            let found = try detector.detect(
                PreparedImage(index: index, source: source, payload: .fitted(fitted)) {
                    try fitter.fitSmaller(source, than: fitted, upright: upright)
                })
            return (found, upright)
        }
        // Sent as it is, or shrunk by DCT scaling: the full decode beside the call.
        let fitted = try fitter.fit(source)
        let decoding = decodingBeside()
        let found = try detector.detect(
            PreparedImage(index: index, source: source, payload: .fitted(fitted)) {
                try fitter.fitSmaller(source, than: fitted)
            })
        return (found, try decoding?.value() ?? (needsPixels ? source.upright() : nil))
    }
}
