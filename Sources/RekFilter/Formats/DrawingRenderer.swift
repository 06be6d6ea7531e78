/// The renderer of the formats that draw: the detections on the full-resolution upright
/// picture, then the picture encoded. PNG and JPEG differ only in how they encode.
struct DrawingRenderer: FrameRenderer {
    var drawing: DrawingOptions
    /// Told of font problems, once each.
    var diagnostics: (any Diagnostics)?
    var encode: @Sendable (PixelBuffer, any ByteWriter) throws -> Void
    /// About how many output bytes per input byte of pixels, to size a frame's buffer once.
    var compressionGuess: Int

    func capacityHint(for frame: FrameResult) -> Int { (frame.pixels?.byteCount ?? 0) / compressionGuess }

    func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
        guard let pixels = frame.pixels else { throw FormatError.noPixels }
        // Each frame has its own pixels: drawing on them in place is this frame's business alone.
        if let mode = drawing.redact {
            Redactor(mode: mode, labels: drawing.redactLabels).redact(frame.detections, on: pixels)
            if drawing.boxesWhenRedacting { Annotator(drawing: drawing, diagnostics: diagnostics).draw(frame.detections, on: pixels) }
        } else {
            Annotator(drawing: drawing, diagnostics: diagnostics).draw(frame.detections, on: pixels)
        }
        try encode(pixels, out)
    }
}

/// A format asked to do what it cannot.
public enum FormatError: Error, CustomStringConvertible, Sendable {
    case noPixels

    public var description: String { "internal error: a drawing format was given no pixels to draw on" }
}
