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
                cover(Self.clip(x0: p.x, y0: p.y, x1: p.x + p.w, y1: p.y + p.h, buffer), in: buffer, nil)
            }
        }
    }

    typealias Region = (x0: Int, y0: Int, x1: Int, y1: Int)

    static func clip(x0: Double, y0: Double, x1: Double, y1: Double, _ b: PixelBuffer) -> Region {
        // Clamped as Doubles first: 1e300 is finite, and no Int.
        func c(_ v: Double, _ size: Int) -> Int { v.isFinite ? Int(max(0, min(Double(size), v)).rounded(.down)) : 0 }
        func e(_ v: Double, _ size: Int) -> Int { v.isFinite ? Int(max(0, min(Double(size), v)).rounded(.up)) : 0 }
        return (c(x0, b.width), c(y0, b.height), e(x1, b.width), e(y1, b.height))
    }

    /// Covers the pixels of `region` for which `inShape(x, y)` says they are in the shape (nil:
    /// every pixel of the region, a box).
    func cover(_ region: Region, in buffer: PixelBuffer, _ inShape: ((Int, Int) -> Bool)?) {
        let w = region.x1 - region.x0
        let h = region.y1 - region.y0
        guard w > 0, h > 0 else { return }
        let channels = buffer.channels
        // The region's pixels, RGB, read once; the covered version made beside them.
        var covered = [UInt8](repeating: 0, count: w * h * 3)
        covered.withUnsafeMutableBufferPointer { out in
            for y in 0..<h {
                let row = buffer.pixels + (region.y0 + y) * buffer.stride + region.x0 * channels
                let dst = out.baseAddress! + y * w * 3
                if channels == 3 {
                    dst.update(from: row, count: w * 3)
                } else {
                    for x in 0..<w { for c in 0..<3 { dst[x * 3 + c] = row[x * channels + c] } }
                }
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
            Self.blur(&covered, w, h, radius: max(1, (shorter + 3) / 4))
        }
        covered.withUnsafeBufferPointer { done in
            for y in 0..<h {
                let row = buffer.pixels + (region.y0 + y) * buffer.stride + region.x0 * channels
                let src = done.baseAddress! + y * w * 3
                if inShape == nil && channels == 3 {
                    row.update(from: src, count: w * 3)
                    continue
                }
                for x in 0..<w where inShape?(region.x0 + x, region.y0 + y) ?? true {
                    for c in 0..<3 { row[x * channels + c] = src[x * 3 + c] }
                }
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

    /// Three passes of a box blur of `radius` over the region's RGB pixels, rows then columns,
    /// with running sums (the cost does not grow with the radius). The window shrinks at the
    /// region's edges: nothing outside the region is read. Columns are done a row at a time, all
    /// of them at once, so every pass walks memory in order.
    static func blur(_ p: inout [UInt8], _ w: Int, _ h: Int, radius r: Int) {
        // floor(sum / n) as (sum × ⌈2^32 / n⌉) >> 32, for every window size n: exact for windows under
        // 4,000 px (at most 1 off beyond), and no division per pixel.
        let reciprocals = (0...(2 * r + 1)).map { (n: Int) -> UInt64 in
            n == 0 ? 0 : ((1 << 32) + UInt64(n) - 1) / UInt64(n)
        }
        var other = [UInt8](repeating: 0, count: p.count)
        var sums = [UInt32](repeating: 0, count: w * 3)
        reciprocals.withUnsafeBufferPointer { recip in
            p.withUnsafeMutableBufferPointer { a in
                other.withUnsafeMutableBufferPointer { b in
                    sums.withUnsafeMutableBufferPointer { sums in
                        for _ in 0..<3 {
                            blurRows(from: a.baseAddress!, to: b.baseAddress!, w, h, r, recip.baseAddress!)
                            blurColumns(from: b.baseAddress!, to: a.baseAddress!, w, h, r, recip.baseAddress!, sums.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    private static func blurRows(
        from src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>, _ w: Int, _ h: Int, _ r: Int, _ recip: UnsafePointer<UInt64>
    ) {
        for y in 0..<h {
            let row = src + y * w * 3
            let out = dst + y * w * 3
            var (s0, s1, s2) = (UInt64(0), UInt64(0), UInt64(0))
            for x in 0..<min(w, r + 1) {
                s0 += UInt64(row[3 * x])
                s1 += UInt64(row[3 * x + 1])
                s2 += UInt64(row[3 * x + 2])
            }
            for x in 0..<w {
                let n = min(w, x + r + 1) - max(0, x - r)
                let k = recip[n]
                out[3 * x] = UInt8(truncatingIfNeeded: (s0 * k) >> 32)
                out[3 * x + 1] = UInt8(truncatingIfNeeded: (s1 * k) >> 32)
                out[3 * x + 2] = UInt8(truncatingIfNeeded: (s2 * k) >> 32)
                let enter = x + r + 1
                if enter < w {
                    s0 += UInt64(row[3 * enter])
                    s1 += UInt64(row[3 * enter + 1])
                    s2 += UInt64(row[3 * enter + 2])
                }
                let leave = x - r
                if leave >= 0 {
                    s0 -= UInt64(row[3 * leave])
                    s1 -= UInt64(row[3 * leave + 1])
                    s2 -= UInt64(row[3 * leave + 2])
                }
            }
        }
    }

    private static func blurColumns(
        from src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>, _ w: Int, _ h: Int, _ r: Int, _ recip: UnsafePointer<UInt64>,
        _ sums: UnsafeMutablePointer<UInt32>
    ) {
        let stride = w * 3
        sums.update(repeating: 0, count: stride)
        for y in 0..<min(h, r + 1) {
            let row = src + y * stride
            for i in 0..<stride { sums[i] += UInt32(row[i]) }
        }
        for y in 0..<h {
            let k = recip[min(h, y + r + 1) - max(0, y - r)]
            let out = dst + y * stride
            for i in 0..<stride { out[i] = UInt8(truncatingIfNeeded: (UInt64(sums[i]) * k) >> 32) }
            let enter = y + r + 1
            if enter < h {
                let row = src + enter * stride
                for i in 0..<stride { sums[i] += UInt32(row[i]) }
            }
            let leave = y - r
            if leave >= 0 {
                let row = src + leave * stride
                for i in 0..<stride { sums[i] -= UInt32(row[i]) }
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
