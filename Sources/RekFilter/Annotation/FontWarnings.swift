import Basics

/// Font problems worth telling the user, each said once per run (drawing goes on regardless).
enum FontWarnings {
    private static let said = Locked<Set<String>>([])

    /// `--font PATH` cannot be loaded: the default font is used instead.
    static func unusable(_ path: String, _ diagnostics: (any Diagnostics)?) {
        guard let diagnostics else { return }
        once("font:" + path) {
            diagnostics.warning("cannot load the font \(path) (missing, unreadable or not a font): using the default font")
        }
    }

    /// A character the font has no glyph for (drawn as the font's empty box).
    static func missing(_ scalar: Unicode.Scalar, font: String, _ diagnostics: (any Diagnostics)?) {
        guard let diagnostics else { return }
        // One such warning a run: the first character missing names the problem.
        let shouldSay = said.withLock { $0.insert("glyph").inserted }
        if shouldSay {
            let code = String(scalar.value, radix: 16, uppercase: true)
            diagnostics.warning(
                "the font \(font) has no glyph for '\(scalar)' (U+\(code)) in a label: it is drawn as a box; "
                    + "give --font a font that has it")
        }
    }

    private static func once(_ key: String, _ say: () -> Void) {
        let first = said.withLock { $0.insert(key).inserted }
        if first { say() }
    }
}
