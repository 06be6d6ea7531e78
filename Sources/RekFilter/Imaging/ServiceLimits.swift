/// What DetectCustomLabels accepts for inference (README, What it does with your image).
public struct ServiceLimits: Sendable, Equatable {
    public var maxBytes = 4 * 1024 * 1024
    public var maxSide = 4096
    public var minSide = 64
    public var maxAspectRatio = 20

    public static let rekognition = ServiceLimits()

    /// Throws when the upright size can never be sent: too small, or too elongated.
    /// (Shrinking cannot fix either without changing what the model sees.)
    public func checkShape(width: Int, height: Int) throws(ImageError) {
        if min(width, height) < minSide { throw .tooSmall(width: width, height: height, minimum: minSide) }
        if max(width, height) > maxAspectRatio * min(width, height) {
            throw .aspectRatio(width: width, height: height, maximum: maxAspectRatio)
        }
    }
}
