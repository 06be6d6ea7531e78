/// A box by its edges, in the unit its user picks (ratios, pixels): what the tile merge and the
/// tracker compare boxes with. Also a box's motion, edge by edge (`+`, `-`, `*`).
struct BoxEdges: Sendable, Equatable {
    var x0: Double, y0: Double, x1: Double, y1: Double

    static let zero = BoxEdges(x0: 0, y0: 0, x1: 0, y1: 0)

    init(x0: Double, y0: Double, x1: Double, y1: Double) {
        (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
    }

    /// A detection's box, in ratios of the picture (a negative width or height counts as none).
    init(_ b: BoundingBox) {
        self.init(x0: b.left, y0: b.top, x1: b.left + max(0, b.width), y1: b.top + max(0, b.height))
    }

    var area: Double { max(0, x1 - x0) * max(0, y1 - y0) }

    /// Intersection over union; 0 when they do not overlap.
    func iou(_ other: BoxEdges) -> Double {
        let iw = min(x1, other.x1) - max(x0, other.x0)
        let ih = min(y1, other.y1) - max(y0, other.y0)
        guard iw > 0, ih > 0 else { return 0 }
        let inter = iw * ih
        let union = area + other.area - inter
        return union > 0 ? inter / union : 0
    }

    /// The box around both.
    func union(_ other: BoxEdges) -> BoxEdges {
        BoxEdges(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    static func + (a: BoxEdges, b: BoxEdges) -> BoxEdges { BoxEdges(x0: a.x0 + b.x0, y0: a.y0 + b.y0, x1: a.x1 + b.x1, y1: a.y1 + b.y1) }
    static func - (a: BoxEdges, b: BoxEdges) -> BoxEdges { BoxEdges(x0: a.x0 - b.x0, y0: a.y0 - b.y0, x1: a.x1 - b.x1, y1: a.y1 - b.y1) }
    static func * (a: BoxEdges, k: Double) -> BoxEdges { BoxEdges(x0: a.x0 * k, y0: a.y0 * k, x1: a.x1 * k, y1: a.y1 * k) }
}
