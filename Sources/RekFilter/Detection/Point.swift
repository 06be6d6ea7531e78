/// A polygon vertex as ratios of the picture's size.
public struct Point: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    enum CodingKeys: String, CodingKey {
        case x = "X"
        case y = "Y"
    }
}
