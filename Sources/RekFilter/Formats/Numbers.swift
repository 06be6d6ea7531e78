/// Number formatting shared by the text formats.
enum Numbers {
    /// Pixels: rounded to 0.01 and written without trailing zeros ("143.25", "200").
    static func pixels(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let hundredths = (v * 100).rounded()
        if hundredths.magnitude >= 1e15 { return String(Int64(v.rounded())) }
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
    /// The box in pixels of a `width`×`height` picture, not clamped (x, y, w, h).
    func pixels(width: Int, height: Int) -> (x: Double, y: Double, w: Double, h: Double) {
        (left * Double(width), top * Double(height), self.width * Double(width), self.height * Double(height))
    }
}
