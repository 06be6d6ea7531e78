/// Finds things in pictures. The driver makes one per worker, so a detector may own a
/// connection and is used by one thread at a time.
public protocol Detector: AnyObject {
    /// `custom-labels`, …
    var name: String { get }
    /// What the picture sent must meet; nil when the detector looks at no picture bytes (a
    /// replay of saved detections), which spares fitting the picture.
    var limits: ServiceLimits? { get }
    func detect(_ image: PreparedImage) throws -> FrameDetections
    /// No detections, in this detector's shape: what a frame written undrawn carries.
    var nothing: FrameDetections { get }
}

/// Makes a run's detectors, one per worker, from what they share (credentials, connection pool).
public struct DetectorFactory: Sendable {
    public var name: String
    public var limits: ServiceLimits?
    public var make: @Sendable () throws -> any Detector

    public init(name: String, limits: ServiceLimits?, make: @escaping @Sendable () throws -> any Detector) {
        self.name = name
        self.limits = limits
        self.make = make
    }
}

/// A picture ready for a detector: its source, what to send (fitted to the detector's limits,
/// or a reference to S3), and how to make a smaller one if the service still finds it too large.
public struct PreparedImage {
    /// The frame's number in a stream (0 for a single image): its place in line for the service.
    public var index: Int
    public var source: SourceImage
    public var payload: Payload
    /// One more shrink, after the service answered ImageTooLarge (SPEC §3.4).
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
