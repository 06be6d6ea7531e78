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
