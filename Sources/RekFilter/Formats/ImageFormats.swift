/// A format that draws the detections on the picture and encodes it. Its `render` and `write`
/// come from here; each format says only how it encodes.
public protocol DrawingFormat: OutputFormat {
    var settings: FormatSettings { get }
    /// About how many output bytes per input byte of pixels, to size buffers once.
    static var compressionGuess: Int { get }
    func encode(_ pixels: PixelBuffer, to out: any ByteWriter) throws
}

extension DrawingFormat {
    public static var needsPixels: Bool { true }
    public static var isBinary: Bool { true }

    public func render(_ result: FrameResult, stream: Bool) throws -> [UInt8] {
        let out = ByteBuffer(reserving: (result.pixels?.byteCount ?? 0) / Self.compressionGuess)
        try draw(result, to: out)
        return out.bytes
    }

    /// A single image goes straight to the output, never held whole in memory.
    public mutating func write(_ result: FrameResult, stream: Bool, to out: any ByteWriter) throws {
        try draw(result, to: out)
    }

    func draw(_ result: FrameResult, to out: any ByteWriter) throws {
        guard let pixels = result.pixels else { throw FormatError.noPixels(Self.name) }
        Annotator(fontPath: settings.fontPath).draw(result.labels, on: pixels)
        try encode(pixels, to: out)
    }
}

/// `png` (default): the picture with its detections drawn on it. In a stream, one PNG per
/// frame, back to back, as `ffmpeg -f png_pipe -i -` reads them.
public struct PNGFormat: DrawingFormat {
    public static let name = "png"
    public static let mediaType = "image/png"
    public static let summary = "the picture with boxes and labels drawn on it (a PNG stream in --stream)"
    public static let compressionGuess = 2
    public let settings: FormatSettings

    public init(settings: FormatSettings) { self.settings = settings }

    public func encode(_ pixels: PixelBuffer, to out: any ByteWriter) throws {
        try PNGCodec.encode(pixels, compression: settings.pngCompression, to: out)
    }
}

/// `jpeg` (`jpg`): the annotated picture as JPEG at `--quality`; in a stream, MJPEG (one JPEG
/// per frame, as `ffmpeg -f jpeg_pipe -i -` reads them). At quality 90 and above the colour is
/// kept at full resolution (4:4:4): thin coloured outlines and tag text would otherwise bleed.
public struct JPEGFormat: DrawingFormat {
    public static let name = "jpeg"
    public static let aliases = ["jpg", "mjpeg"]
    public static let fileExtensions = ["jpg", "jpeg"]
    public static let mediaType = "image/jpeg"
    public static let summary = "the annotated picture as JPEG at --quality (an MJPEG stream in --stream)"
    public static let compressionGuess = 8
    public let settings: FormatSettings

    public init(settings: FormatSettings) { self.settings = settings }

    public func encode(_ pixels: PixelBuffer, to out: any ByteWriter) throws {
        try JPEGCodec.encode(pixels, quality: settings.jpegQuality, fullChroma: settings.jpegQuality >= 90, to: out)
    }
}

/// A format asked to do what it cannot.
public enum FormatError: Error, CustomStringConvertible, Sendable {
    case noPixels(String)

    public var description: String {
        switch self {
        case .noPixels(let name): return "internal error: the \(name) format was given no pixels to draw on"
        }
    }
}
