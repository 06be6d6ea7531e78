/// `jpeg` (`jpg`): the annotated picture as JPEG at `--quality`; in a stream, MJPEG (one JPEG
/// per frame, as `ffmpeg -f jpeg_pipe -i -` reads them). At quality 90 and above the colour is
/// kept at full resolution (4:4:4): thin coloured outlines and tag text would otherwise bleed.
public enum JPEGFormat {
    public struct Options: Sendable, Equatable {
        /// `--quality`, 1–100.
        public var quality = 90
        public init() {}
    }

    public static let descriptor = FormatDescriptor(
        name: "jpeg", aliases: ["jpg", "mjpeg"], fileExtensions: ["jpg", "jpeg"], mediaType: "image/jpeg",
        summary: "the annotated picture as JPEG at --quality (an MJPEG stream in --stream)",
        isBinary: true, needs: .pixels
    ) { options, services in
        let quality = options.jpeg.quality
        let renderer = DrawingRenderer(
            drawing: options.drawing, diagnostics: services.diagnostics,
            encode: { pixels, out in
                try JPEGCodec.encode(pixels, quality: quality, fullChroma: quality >= 90, to: out)
            }, compressionGuess: 8)
        return .init(renderer: renderer, writer: ConcatenatingWriter())
    }
}
