/// `--redact` (README, Redaction): each detected region covered so that nothing of it can be
/// recovered — `fill` one colour, `pixelate` blocks of at least 1/8 of the region's shorter side
/// (and 8 px), `blur` a box blur (three passes, so close to a Gaussian) of a radius of at least
/// 1/4 of the shorter side. The region is the box, or the polygon when the detector gives one;
/// every pixel outside it is left as it was, and the blur reads only pixels inside it.
public struct Redactor: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case blur, pixelate, fill
    }

    public var mode: Mode
    /// Only these labels (nil: every label).
    public var labels: Set<String>?

    public init(mode: Mode, labels: Set<String>? = nil) {
        self.mode = mode
        self.labels = labels
    }

    public func redact(_ detections: [Detection], on buffer: PixelBuffer) {
        for detection in detections where labels?.contains(detection.label) ?? true {
            if let polygon = detection.polygon, polygon.count >= 3 {
                let points = polygon.map { (x: $0.x * Double(buffer.width), y: $0.y * Double(buffer.height)) }
                let xs = points.map(\.x)
                let ys = points.map(\.y)
                let box = Self.clip(x0: xs.min()!, y0: ys.min()!, x1: xs.max()!, y1: ys.max()!, buffer)
                cover(box, in: buffer) { x, y in Self.inside(Double(x) + 0.5, Double(y) + 0.5, points) }
            } else if let box = detection.box {
                let p = box.pixels(width: buffer.width, height: buffer.height)
                cover(Self.clip(x0: p.x, y0: p.y, x1: p.x + p.w, y1: p.y + p.h, buffer), in: buffer) { _, _ in true }
            }
        }
    }

    typealias Region = (x0: Int, y0: Int, x1: Int, y1: Int)

    static func clip(x0: Double, y0: Double, x1: Double, y1: Double, _ b: PixelBuffer) -> Region {
        func c(_ v: Double, _ size: Int) -> Int { v.isFinite ? max(0, min(size, Int(v.rounded(.down)))) : 0 }
        func e(_ v: Double, _ size: Int) -> Int { v.isFinite ? max(0, min(size, Int(v.rounded(.up)))) : 0 }
        return (c(x0, b.width), c(y0, b.height), e(x1, b.width), e(y1, b.height))
    }

    /// Covers the pixels of `region` for which `keep(x, y)` says they are in the shape.
    func cover(_ region: Region, in buffer: PixelBuffer, _ inShape: (Int, Int) -> Bool) {
        let w = region.x1 - region.x0
        let h = region.y1 - region.y0
        guard w > 0, h > 0 else { return }
        let channels = buffer.channels
        // The region's pixels, RGB, read once; the covered version made beside them.
        var covered = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            let row = buffer.pixels + (region.y0 + y) * buffer.stride + region.x0 * channels
            for x in 0..<w {
                for c in 0..<3 { covered[(y * w + x) * 3 + c] = row[x * channels + c] }
            }
        }
        let shorter = min(w, h)
        switch mode {
        case .fill:
            for i in covered.indices { covered[i] = 0x20 }
        case .pixelate:
            let block = max(8, (shorter + 7) / 8)
            Self.pixelate(&covered, w, h, block: block)
        case .blur:
            let radius = max(1, (shorter + 3) / 4)
            for _ in 0..<3 {
                Self.boxBlurRows(&covered, w, h, radius: radius)
                Self.boxBlurColumns(&covered, w, h, radius: radius)
            }
        }
        for y in 0..<h {
            let row = buffer.pixels + (region.y0 + y) * buffer.stride + region.x0 * channels
            for x in 0..<w where inShape(region.x0 + x, region.y0 + y) {
                for c in 0..<3 { row[x * channels + c] = covered[(y * w + x) * 3 + c] }
            }
        }
    }

    /// Each block replaced by its mean.
    static func pixelate(_ p: inout [UInt8], _ w: Int, _ h: Int, block: Int) {
        for by in stride(from: 0, to: h, by: block) {
            for bx in stride(from: 0, to: w, by: block) {
                let (x1, y1) = (min(w, bx + block), min(h, by + block))
                let n = (x1 - bx) * (y1 - by)
                for c in 0..<3 {
                    var sum = 0
                    for y in by..<y1 { for x in bx..<x1 { sum += Int(p[(y * w + x) * 3 + c]) } }
                    let mean = UInt8((sum + n / 2) / n)
                    for y in by..<y1 { for x in bx..<x1 { p[(y * w + x) * 3 + c] = mean } }
                }
            }
        }
    }

    /// A running-sum box blur along each row; the window shrinks at the region's edges (it reads
    /// nothing outside the region).
    static func boxBlurRows(_ p: inout [UInt8], _ w: Int, _ h: Int, radius r: Int) {
        var line = [Int](repeating: 0, count: w + 1)
        for y in 0..<h {
            for c in 0..<3 {
                for x in 0..<w { line[x + 1] = line[x] + Int(p[(y * w + x) * 3 + c]) }
                for x in 0..<w {
                    let (a, b) = (max(0, x - r), min(w, x + r + 1))
                    p[(y * w + x) * 3 + c] = UInt8((line[b] - line[a]) / (b - a))
                }
            }
        }
    }

    static func boxBlurColumns(_ p: inout [UInt8], _ w: Int, _ h: Int, radius r: Int) {
        var line = [Int](repeating: 0, count: h + 1)
        for x in 0..<w {
            for c in 0..<3 {
                for y in 0..<h { line[y + 1] = line[y] + Int(p[(y * w + x) * 3 + c]) }
                for y in 0..<h {
                    let (a, b) = (max(0, y - r), min(h, y + r + 1))
                    p[(y * w + x) * 3 + c] = UInt8((line[b] - line[a]) / (b - a))
                }
            }
        }
    }

    /// Even-odd rule.
    static func inside(_ x: Double, _ y: Double, _ polygon: [(x: Double, y: Double)]) -> Bool {
        var result = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let (a, b) = (polygon[i], polygon[j])
            if (a.y > y) != (b.y > y), x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x { result.toggle() }
            j = i
        }
        return result
    }
}
