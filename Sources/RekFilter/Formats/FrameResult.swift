/// What one image (or one frame of a stream) produced: everything a format may write.
public struct FrameResult: Sendable {
    /// 0-based position in a stream; 0 for a single image.
    public var index: Int
    /// What the detector found (after `--labels`).
    public var found: FrameDetections
    /// Size of the upright image.
    public var width: Int
    public var height: Int
    /// The upright pixels, for formats that draw (nil for the others).
    public var pixels: PixelBuffer?
    /// The input as it arrived (for formats that embed it, such as `svg --svg-embed`).
    public var source: SourceImage?
    /// Why this frame has no detections (a stream frame that failed, written with --on-error pass).
    public var error: String?
    /// What the picture is called in the data-set formats (see `PictureNaming`).
    public var name: String

    public init(
        index: Int = 0, found: FrameDetections, width: Int, height: Int, pixels: PixelBuffer? = nil,
        source: SourceImage? = nil, error: String? = nil, name: String? = nil
    ) {
        self.name = name ?? PictureNaming().name(frame: index, stream: false, format: source?.format)
        self.index = index
        self.found = found
        self.width = width
        self.height = height
        self.pixels = pixels
        self.source = source
        self.error = error
    }

    public var detections: [Detection] { found.detections }
}
