import AWSCore

/// A picture ready for a detector: its source, what to send (fitted to the detector's limits,
/// or a reference to S3), and how to make a smaller one if the service still finds it too large.
public struct PreparedImage {
    /// The frame's number in a stream (0 for a single image): its place in line for the service.
    public var index: Int
    public var source: SourceImage
    public var payload: Payload
    /// One more shrink, after the service answered ImageTooLarge (README, What it does with your image).
    public var shrink: () throws -> ImageFitter.Fitted

    public enum Payload {
        case fitted(ImageFitter.Fitted)
        case s3(S3Location)
        /// The detector needs no picture bytes.
        case none
    }

    public init(index: Int, source: SourceImage, payload: Payload, shrink: @escaping () throws -> ImageFitter.Fitted) {
        self.index = index
        self.source = source
        self.payload = payload
        self.shrink = shrink
    }
}
