/// One thing a detector found, in the neutral shape every format writes and every detector
/// gives (the `DETECTION` of the plugin protocol): whichever operation found it, a label with
/// a confidence, and where it is — a box, a polygon, points — or nowhere (an image-level label).
///
/// Coordinates are ratios of the upright picture's size, as the service gives them: they may be
/// negative or above 1, and whoever turns them into pixels clamps them.
public struct Detection: Sendable, Equatable {
    public var label: String
    /// 0–100.
    public var confidence: Double
    /// Nil for an image-level label (a classification model's, a scene's).
    public var box: BoundingBox?
    public var polygon: [Point]?
    /// Named points (a face's landmarks).
    public var points: [Landmark]?
    /// The label this one belongs to, when the detector says (DetectLabels' parents).
    public var parent: String?
    /// `--track`: the object's id, the same from frame to frame (nil when not tracked).
    public var track: Int?

    public init(
        label: String, confidence: Double, box: BoundingBox? = nil, polygon: [Point]? = nil,
        points: [Landmark]? = nil, parent: String? = nil, track: Int? = nil
    ) {
        self.track = track
        self.label = label
        self.confidence = confidence
        self.box = box
        self.polygon = polygon
        self.points = points
        self.parent = parent
    }

    /// Whether every number is finite (what a detector must check before handing it on).
    public var isFinite: Bool {
        let box = self.box.map { [$0.left, $0.top, $0.width, $0.height] } ?? []
        let polygon = self.polygon?.flatMap { [$0.x, $0.y] } ?? []
        let points = self.points?.flatMap { [$0.x, $0.y] } ?? []
        return confidence.isFinite && (box + polygon + points).allSatisfy(\.isFinite)
    }
}
