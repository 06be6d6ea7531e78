/// What one image (or one frame of a stream) produced: everything a format may write.
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

    public init(index: Int = 0, labels: [CustomLabel], rawResponse: [UInt8]?, width: Int, height: Int, pixels: PixelBuffer? = nil) {
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
    /// svg: embed the image itself under the overlay.
    public var embedImage = false

    public init() {}
}

/// An output format (SPEC §4): one type per format, registered in `OutputFormats`.
///
/// Single images call `render`; streams call `streamHeader`, then `render` per frame in
/// order, then `streamFooter`, so that a format decides its own framing (a PNG per frame,
/// JSON Lines, one CSV header, a COCO document closed at the end).
public protocol OutputFormat: Sendable {
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

    init(settings: FormatSettings)

    /// The bytes for one image, or for one frame of a stream (`stream` true).
    func render(_ result: FrameResult, stream: Bool) throws -> [UInt8]
    func streamHeader() -> [UInt8]
    func streamFooter() -> [UInt8]
}

extension OutputFormat {
    public static var aliases: [String] { [] }
    public static var fileExtensions: [String] { [name] }
    public func streamHeader() -> [UInt8] { [] }
    public func streamFooter() -> [UInt8] { [] }
}

/// The registry: every format by name. Adding a format is one file and one line here.
public enum OutputFormats {
    public static let all: [any OutputFormat.Type] = [
        JSONFormat.self,
    ]

    public static func named(_ name: String) -> (any OutputFormat.Type)? {
        let key = name.lowercased()
        return all.first { $0.name == key || $0.aliases.contains(key) }
    }

    /// The format an output file's extension implies.
    public static func forPath(_ path: String) -> (any OutputFormat.Type)? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        return all.first { $0.fileExtensions.contains(ext) }
    }
}
