#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every message rekfilter prints: one line on stderr, starting "rekfilter: ".
public enum StandardError {
    public static func say(_ message: String) {
        let first = message.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        var line = Array(("rekfilter: " + first + "\n").utf8)
        line.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(2, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
