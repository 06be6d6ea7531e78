import CFreeType

/// A TrueType/OpenType font rendered by FreeType with anti-aliasing. Glyphs are rendered once
/// and cached. Not thread-safe: each worker draws with its own (FreeType's library handle is
/// per thread).
public final class FreeTypeFace: Typeface {
    private var library: FT_Library?
    private var face: FT_Face?
    private var cache: [Unicode.Scalar: Glyph] = [:]
    public let ascent: Int
    public let descent: Int
    let path: String
    let diagnostics: (any Diagnostics)?

    public init?(path: String, pixelSize: Int, diagnostics: (any Diagnostics)? = nil) {
        self.path = path
        self.diagnostics = diagnostics
        guard FT_Init_FreeType(&library) == 0 else { return nil }
        guard FT_New_Face(library, path, 0, &face) == 0, let face,
            FT_Set_Pixel_Sizes(face, 0, FT_UInt(max(1, pixelSize))) == 0
        else {
            FT_Done_FreeType(library)
            return nil
        }
        let metrics = face.pointee.size.pointee.metrics
        ascent = Int((metrics.ascender + 63) >> 6)
        descent = Int((-metrics.descender + 63) >> 6)
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    public func glyph(for scalar: Unicode.Scalar) -> Glyph {
        if let cached = cache[scalar] { return cached }
        let rendered = render(scalar)
        cache[scalar] = rendered
        return rendered
    }

    private func render(_ scalar: Unicode.Scalar) -> Glyph {
        let empty = Glyph(width: 0, height: 0, coverage: [], left: 0, top: 0, advance: ascent / 3)
        guard let face else { return empty }
        // A character the font lacks renders as its .notdef box (index 0), as in any text view,
        // and the user is told once which characters those are.
        let index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
        if index == 0 && scalar.value >= 0x20 { FontWarnings.missing(scalar, font: path, diagnostics) }
        guard FT_Load_Glyph(face, index, Int32(FT_LOAD_RENDER)) == 0, let slot = face.pointee.glyph else { return empty }
        let bitmap = slot.pointee.bitmap
        let width = Int(bitmap.width)
        let rows = Int(bitmap.rows)
        let pitch = Int(bitmap.pitch)
        var coverage = [UInt8](repeating: 0, count: width * rows)
        if let buffer = bitmap.buffer, width > 0, rows > 0 {
            for y in 0..<rows {
                let src = pitch >= 0 ? buffer + y * pitch : buffer + (rows - 1 - y) * (-pitch)
                for x in 0..<width { coverage[y * width + x] = src[x] }
            }
        }
        return Glyph(
            width: width, height: rows, coverage: coverage, left: Int(slot.pointee.bitmap_left),
            top: -Int(slot.pointee.bitmap_top), advance: Int((slot.pointee.advance.x + 32) >> 6))
    }
}

extension FreeTypeFace {
    /// FreeType's version as loaded ("2.12.1").
    public static var libraryVersion: String {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0 else { return "unknown" }
        defer { FT_Done_FreeType(library) }
        var (major, minor, patch): (FT_Int, FT_Int, FT_Int) = (0, 0, 0)
        FT_Library_Version(library, &major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
