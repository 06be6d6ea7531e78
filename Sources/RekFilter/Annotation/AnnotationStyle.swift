/// Sizes that grow with the picture (README, Output formats): line width ≈ max(2, mean side × 0.003), font
/// size ≈ max(12, mean side × 0.02), padding around tag text a quarter of the font size.
public struct AnnotationStyle: Sendable, Equatable {
    public var lineWidth: Int
    public var fontSize: Int
    public var padding: Int

    public init(width: Int, height: Int) {
        let mean = Double(width + height) / 2
        lineWidth = max(2, Int((mean * 0.003).rounded()))
        fontSize = max(12, Int((mean * 0.02).rounded()))
        padding = max(2, fontSize / 4)
    }
}
