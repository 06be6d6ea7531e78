/// Drawing on a PixelBuffer in place: every shape is clipped to the picture, so no box value,
/// however absurd, can write outside it. The picture is never copied.
public struct Canvas {
    public let buffer: PixelBuffer
    public var width: Int { buffer.width }
    public var height: Int { buffer.height }

    public init(_ buffer: PixelBuffer) { self.buffer = buffer }

    /// Blends `color` over the pixel at (x, y) with opacity `alpha` (0…255).
    @inline(__always)
    func blend(_ x: Int, _ y: Int, _ color: RGB, _ alpha: Int) {
        let p = buffer.pixels + y * buffer.stride + x * buffer.channels
        if alpha >= 255 {
            p[0] = color.r
            p[1] = color.g
            p[2] = color.b
        } else if alpha > 0 {
            let a = alpha
            let na = 255 - alpha
            p[0] = UInt8((Int(color.r) * a + Int(p[0]) * na + 127) / 255)
            p[1] = UInt8((Int(color.g) * a + Int(p[1]) * na + 127) / 255)
            p[2] = UInt8((Int(color.b) * a + Int(p[2]) * na + 127) / 255)
        } else {
            return
        }
        if buffer.channels == 4 { p[3] = UInt8(max(Int(p[3]), alpha)) }
    }

    /// Fills the rectangle x0..<x1, y0..<y1 (clipped).
    public func fill(x0: Int, y0: Int, x1: Int, y1: Int, color: RGB, alpha: Int = 255) {
        let xa = max(0, x0)
        let xb = min(width, x1)
        let ya = max(0, y0)
        let yb = min(height, y1)
        guard xa < xb, ya < yb else { return }
        guard alpha >= 255 else {
            for y in ya..<yb { for x in xa..<xb { blend(x, y, color, alpha) } }
            return
        }
        // Opaque: the first row pixel by pixel, the others copies of it.
        for x in xa..<xb { blend(x, ya, color, 255) }
        let c = buffer.channels
        let first = buffer.pixels + ya * buffer.stride + xa * c
        for y in ya + 1..<yb { (buffer.pixels + y * buffer.stride + xa * c).update(from: first, count: (xb - xa) * c) }
    }

    /// An outline `thickness` px wide drawn inside the rectangle x0..<x1, y0..<y1.
    public func stroke(x0: Int, y0: Int, x1: Int, y1: Int, thickness t: Int, color: RGB) {
        let t = max(1, min(t, (x1 - x0 + 1) / 2, (y1 - y0 + 1) / 2))
        fill(x0: x0, y0: y0, x1: x1, y1: y0 + t, color: color)  // top
        fill(x0: x0, y0: y1 - t, x1: x1, y1: y1, color: color)  // bottom
        fill(x0: x0, y0: y0 + t, x1: x0 + t, y1: y1 - t, color: color)  // left
        fill(x0: x1 - t, y0: y0 + t, x1: x1, y1: y1 - t, color: color)  // right
    }

    /// A line `thickness` px wide from (x0, y0) to (x1, y1): a square brush stamped along it.
    /// The segment is first clipped to the picture (plus the brush), so coordinates far outside
    /// it — or absurd ones a service might send — cost nothing and cannot overflow.
    public func line(x0: Double, y0: Double, x1: Double, y1: Double, thickness: Int, color: RGB) {
        let margin = Double(thickness)
        guard let (ax, ay, bx, by) = Self.clip(x0, y0, x1, y1, to: (-margin, -margin, Double(width) + margin, Double(height) + margin))
        else { return }
        let steps = max(1, Int(max(abs(bx - ax), abs(by - ay)).rounded(.up)))
        let half = thickness / 2
        for i in 0...steps {
            let f = Double(i) / Double(steps)
            let x = Int((ax + (bx - ax) * f).rounded())
            let y = Int((ay + (by - ay) * f).rounded())
            fill(x0: x - half, y0: y - half, x1: x - half + thickness, y1: y - half + thickness, color: color)
        }
    }

    /// Liang–Barsky: the part of a segment inside a rectangle, or nil.
    static func clip(
        _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double,
        to r: (minX: Double, minY: Double, maxX: Double, maxY: Double)
    ) -> (Double, Double, Double, Double)? {
        guard [x0, y0, x1, y1].allSatisfy(\.isFinite) else { return nil }
        let dx = x1 - x0
        let dy = y1 - y0
        guard dx.isFinite, dy.isFinite else { return nil }
        var t0 = 0.0
        var t1 = 1.0
        for (p, q) in [(-dx, x0 - r.minX), (dx, r.maxX - x0), (-dy, y0 - r.minY), (dy, r.maxY - y0)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 {
                    if t > t1 { return nil }
                    t0 = max(t0, t)
                } else {
                    if t < t0 { return nil }
                    t1 = min(t1, t)
                }
            }
        }
        // Clamped as well: with huge coordinates, x0 + t·dx loses every digit near the edge
        // (the rounding error of 1e308 is 1e292), and the result must still lie inside.
        func inside(_ x: Double, _ lo: Double, _ hi: Double) -> Double { max(lo, min(hi, x)) }
        return (
            inside(x0 + t0 * dx, r.minX, r.maxX), inside(y0 + t0 * dy, r.minY, r.maxY),
            inside(x0 + t1 * dx, r.minX, r.maxX), inside(y0 + t1 * dy, r.minY, r.maxY)
        )
    }

    /// Draws `text` with its baseline at `baseline`, starting at `x`.
    public func text(_ text: String, x: Int, baseline: Int, face: any Typeface, color: RGB) {
        var pen = x
        for scalar in text.unicodeScalars {
            let g = face.glyph(for: scalar)
            let gx = pen + g.left
            let gy = baseline + g.top
            // The part of the glyph on the picture, if any.
            let (r0, r1) = (max(0, -gy), min(g.height, height - gy))
            let (c0, c1) = (max(0, -gx), min(g.width, width - gx))
            if r0 < r1, c0 < c1 {
                for row in r0..<r1 { for col in c0..<c1 { blend(gx + col, gy + row, color, Int(g.coverage[row * g.width + col])) } }
            }
            pen += g.advance
        }
    }
}
