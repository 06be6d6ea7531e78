/// The fallback when no TrueType font loads: a 12-px bitmap font scaled by a whole factor
/// towards the requested size. Characters outside ASCII are drawn as "?".
public final class BuiltinFace: Typeface {
    let scale: Int
    public var ascent: Int { BuiltinFontData.ascent * scale }
    public var descent: Int { BuiltinFontData.descent * scale }

    public init(pixelSize: Int) {
        scale = max(1, Int((Double(pixelSize) / Double(BuiltinFontData.ascent + BuiltinFontData.descent)).rounded()))
    }

    public func glyph(for scalar: Unicode.Scalar) -> Glyph {
        let index = (32...126).contains(scalar.value) ? Int(scalar.value) - 32 : Int(UInt8(ascii: "?")) - 32
        let rows = BuiltinFontData.rows[index]
        let width = 8 * scale
        let height = rows.count * scale
        var coverage = [UInt8](repeating: 0, count: width * height)
        for (y, bits) in rows.enumerated() where bits != 0 {
            for x in 0..<8 where bits & (0x80 >> x) != 0 {
                for dy in 0..<scale { for dx in 0..<scale { coverage[(y * scale + dy) * width + x * scale + dx] = 255 } }
            }
        }
        return Glyph(width: width, height: height, coverage: coverage, left: 0, top: -ascent, advance: BuiltinFontData.advance * scale)
    }
}
