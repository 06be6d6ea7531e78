/// Numbers as rekfilter writes them (request bodies, text formats): one formatter for each kind.
enum Numbers {
    /// Pixels: rounded to 0.01 and written without trailing zeros ("143.25", "200").
    static func pixels(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let hundredths = (v * 100).rounded()
        // Beyond 2^53 a Double holds only integers; beyond 9.2e18 Int64 cannot hold it at all.
        if hundredths.magnitude >= 1e15 { return String(Int64(max(-9e18, min(9e18, v.rounded())))) }
        let n = Int64(hundredths)
        let sign = n < 0 ? "-" : ""
        let whole = n.magnitude / 100
        let fraction = n.magnitude % 100
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
