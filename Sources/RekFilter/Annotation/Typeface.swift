import Glibc

/// One rendered glyph: an 8-bit coverage mask and how to place it.
public struct Glyph: Sendable {
    public var width: Int
    public var height: Int
    /// Coverage 0…255, `width × height`, row by row.
    public var coverage: [UInt8]
    /// Offset of the mask's top-left from the pen position on the baseline (y grows downward).
    public var left: Int
    public var top: Int
    /// How far the pen moves after this glyph.
    public var advance: Int
}

/// A font at one pixel size: what the annotator needs to measure and draw text.
public protocol Typeface: AnyObject {
    /// Pixels above and below the baseline that a line of text needs.
    var ascent: Int { get }
    var descent: Int { get }
    func glyph(for scalar: Unicode.Scalar) -> Glyph
}

extension Typeface {
    public var lineHeight: Int { ascent + descent }

    /// Width of `text` in pixels.
    public func width(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + glyph(for: $1).advance }
    }
}
