/// A box as ratios of the picture's size; may be negative or above 1.
public struct BoundingBox: Codable, Sendable, Equatable {
    public var width: Double
    public var height: Double
    public var left: Double
    public var top: Double

    public init(width: Double, height: Double, left: Double, top: Double) {
        self.width = width
        self.height = height
        self.left = left
        self.top = top
    }

    /// Rekognition's spelling, shared by every operation.
    enum CodingKeys: String, CodingKey {
        case width = "Width"
        case height = "Height"
        case left = "Left"
        case top = "Top"
    }
}
