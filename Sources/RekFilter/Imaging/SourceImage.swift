/// An input image as it arrived: its bytes, what its header declares, and its pixels on demand.
///
/// Creating one runs every check that needs no decoding (sniff, header, safety limits), so a
/// bomb or a GIF is refused before a single pixel buffer exists.
public struct SourceImage: Sendable {
    public let bytes: [UInt8]
    public let header: ImageHeader

    public init(bytes: [UInt8], limits: SafetyLimits = .default) throws(ImageError) {
        if bytes.isEmpty { throw .empty }
        if bytes.count > limits.maxInputBytes { throw .inputTooLarge(limit: limits.maxInputBytes) }
        let header = try bytes.withImageBytes { raw throws(ImageError) in try ImageHeader.read(raw) }
        try header.check(limits)
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

    /// The full-resolution upright picture: what boxes are drawn on.
    public func upright() throws(ImageError) -> PixelBuffer {
        try header.orientation.apply(to: decode())
    }
}
