/// What one image (or one frame of a stream) produced: everything a format may write.
/// Box values are ratios of the upright size, exactly as the service gave them.
public struct FrameResult: Sendable {
    /// 0-based position in a stream; 0 for a single image.
    public var index: Int
    /// The labels kept (after `--labels`), in the service's order.
    public var labels: [CustomLabel]
    /// The service's response body as sent, when the labels are unfiltered; nil otherwise.
    public var rawResponse: [UInt8]?
    /// Size of the upright image.
    public var width: Int
    public var height: Int
    /// The upright pixels, for formats that draw (nil for the others).
    public var pixels: PixelBuffer?
    /// Why this frame has no detections (a stream frame that failed, written with --on-error pass).
    public var error: String?
    /// The input as it arrived (for formats that embed it, such as `svg --svg-embed`).
    public var source: SourceImage?

    public init(index: Int = 0, labels: [CustomLabel], rawResponse: [UInt8]?, width: Int, height: Int,
                pixels: PixelBuffer? = nil, error: String? = nil, source: SourceImage? = nil) {
        self.error = error
        self.source = source
        self.index = index
        self.labels = labels
        self.rawResponse = rawResponse
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}

/// Settings a format may honour.
public struct FormatSettings: Sendable {
    public var jpegQuality = 90
    public var pngCompression = PNGCodec.Compression.fast
    public var fontPath: String?
    /// svg: embed the picture itself under the overlay (`--svg-embed`).
    public var embedImage = false

    public init() {}
}

/// An output format (SPEC §4): one type per format, registered in `OutputFormats`.
///
/// A run writes `header`, then each image or frame, then `footer`. A frame's bytes come from
/// `render`, which is pure so that stream workers may call it concurrently and out of order;
/// `emit` then writes them in frame order, and is where a format that numbers things across
/// frames (COCO) keeps its count. A single image goes through `write`, which image formats
/// implement by encoding straight to the output.
public protocol OutputFormat {
    /// The `-f` name.
    static var name: String { get }
    /// Other accepted names (`jpg` for `jpeg`).
    static var aliases: [String] { get }
    /// `-o` file extensions that select this format.
    static var fileExtensions: [String] { get }
    static var mediaType: String { get }
    static var summary: String { get }
    /// Formats that only describe detections never decode the full image.
    static var needsPixels: Bool { get }
    /// Binary output is refused on a terminal.
    static var isBinary: Bool { get }
    /// Whether frames of a stream can follow one another in this format's output.
    static var streams: Bool { get }

    init(settings: FormatSettings)

    func header(stream: Bool) -> [UInt8]
    func render(_ result: FrameResult, stream: Bool) throws -> [UInt8]
    mutating func emit(_ rendered: [UInt8], for result: FrameResult, to out: any ByteWriter) throws
    mutating func footer(stream: Bool) -> [UInt8]
    mutating func write(_ result: FrameResult, stream: Bool, to out: any ByteWriter) throws
}

extension OutputFormat {
    public static var aliases: [String] { [] }
    public static var fileExtensions: [String] { [name] }
    public static var streams: Bool { true }
    public func header(stream: Bool) -> [UInt8] { [] }
    public mutating func footer(stream: Bool) -> [UInt8] { [] }
    public mutating func emit(_ rendered: [UInt8], for result: FrameResult, to out: any ByteWriter) throws {
        try out.write(rendered)
    }
    public mutating func write(_ result: FrameResult, stream: Bool, to out: any ByteWriter) throws {
        try emit(render(result, stream: stream), for: result, to: out)
    }
}

/// The registry: every format by name. Adding a format is one file and one line here.
public enum OutputFormats {
    public static let all: [any OutputFormat.Type] = [
        PNGFormat.self,
        JPEGFormat.self,
        JSONFormat.self,
        CSVFormat.self,
        COCOFormat.self,
        SVGFormat.self,
    ]

    public static func named(_ name: String) -> (any OutputFormat.Type)? {
        let key = name.lowercased()
        return all.first { $0.name == key || $0.aliases.contains(key) }
    }

    /// Whether the format named `name` has a stream form.
    public static func streamable(_ name: String) -> Bool {
        named(name)?.streams ?? false
    }

    /// The format an output file's extension implies.
    public static func forPath(_ path: String) -> (any OutputFormat.Type)? {
        guard let ext = fileExtension(of: path) else { return nil }
        return all.first { $0.fileExtensions.contains(ext) }
    }

    /// The extension of a file name, lowercased: nil when it has none (`out`, `.hidden`, `dir.d/out`).
    public static func fileExtension(of path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : ext.lowercased()
    }
}
