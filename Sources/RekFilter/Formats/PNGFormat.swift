/// `png` (default): the picture with its detections drawn on it. In a stream, one PNG per
/// frame, back to back, as `ffmpeg -f png_pipe -i -` reads them.
public enum PNGFormat {
    public struct Options: Sendable {
        /// `--png-compression`: fast (zlib 1, default) or small (zlib 9, adaptive filters).
        public var compression = PNGCodec.Compression.fast
        public init() {}
    }

    public static let descriptor = FormatDescriptor(
        name: "png", fileExtensions: ["png"], mediaType: "image/png",
        summary: "the picture with boxes and labels drawn on it (a PNG stream in --stream)",
        isBinary: true, needs: .pixels
    ) { options in
        let compression = options.png.compression
        let renderer = DrawingRenderer(
            drawing: options.drawing,
            encode: { pixels, out in
                try PNGCodec.encode(pixels, compression: compression, to: out)
            }, compressionGuess: 2)
        return .init(renderer: renderer, writer: ConcatenatingWriter())
    }
}
