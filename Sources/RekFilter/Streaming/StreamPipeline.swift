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

        public var description: String {
            switch self {
            case .truncated(let format, let bytes): return "the input ends inside a \(format.name) frame (\(bytes) bytes): truncated"
            case .corrupt(let format, let detail): return "corrupt \(format.name) frame: \(detail)"
            }
        }
    }

    enum Outcome {
        case done(FrameResult, [UInt8])
        /// Failed; with what to write under --on-error pass, if the frame could be decoded.
        case failed(any Error, passThrough: (FrameResult, [UInt8])?)
    }

    public func run(input fd: Int32, sink: OutputSink) throws -> Summary {
        let format = options.format
        var formatter = format.init(settings: options.formatSettings)
        let slots = max(1, options.concurrency)
        let workers = slots + 2 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let limiter = ConcurrencyLimiter(maximum: slots)
        let counters = StreamCounters()
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
            for _ in 0..<workers {
                let client = try session.makeClient(sharing: pool)
                client.gate = limiter
                client.attemptObserver = { error in
                    guard let error else { return }
                    counters.add(retry: error.isRetryable, throttle: error.isThrottle)
                }
                clients.append(client)
            }
        }

        let started = WallClock.now()
        var splitter = FrameSplitter(fd: fd, maxFrameBytes: options.limits.maxInputBytes)
        let progress = ProgressLine(enabled: options.progress ?? StandardError.isTerminal, quiet: options.quiet)
        var summary = Summary()
        let scheduler = OrderedScheduler<FrameSplitter.Item, Outcome>(workers: workers, window: 2 * workers + options.every)
        try sink.write(formatter.header(stream: true))
        try scheduler.run(
            produce: { rf_signals_requested() != 0 ? nil : try splitter.next() },
            work: { [self] worker, index, item in
                process(item, index: index, client: clients.isEmpty ? nil : clients[worker], saved: saved, board: board)
            },
            deliver: { index, outcome in
                summary.frames += 1
                switch outcome {
                case .done(let result, let bytes):
                    summary.labelsKept += result.labels.count
                    try formatter.emit(bytes, for: result, to: sink)
                case .failed(let error, let passThrough):
                    summary.failed += 1
                    if summary.firstFailure == nil { summary.firstFailure = error }
                    progress.clear()
                    if !options.quiet || options.onError == .abort {
                        StandardError.say("frame \(index): \(error)\(Self.consequence(options.onError, passThrough != nil))")
                    }
                    switch options.onError {
                    case .abort: return false
                    case .skip: break
                    case .pass: if let (result, bytes) = passThrough { try formatter.emit(bytes, for: result, to: sink) }
                    }
                }
                if sink.readerGone { return false }
                progress.update(frames: summary.frames, limiter: limiter, counters: counters)
                return true
            },
            idle: { progress.update(frames: summary.frames, limiter: limiter, counters: counters) }
        )
        summary.interruptedBy = rf_signals_requested()
        if summary.interruptedBy != 0 {
            progress.clear()
            StandardError.say("interrupted: stopped after \(summary.frames) frames (every frame written is whole)")
        }
        try sink.write(formatter.footer(stream: true))
        progress.finish(frames: summary.frames, limiter: limiter, counters: counters)
        if options.verbose {
            let counts = counters.snapshot
            let seconds = WallClock.now() - started
            StandardError.say("stream: \(summary.frames) frames in \(Int(seconds * 1000)) ms, \(summary.failed) failed, "
                + "\(clients.reduce(0) { $0 + $1.http.connectionsOpened }) connections opened, \(counts.retries) retries, \(counts.throttles) throttled")
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
            let image = try SourceImage(bytes: bytes, limits: options.limits)
            source = image
            let detections: Detections?
            if let client {
                let base = index / options.every * options.every
                if base == index {
                    do {
                        let fitter = ImageFitter()
                        let found = try options.send(fitter.fit(image), of: image, with: client, fitter: fitter)
                        board.post(index, found)
                        detections = found
                    } catch {
                        board.post(index, nil)
                        throw error
                    }
                } else {
                    detections = board.take(base, for: index)
                }
            } else {
                detections = saved[index]
            }
            let labels = options.kept(detections?.labels ?? [])
            let result = FrameResult(index: index, labels: labels,
                                     rawResponse: options.labels == nil ? detections?.raw : nil,
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
        guard let bytes = Files.read(path, limit: 1 << 30) else { throw DetectionsFileError.unreadable(path) }
        var frames: [Int: Detections] = [:]
        for (n, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            let lineBytes = Array(line)
            guard lineBytes.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            do {
                let frame = try JSONDecoder().decode(FrameNumber.self, from: Data(lineBytes)).Frame ?? n
                frames[frame] = try Detections.parse(lineBytes)
            } catch {
                throw DetectionsFileError.invalid(path, "line \(n + 1): \(error)")
            }
        }
        return frames
    }
}

/// Detections of the frames that call the service, for the `--every N` frames that reuse them.
final class DetectionsBoard: @unchecked Sendable {
    private let lock = PthreadLock()
    private var changed = pthread_cond_t()
    private var posted: [Int: Detections?] = [:]
    private var taken: [Int: Int] = [:]
    let every: Int

    init(every: Int) {
        self.every = max(1, every)
        pthread_cond_init(&changed, nil)
    }

    deinit { pthread_cond_destroy(&changed) }

    /// `nil` when the call failed: the frames that depend on it are drawn without detections.
    func post(_ index: Int, _ detections: Detections?) {
        guard every > 1 else { return }
        lock.withLock {
            posted[index] = .some(detections)
            pthread_cond_broadcast(&changed)
        }
    }

    /// Waits for frame `base`'s detections; forgets them once all `every - 1` frames took them.
    func take(_ base: Int, for index: Int) -> Detections? {
        lock.lock()
        defer { lock.unlock() }
        while posted[base] == nil { lock.wait(&changed) }
        let value = posted[base]!
        taken[base, default: 0] += 1
        if taken[base] == every - 1 {
            posted[base] = nil
            taken[base] = nil
        }
        return value
    }
}

/// Counters for the progress line, bumped by the clients' attempt observers.
final class StreamCounters: @unchecked Sendable {
    private let lock = PthreadLock()
    private var retries = 0, throttles = 0

    func add(retry: Bool, throttle: Bool) {
        lock.withLock {
            if retry { retries += 1 }
            if throttle { throttles += 1 }
        }
    }

    var snapshot: (retries: Int, throttles: Int) { lock.withLock { (retries, throttles) } }
}
