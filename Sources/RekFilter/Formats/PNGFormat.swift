/// `png` (default): the picture with its detections drawn on it. In a stream, one PNG per
/// frame, back to back, as `ffmpeg -f png_pipe -i -` reads them.
public enum PNGFormat {
    public struct Options: Sendable, Equatable {
        /// `--png-compression`: fast (zlib 1, default) or small (zlib 9, adaptive filters).
        public var compression = PNGCodec.Compression.fast
        /// The cores one picture's encode may use (the driver sets it: all for one image, 1 in a stream).
        public var parallelism = 1
        public init() {}
    }

    public static let descriptor = FormatDescriptor(
        name: "png", fileExtensions: ["png"], mediaType: "image/png",
        summary: "the picture with boxes and labels drawn on it (a PNG stream in --stream)",
        isBinary: true, needs: .pixels
    ) { options, services in
        let (compression, parallelism) = (options.png.compression, options.png.parallelism)
        let renderer = DrawingRenderer(
            drawing: options.drawing, diagnostics: services.diagnostics,
            encode: { pixels, out in
                try PNGCodec.encode(pixels, compression: compression, parallelism: parallelism, to: out)
            }, compressionGuess: 2)
        return .init(renderer: renderer, writer: ConcatenatingWriter())
    }
}
