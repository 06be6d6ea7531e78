import Glibc
import RekFilter

/// Every message rekfilter prints: one line on stderr, starting "rekfilter: ".
public enum StandardError {
    public static func say(_ message: String) {
        write("rekfilter: " + oneLine(message) + "\n")
    }

    /// `message` with every control character escaped (`\n`, `\t`, `\r`, `\x1b`, `\u{85}` …):
    /// whatever a name, a path or a server put in it, a message stays one line and cannot
    /// steer the terminal.
    public static func oneLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: isControl) else { return message }
        var out = ""
        for scalar in message.unicodeScalars {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                out += scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{" + hex + "}"
            }
        }
        return out
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Whether stderr is a terminal (progress is shown only there unless asked for).
    public static var isTerminal: Bool { isatty(2) == 1 }

    /// Raw text on stderr (the progress line's in-place redraws).
    static func write(_ text: String) {
        var line = Array(text.utf8)
        line.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
