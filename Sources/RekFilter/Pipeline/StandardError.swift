#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every message rekfilter prints: one line on stderr, starting "rekfilter: ".
public enum StandardError {
    public static func say(_ message: String) {
        let first = message.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        write("rekfilter: " + first + "\n")
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
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
