/// `png` (default): the picture with its detections drawn on it. In a stream, one PNG per
/// frame, back to back, as `ffmpeg -f png_pipe -i -` reads them.
public struct PNGFormat: OutputFormat {
    public static let name = "png"
    public static let mediaType = "image/png"
    public static let summary = "the picture with boxes and labels drawn on it (a PNG stream in --stream)"
    public static let needsPixels = true
    public static let isBinary = true
    let settings: FormatSettings

    public init(settings: FormatSettings) { self.settings = settings }

    public func render(_ result: FrameResult, stream: Bool) throws -> [UInt8] {
        let out = ByteBuffer(reserving: (result.pixels?.byteCount ?? 0) / 2)
        try encode(result, to: out)
        return out.bytes
    }

    public mutating func write(_ result: FrameResult, stream: Bool, to out: any ByteWriter) throws {
        try encode(result, to: out)
    }

    func encode(_ result: FrameResult, to out: any ByteWriter) throws {
        guard let pixels = result.pixels else { throw FormatError.noPixels(Self.name) }
        Annotator(fontPath: settings.fontPath).draw(result.labels, on: pixels)
        try PNGCodec.encode(pixels, compression: settings.pngCompression, to: out)
    }
}

/// `jpeg` (`jpg`): the annotated picture as JPEG at `--quality`; in a stream, MJPEG (one JPEG
/// per frame, as `ffmpeg -f jpeg_pipe -i -` reads them). At quality 90 and above the colour is
/// kept at full resolution (4:4:4): thin coloured outlines and tag text would otherwise bleed.
public struct JPEGFormat: OutputFormat {
    public static let name = "jpeg"
    public static let aliases = ["jpg", "mjpeg"]
    public static let fileExtensions = ["jpg", "jpeg"]
    public static let mediaType = "image/jpeg"
    public static let summary = "the annotated picture as JPEG at --quality (an MJPEG stream in --stream)"
    public static let needsPixels = true
    public static let isBinary = true
    let settings: FormatSettings

    public init(settings: FormatSettings) { self.settings = settings }

    public func render(_ result: FrameResult, stream: Bool) throws -> [UInt8] {
        let out = ByteBuffer(reserving: (result.pixels?.byteCount ?? 0) / 8)
        try encode(result, to: out)
        return out.bytes
    }

    public mutating func write(_ result: FrameResult, stream: Bool, to out: any ByteWriter) throws {
        try encode(result, to: out)
    }

    func encode(_ result: FrameResult, to out: any ByteWriter) throws {
        guard let pixels = result.pixels else { throw FormatError.noPixels(Self.name) }
        Annotator(fontPath: settings.fontPath).draw(result.labels, on: pixels)
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
