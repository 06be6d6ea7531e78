/// Number formatting shared by the text formats.
enum Numbers {
    /// Pixels: rounded to 0.01 and written without trailing zeros ("143.25", "200").
    static func pixels(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let hundredths = (v * 100).rounded()
        // Beyond 2^53 a Double holds only integers; beyond 9.2e18 Int64 cannot hold it at all.
        if hundredths.magnitude >= 1e15 { return String(Int64(max(-9e18, min(9e18, v.rounded())))) }
        let n = Int64(hundredths)
        let sign = n < 0 ? "-" : ""
        let whole = n.magnitude / 100, fraction = n.magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(whole) + "." + digits
    }

    /// The shortest text that reads back as the same Double (as JSON writers do).
    static func exact(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        if v == v.rounded(), v.magnitude < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}

extension BoundingBox {
    /// The box in pixels of a `width`×`height` picture, clipped to it (x, y, w, h): the service
    /// may place a box partly outside the picture, and a file may hold any number at all.
    func pixels(width: Int, height: Int) -> (x: Double, y: Double, w: Double, h: Double) {
        func clip(_ v: Double, _ size: Int) -> Double { v.isNaN ? 0 : max(0, min(Double(size), v)) }
        let x0 = clip(left * Double(width), width), y0 = clip(top * Double(height), height)
        let x1 = clip((left + max(0, self.width)) * Double(width), width)
        let y1 = clip((top + max(0, self.height)) * Double(height), height)
        return (x0, y0, max(0, x1 - x0), max(0, y1 - y0))
    }
}
