import Glibc

/// Fonts, found as README, Output formats says: `--font PATH`, else DejaVu Sans at Debian's standard
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
                if let face = FreeTypeFace(path: candidate, pixelSize: pixelSize, diagnostics: diagnostics) {
                    loaded = face
                    break
                }
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
