#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Fonts, found the way the SPEC asks: `--font PATH`, else DejaVu Sans at Debian's standard
/// paths, else the built-in bitmap font — so drawing never fails.
public enum Fonts {
    public static let standardPaths = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/usr/local/share/fonts/DejaVuSans-Bold.ttf",
    ]

    /// A typeface at `pixelSize`; `path` first when given. Loaded once per thread and size
    /// (a stream draws every frame at the same size), since FreeType handles are per thread.
    public static func load(path: String?, pixelSize: Int, diagnostics: (any Diagnostics)? = nil) -> any Typeface {
        let cache = FaceCache.current
        let key = "\(pixelSize)\u{0}\(path ?? "")"
        if let face = cache.faces[key] { return face }
        var loaded: any Typeface = BuiltinFace(pixelSize: pixelSize)
        if let path {
            if let face = FreeTypeFace(path: path, pixelSize: pixelSize, diagnostics: diagnostics) {
                loaded = face
            } else {
                FontWarnings.unusable(path, diagnostics)
            }
        }
        if loaded is BuiltinFace {
            for candidate in standardPaths {
                if let face = FreeTypeFace(path: candidate, pixelSize: pixelSize, diagnostics: diagnostics) { loaded = face; break }
            }
        }
        if cache.faces.count > 16 { cache.faces.removeAll() }
        cache.faces[key] = loaded
        return loaded
    }
}

/// The typefaces of one thread.
final class FaceCache {
    var faces: [String: any Typeface] = [:]

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<FaceCache>.fromOpaque(pointer).release() }
        }
        return key
    }()

    static var current: FaceCache {
        if let pointer = pthread_getspecific(key) { return Unmanaged<FaceCache>.fromOpaque(pointer).takeUnretainedValue() }
        let cache = FaceCache()
        pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }
}

/// Font problems worth telling the user, each said once per run (drawing goes on regardless).
enum FontWarnings {
    private static let said = Locked<Set<String>>([])

    /// `--font PATH` cannot be loaded: the default font is used instead.
    static func unusable(_ path: String, _ diagnostics: (any Diagnostics)?) {
        guard let diagnostics else { return }
        once("font:" + path) { diagnostics.warning("cannot load the font \(path) (missing, unreadable or not a font): using the default font") }
    }

    /// A character the font has no glyph for (drawn as the font's empty box).
    static func missing(_ scalar: Unicode.Scalar, font: String, _ diagnostics: (any Diagnostics)?) {
        guard let diagnostics else { return }
        // One such warning a run: the first character missing names the problem.
        let shouldSay = said.withLock { $0.insert("glyph").inserted }
        if shouldSay {
            let code = String(scalar.value, radix: 16, uppercase: true)
            diagnostics.warning("the font \(font) has no glyph for '\(scalar)' (U+\(code)) in a label: it is drawn as a box; "
                + "give --font a font that has it")
        }
    }

    private static func once(_ key: String, _ say: () -> Void) {
        let first = said.withLock { $0.insert(key).inserted }
        if first { say() }
    }
}
