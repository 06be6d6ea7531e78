/// JSON string and number literals, written byte-exact.
enum JSONText {
    static func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let hex = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 0x0A: out += [92, UInt8(ascii: "n")]
            case 0x0D: out += [92, UInt8(ascii: "r")]
            case 0x09: out += [92, UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}

extension JSONText {
    /// A JSON string literal, as text.
    static func text(_ s: String) -> String { String(decoding: string(s), as: UTF8.self) }
}

extension JSONText {
    /// The bytes of member `key` of the JSON object `json`, as written (nil when absent, null, or
    /// when `json` is not an object): a scan of the top level only, values skipped by their
    /// structure, so a plugin's response is passed on byte for byte.
    static func member(_ key: String, of json: [UInt8]) -> [UInt8]? {
        let keyBytes = Array(key.utf8)
        var i = 0
        func skipSpace() { while i < json.count && [0x20, 0x09, 0x0A, 0x0D].contains(json[i]) { i += 1 } }
        /// Past a string starting at `i` (a quote); its content's range.
        func string() -> Range<Int>? {
            guard i < json.count, json[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            i += 1
            while i < json.count {
                if json[i] == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if json[i] == UInt8(ascii: "\"") {
                    i += 1
                    return start..<(i - 1)
                }
                i += 1
            }
            return nil
        }
        /// Past any value starting at `i`.
        func value() -> Bool {
            guard i < json.count else { return false }
            switch json[i] {
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < json.count {
                    switch json[i] {
                    case UInt8(ascii: "\""):
                        guard string() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            return true
                        }
                    default: break
                    }
                    i += 1
                }
                return false
            default:
                while i < json.count
                    && ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(json[i])
                { i += 1 }
                return true
            }
        }
        skipSpace()
        guard i < json.count, json[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            skipSpace()
            guard let name = string() else { return nil }
            skipSpace()
            guard i < json.count, json[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            let start = i
            guard value() else { return nil }
            if Array(json[name]) == keyBytes {
                let found = Array(json[start..<i])
                return found == Array("null".utf8) ? nil : found
            }
            skipSpace()
            guard i < json.count, json[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }
}
