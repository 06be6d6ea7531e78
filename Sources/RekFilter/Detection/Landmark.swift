/// A named point (a face's eye, nose, mouth corner …) as ratios of the picture's size.
public struct Landmark: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var name: String

    public init(x: Double, y: Double, name: String) {
        self.x = x
        self.y = y
        self.name = name
    }
}
