#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import CSystem

/// `--stream`: a concatenation of frames in, one result per frame out, in order (SPEC §2, §4).
///
/// The calling thread reads and splits frames and writes results. Worker threads do a frame's
/// whole work — check, fit, call, decode, draw, encode — and there are a few more of them than
/// requests allowed in flight (`-j`), so that a slot freed by an answer is taken at once by a
/// worker waiting with its next frame, while the first decodes and encodes: the CPU work hides
/// behind the latency. An adaptive limiter keeps the requests in
/// flight at what the model can take, and the workers share one connection pool, so no more
/// connections are opened than requests are ever in flight together.
public final class StreamPipeline {
    public let options: Options
    let variables: [String: String]

    public init(options: Options, variables: [String: String]) {
        self.options = options
        self.variables = variables
    }

    /// What a finished stream reports; `firstFailure` decides the exit status (SPEC §6).
    public struct Summary {
        public var frames = 0
        public var failed = 0
        public var firstFailure: (any Error)?
        public var labelsKept = 0
        /// The signal that stopped the stream early, if one did.
        public var interruptedBy: Int32 = 0
    }

    /// A frame that could not be used.
    public enum FrameError: Error, CustomStringConvertible {
        case truncated(ImageFormat, bytes: Int)
        case corrupt(ImageFormat, String)
        /// `--every`: the frame whose detections this one reuses got none.
        case baseFrameFailed(Int)

        public var description: String {
            switch self {
            case .truncated(let format, let bytes): return "the input ends inside a \(format.name) frame (\(bytes) bytes): truncated"
            case .corrupt(let format, let detail): return "corrupt \(format.name) frame: \(detail)"
            case .baseFrameFailed(let base): return "no detections to reuse: frame \(base), whose detections --every shares, has none"
            }
        }
    }

    /// A stream that held no frame at all.
    public struct NoFrames: Error, CustomStringConvertible {
        public var bytes: Int
        public var description: String { "no PNG or JPEG frame in the input (\(bytes) bytes read)" }
    }

    enum Outcome {
        case done(FrameResult, [UInt8])
        /// Failed (or not sent: the stream was asked to stop first); with what to write under
        /// --on-error pass, if the frame could be decoded.
        case failed(any Error, passThrough: (FrameResult, [UInt8])?)
    }

    public func run(input fd: Int32, sink: OutputSink) throws -> Summary {
        let format = options.format
        var formatter = format.init(settings: options.formatSettings)
        let slots = max(1, options.concurrency)
        let workers = slots + 2 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let limiter = ConcurrencyLimiter(maximum: slots)
        let board = DetectionsBoard(every: options.every)

        // The service side, unless detections come from a file.
        var clients: [RekognitionClient] = []
        var saved: [Int: Detections] = [:]
        if let file = options.detectionsFile {
            saved = try Self.loadDetectionLines(file)
        } else {
            guard options.model != nil else {
                throw UsageError("no model: give --model ARN (or set REKFILTER_MODEL), or --detections FILE")
            }
            let say: @Sendable (String) -> Void = { StandardError.say($0) }
            let session = try ServiceSession(options: options, variables: variables, log: options.verbose ? say : nil)
            let pool = ConnectionPool()
            for _ in 0..<workers { clients.append(try session.makeClient(sharing: pool, gate: limiter)) }
        }

        let started = MonotonicClock.now()
        var splitter = FrameSplitter(fd: fd, maxFrameBytes: options.limits.maxInputBytes)
        let progress = ProgressLine(enabled: options.progress ?? StandardError.isTerminal, quiet: options.quiet)
        var summary = Summary()
        let scheduler = OrderedScheduler<FrameSplitter.Item, Outcome>(workers: workers, window: 2 * workers + options.every)
        var headerWritten = false
        func writeHeader() throws {
            if !headerWritten { try sink.write(formatter.header(stream: true)) }
            headerWritten = true
        }
        // SIGINT/SIGTERM: no request starts after it; those in flight finish and are written.
        func stopIfAsked() {
            guard summary.interruptedBy == 0, rf_signals_requested() != 0 else { return }
            summary.interruptedBy = rf_signals_requested()
            limiter.cancel()
            board.close()
            scheduler.stop()
        }
        defer { board.close() }
        try scheduler.run(
            produce: { isStopping in try splitter.next(shouldStop: isStopping) },
            work: { [self] worker, index, item in
                process(item, index: index, client: clients.isEmpty ? nil : clients[worker], saved: saved, board: board)
            },
            deliver: { index, outcome in
                stopIfAsked()
                switch outcome {
                case .done(let result, let bytes):
                    summary.frames += 1
                    summary.labelsKept += result.labels.count
                    try writeHeader()
                    try formatter.emit(bytes, for: result, to: sink)
                case .failed(let error, let passThrough):
                    summary.frames += 1
                    summary.failed += 1
                    if summary.firstFailure == nil { summary.firstFailure = error }
                    progress.clear()
                    if !options.quiet || options.onError == .abort {
                        StandardError.say("frame \(index): \(error)\(Self.consequence(options.onError, passThrough != nil))")
                    }
                    switch options.onError {
                    case .abort: return false
                    case .skip: break
                    case .pass:
                        if let (result, bytes) = passThrough {
                            try writeHeader()
                            try formatter.emit(bytes, for: result, to: sink)
                        }
                    }
                }
                if sink.readerGone { return false }
                progress.update(frames: summary.frames, limiter: limiter)
                return true
            },
            idle: {
                stopIfAsked()
                progress.update(frames: summary.frames, limiter: limiter)
            }
        )
        if summary.interruptedBy != 0 {
            progress.clear()
            StandardError.say("interrupted: stopped after \(summary.frames) frames (every frame written is whole)")
        } else if summary.frames == 0 && !sink.readerGone {
            if splitter.bytesRead == 0 { throw ImageError.empty }
            throw NoFrames(bytes: splitter.bytesRead)
        }
        try writeHeader()
        try sink.write(formatter.footer(stream: true))
        progress.finish(frames: summary.frames, limiter: limiter)
        if options.verbose {
            let state = limiter.state
            let seconds = MonotonicClock.now() - started
            StandardError.say("stream: \(summary.frames) frames in \(Int(seconds * 1000)) ms, \(summary.failed) failed, "
                + "\(clients.reduce(0) { $0 + $1.http.connectionsOpened }) connections opened, \(state.retries) retries, \(state.throttles) throttled")
        }
        if splitter.skippedBytes > 0 && !options.quiet {
            StandardError.say("warning: skipped \(splitter.skippedBytes) bytes between frames that began no PNG or JPEG frame")
        }
        try sink.finish()
        return summary
    }

