/// An input image as it arrived: its bytes, what its header declares, and its pixels on demand.
///
/// Creating one runs every check that needs no decoding (sniff, header, safety limits, and the
/// file's structure to its end), so a bomb, a GIF or a truncated file is refused before a single
/// pixel buffer exists — and before anything is sent, even by formats that never decode.
public struct SourceImage: Sendable {
    public let bytes: [UInt8]
    public let header: ImageHeader

    /// `structureChecked`: the bytes came out of a `FrameSplitter`, which walked them already.
    public init(bytes: [UInt8], limits: SafetyLimits = .default, structureChecked: Bool = false) throws(ImageError) {
        if bytes.isEmpty { throw .empty }
        if bytes.count > limits.maxInputBytes { throw .inputTooLarge(limit: limits.maxInputBytes) }
        let header = try bytes.withImageBytes { raw throws(ImageError) in try ImageHeader.read(raw) }
        try header.check(limits)
        if !structureChecked {
            switch ImageStructure.check(bytes) {
            case .frame: break
            case .truncated(let format, _):
                throw .truncated(
                    format,
                    detail: format == .png
                        ? "the data ends before the IEND chunk"
                        : "the data ends before the end-of-image marker")
            case .corrupt(let format, let detail): throw .corrupt(format, detail: detail)
            }
        }
        self.bytes = bytes
        self.header = header
    }

    public var format: ImageFormat { header.format }

    /// Decodes the stored pixels; JPEGs at `scale`/8 of their size (DCT scaling), PNGs in full.
    public func decode(scale: Int = 8) throws(ImageError) -> PixelBuffer {
        try bytes.withImageBytes { raw throws(ImageError) in
            switch header.format {
            case .jpeg: return try JPEGCodec.decode(raw, scale: scale)
            case .png: return try PNGCodec.decode(raw)
            }
        }
    }

    /// A JPEG decoded at `scale`/8 and shrunk as it decodes until its long side is at most
    /// `longSide` (stored orientation; JPEGCodec.decode(_:scale:longSide:)).
    public func decodeShrunk(scale: Int, longSide: Int) throws(ImageError) -> PixelBuffer {
        try bytes.withImageBytes { raw throws(ImageError) in try JPEGCodec.decode(raw, scale: scale, longSide: longSide) }
    }

    /// The full-resolution upright picture: what boxes are drawn on.
    public func upright() throws(ImageError) -> PixelBuffer {
        try header.orientation.apply(to: decode())
    }
}
