/// Small String helpers the library needs without full Foundation.
extension StringProtocol {
    /// Trims characters made only of the scalars in `set` (so "\r\n", one Character, trims too).
    package func trimmingCharacters(in set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        func trim(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { scalars.contains($0) } }
        var s = Substring(self)
        while let f = s.first, trim(f) { s = s.dropFirst() }
        while let l = s.last, trim(l) { s = s.dropLast() }
        return String(s)
    }
}

extension String {
    /// The string with control characters written as escapes (`\n`, `\u{1b}`), for a
    /// message that must stay on one line whatever a file is called.
    package var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The first occurrence of `needle`.
    package func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty, needle.count <= count else { return nil }
        var i = startIndex
        while let end = index(i, offsetBy: needle.count, limitedBy: endIndex) {
            if self[i..<end] == needle { return i..<end }
            i = index(after: i)
        }
        return nil
    }

    package func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self
        while let r = rest.range(of: target) {
            result += rest[..<r.lowerBound] + replacement
            rest = String(rest[r.upperBound...])
        }
        return result + rest
    }
}
