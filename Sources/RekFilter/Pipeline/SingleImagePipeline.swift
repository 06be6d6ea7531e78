import FoundationEssentials

/// The whole filter for one image: input → checks → (decode for drawing ‖ fit and call) →
/// filter labels → format → output.
public struct SingleImagePipeline {
    public var options: Options
    public var variables: [String: String]

    public init(options: Options, variables: [String: String]) {
        self.options = options
        self.variables = variables
    }

    /// What was found, on which picture.
    struct Found {
        var source: SourceImage
        var detections: Detections
        var upright: PixelBuffer?
    }

    /// Runs and writes the result to `sink`; returns how many labels were kept (for `-e`).
    public func run(readInput: () throws -> [UInt8], sink: OutputSink) throws -> Int {
        let format = options.format
        let found = try options.detectionsFile != nil ? fromFile(readInput) : fromService(readInput)
        let detections = found.detections
        let kept = options.kept(detections.labels)
        let result = FrameResult(labels: kept, rawResponse: options.labels == nil ? detections.raw : nil,
                                 width: found.source.header.uprightWidth, height: found.source.header.uprightHeight,
                                 pixels: found.upright, source: found.source)
        var formatter = format.init(settings: options.formatSettings)
        try sink.write(formatter.header(stream: false))
        try formatter.write(result, stream: false, to: sink)
        try sink.write(formatter.footer(stream: false))
        try sink.finish()
        return kept.count
    }

    /// `--detections FILE`: no call; the image is still checked (and decoded for drawing).
    func fromFile(_ readInput: () throws -> [UInt8]) throws -> Found {
        let source = try SourceImage(bytes: readInput(), limits: options.limits)
        let detections = try Self.loadDetections(options.detectionsFile!)
        return Found(source: source, detections: detections, upright: options.format.needsPixels ? try source.upright() : nil)
    }

    func fromService(_ readInput: () throws -> [UInt8]) throws -> Found {
        guard options.model != nil else {
            throw UsageError("no model: give --model ARN (or set REKFILTER_MODEL), or --dry-run to check the image only")
        }
        let say: @Sendable (String) -> Void = { StandardError.say($0) }
        let session = try ServiceSession(options: options, variables: variables, log: options.verbose ? say : nil)
        let client = try session.makeClient()
        let needsPixels = options.format.needsPixels
        guard let s3 = options.s3 else {
            let source = try SourceImage(bytes: readInput(), limits: options.limits)
            return try detect(source, client: client, needsPixels: needsPixels)
        }
        var bytes = try readInput()
        if bytes.isEmpty { bytes = try session.s3Fetcher().fetch(s3, maxBytes: options.limits.maxInputBytes) }
        let source = try SourceImage(bytes: bytes, limits: options.limits)
        let decoding = needsPixels ? BackgroundWork { try source.upright() } : nil
        let detections = try client.detectCustomLabels(options.request(.s3(s3)))
        return Found(source: source, detections: detections, upright: try decoding?.value())
    }

    /// Fits, calls, and (for drawing formats) decodes the full picture while the call is in
    /// flight, in the order that keeps both time and peak memory low:
    /// - sent as is: the call starts at once, the decode runs beside it;
    /// - a big JPEG: its small DCT-scaled copy is made (and freed) first, then the full decode
    ///   runs beside the call — never both decodes in memory at once;
    /// - anything else re-encoded: decoded once, and that picture serves both sending and drawing.
    func detect(_ source: SourceImage, client: RekognitionClient, needsPixels: Bool) throws -> Found {
        let fitter = ImageFitter()
        let reencode = fitter.needsReencoding(source)
        if needsPixels && reencode && !fitter.shrinksByDCTScaling(source) {
            let upright = try source.upright()
            let fitted = try fitter.fit(source, upright: upright)
            let detections = try options.send(fitted, of: source, with: client, fitter: fitter, upright: upright)
            return Found(source: source, detections: detections, upright: upright)
        }
        let fitted = try fitter.fit(source)
        let decoding = needsPixels ? BackgroundWork { try source.upright() } : nil
        let detections = try options.send(fitted, of: source, with: client, fitter: fitter)
        return Found(source: source, detections: detections, upright: try decoding?.value())
    }

    /// `--detections FILE`: JSON saved earlier with `-f json`.
    static func loadDetections(_ path: String) throws -> Detections {
        let bytes: [UInt8]
        switch Files.contents(path) {
        case .success(let read): bytes = read
        case .failure(let failure): throw DetectionsFileError.unreadable(path, reason: failure.reason)
        }
        do { return try Detections.parse(bytes) } catch { throw DetectionsFileError.invalid(path, error.description) }
    }
}

/// A command line that cannot be run as given (exit 64).
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// `--detections FILE` that cannot be used.
public enum DetectionsFileError: Error, CustomStringConvertible, Sendable {
    case unreadable(String, reason: String)
    case invalid(String, String)
    /// A stream frame that the JSON Lines file has no line for.
    case missingFrame(String, frame: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read detections file \(path): \(reason)"
        case .invalid(let path, let detail): return "detections file \(path) is not rekfilter/Rekognition JSON: \(detail) (expected what -f json writes)"
        case .missingFrame(let path, let frame): return "detections file \(path) has no line for frame \(frame)"
        }
    }
}
