/// Just enough XML for STS and S3 answers: the text of the first `<tag>…</tag>` (or of each),
/// unescaped. Their answers have no attributes on these tags, no CDATA and no nesting of a tag in itself.
package enum XML {
    package static func value(_ tag: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(tag)>") else { return nil }
        let rest = String(xml[open.upperBound...])
        guard let end = rest.range(of: "</\(tag)>") else { return nil }
        return unescape(String(rest[..<end.lowerBound]))
    }

    /// The text of every `<tag>…</tag>`, in order (not unescaped: each is read with `value`).
    /// One pass over the bytes, for listings of a thousand objects.
    package static func values(_ tag: String, in xml: String) -> [String] {
        let bytes = Array(xml.utf8)
        let open = Array("<\(tag)>".utf8)
        let close = Array("</\(tag)>".utf8)
        var found: [String] = []
        var at = 0
        while let start = find(open, in: bytes, from: at) {
            let inner = start + open.count
            guard let end = find(close, in: bytes, from: inner) else { break }
            found.append(String(decoding: bytes[inner..<end], as: UTF8.self))
            at = end + close.count
        }
        return found
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = from
        while i <= bytes.count - needle.count {
            if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    package static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = s
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            out = out.replacingAll(entity, with: char)
        }
        return out
    }
}
