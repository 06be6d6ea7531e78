/// What a data-set format leaves out or warns about, said on stderr once per kind — the first
/// time in full, then, at the end of the run, how many pictures it concerned in all — so that a
/// long stream is not drowned in repeats.
public struct DataSetWarnings: Sendable {
    private let format: String
    private let diagnostics: (any Diagnostics)?
    private var counts: [String: Int] = [:]
    private var order: [String] = []

    public init(format: String, diagnostics: (any Diagnostics)?) {
        self.format = format
        self.diagnostics = diagnostics
    }

    /// Says `message` for `picture` the first time `kind` happens; counts it after.
    public mutating func note(_ kind: String, picture: String, _ message: String) {
        counts[kind, default: 0] += 1
        guard counts[kind] == 1 else { return }
        order.append(kind)
        diagnostics?.warning("\(format): \(picture): \(message)")
    }

    /// At the end of the run: the kinds that happened more than once, with their count.
    public func finish() {
        for kind in order where counts[kind, default: 0] > 1 {
            diagnostics?.warning("\(format): \(kind): \(counts[kind]!) pictures in all")
        }
    }
}

/// A box as the data-set formats write it: in pixels, clipped to the picture; nil when what is
/// left is less than a pixel wide or high (a box clipped to nothing: readers refuse it, and
/// Custom Labels calls it ERROR_BOUNDING_BOX_TOO_SMALL).
public struct DataSetBox: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init?(_ box: BoundingBox, pictureWidth: Int, pictureHeight: Int) {
        let p = box.pixels(width: pictureWidth, height: pictureHeight)
        guard p.w >= 1, p.h >= 1 else { return nil }
        (x, y, width, height) = (p.x, p.y, p.w, p.h)
    }

    /// Whole pixels: the edges rounded (so that neighbouring boxes still meet), never less than 1 px.
    public var integral: (left: Int, top: Int, width: Int, height: Int) {
        let (x0, y0) = (Int(x.rounded()), Int(y.rounded()))
        let (x1, y1) = (Int((x + width).rounded()), Int((y + height).rounded()))
        return (x0, y0, max(1, x1 - x0), max(1, y1 - y0))
    }
}