    static func consequence(_ policy: Options.OnError, _ passed: Bool) -> String {
        switch policy {
        case .abort: return " (stopping: --on-error abort)"
        case .skip: return " (frame left out)"
        case .pass: return passed ? " (written undrawn)" : " (frame left out: nothing to write)"
        }
    }

    /// One frame's whole work, on a worker thread.
    func process(_ item: FrameSplitter.Item, index: Int, client: RekognitionClient?, saved: [Int: Detections],
                 board: DetectionsBoard) -> Outcome {
        // `--every`: a frame that calls the service posts what it got (or that it got nothing)
        // on every path out of here, so that the frames reusing its detections never wait forever.
        let base = index / options.every * options.every
        let callsService = client != nil && base == index
        var posted = false
        defer { if callsService && !posted { board.post(index, nil) } }

        let bytes: [UInt8]
        switch item {
        case .frame(let frame): bytes = frame
        case .truncated(let format, let count): return .failed(FrameError.truncated(format, bytes: count), passThrough: nil)
        case .corrupt(let format, let detail): return .failed(FrameError.corrupt(format, detail), passThrough: nil)
        }
        let formatter = options.format.init(settings: options.formatSettings)
        let needsPixels = options.format.needsPixels
        var source: SourceImage?
        do {
            let image = try SourceImage(bytes: bytes, limits: options.limits, structureChecked: true)
            source = image
            let detections: Detections
            if let client {
                if callsService {
                    let fitter = ImageFitter()
                    let found = try options.send(fitter.fit(image), of: image, with: client, fitter: fitter, order: index)
                    board.post(index, found)
                    posted = true
                    detections = found
                } else {
                    guard let shared = board.take(base) else { throw FrameError.baseFrameFailed(base) }
                    detections = shared
                }
            } else {
                guard let line = saved[index] else { throw DetectionsFileError.missingFrame(options.detectionsFile ?? "", frame: index) }
                detections = line
            }
            let labels = options.kept(detections.labels)
            let result = FrameResult(index: index, labels: labels,
                                     rawResponse: options.labels == nil ? detections.raw : nil,
                                     width: image.header.uprightWidth, height: image.header.uprightHeight,
                                     pixels: needsPixels ? try image.upright() : nil, source: image)
            return .done(result, try formatter.render(result, stream: true))
        } catch {
            // --on-error pass: the frame as it is, undrawn, if it can be decoded at all.
            guard options.onError == .pass, let source else { return .failed(error, passThrough: nil) }
            do {
                let result = FrameResult(index: index, labels: [], rawResponse: nil, width: source.header.uprightWidth,
                                         height: source.header.uprightHeight,
                                         pixels: needsPixels ? try source.upright() : nil, error: "\(error)")
                return .failed(error, passThrough: (result, try formatter.render(result, stream: true)))
            } catch {
                return .failed(error, passThrough: nil)
            }
        }
    }

    /// `--detections FILE` in a stream: JSON Lines as `-f json --stream` writes them, by Frame.
    static func loadDetectionLines(_ path: String) throws -> [Int: Detections] {
        struct FrameNumber: Decodable { var Frame: Int? }
        let bytes: [UInt8]
        switch Files.contents(path, limit: 1 << 30) {
        case .success(let read): bytes = read
        case .failure(let failure): throw DetectionsFileError.unreadable(path, reason: failure.reason)
        }
        var frames: [Int: Detections] = [:]
        for (n, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            let lineBytes = Array(line)
            guard lineBytes.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            do {
                let frame = try JSONDecoder().decode(FrameNumber.self, from: Data(lineBytes)).Frame ?? n
                frames[frame] = try Detections.parse(lineBytes)
            } catch let error as DetectionsParseError {
                throw DetectionsFileError.invalid(path, "line \(n + 1): \(error)")
            } catch {
                throw DetectionsFileError.invalid(path, "line \(n + 1): not JSON")
            }
        }
        return frames
    }
}

/// Detections of the frames that call the service, for the `--every N` frames that reuse them.
final class DetectionsBoard: @unchecked Sendable {
    private let monitor = Monitor()
    // State below is guarded by `monitor`.
    private var posted: [Int: Detections?] = [:]
    private var taken: [Int: Int] = [:]
    private var closed = false
    let every: Int

    init(every: Int) {
        self.every = max(1, every)
    }

    /// `nil` when the call failed: the frames that depend on it then fail too, saying why.
    func post(_ index: Int, _ detections: Detections?) {
        guard every > 1 else { return }
        monitor.withLock {
            posted[index] = .some(detections)
            monitor.broadcast()
        }
    }

    /// Waits for frame `base`'s detections (nil if it got none, or the stream is shutting
    /// down); forgets them once all `every - 1` frames took them.
    func take(_ base: Int) -> Detections? {
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
