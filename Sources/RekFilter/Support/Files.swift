#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small file helpers on the C library (the library avoids full Foundation for start-up time).
public enum Files {
    /// Why a file could not be read: the C library's errno, or EFBIG for one over the limit.
    public struct ReadFailure: Error, Equatable, Sendable {
        public var errno: Int32
        public var reason: String { String(cString: strerror(errno)) }
    }

    /// The whole file, or nil when it cannot be read. Refuses files over `limit` bytes.
    static func read(_ path: String, limit: Int = 16 << 20) -> [UInt8]? {
        try? contents(path, limit: limit).get()
    }

    /// The whole file, or why not. Refuses files over `limit` bytes (EFBIG) and folders (EISDIR).
    public static func contents(_ path: String, limit: Int = 16 << 20) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadFailure(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return .failure(ReadFailure(errno: EISDIR)) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return .failure(ReadFailure(errno: errno)) }
            if n == 0 { return .success(bytes) }
            bytes += chunk[0..<n]
            if bytes.count > limit { return .failure(ReadFailure(errno: EFBIG)) }
        }
    }

    /// Whether `path` is a folder (following links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func readText(_ path: String) -> String? {
        read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Permission bits of `path`, nil if it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }
}

/// Wall-clock time as seconds since 1970, and the formats AWS uses for it.
public enum WallClock {
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// "20150830T123600Z", as X-Amz-Date wants it.
    public static func amzDate(_ seconds: Double) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }

    /// Parses ISO 8601 as AWS returns it ("2026-11-25T21:00:00Z", optional fraction, "+00:00").
    public static func parseISO8601(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func num(_ r: Range<Int>) -> Int32? {
            var v: Int32 = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int32(b[i] - 48) }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10),
              let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19) else { return nil }
        var parts = tm()
        parts.tm_year = y - 1900; parts.tm_mon = mo - 1; parts.tm_mday = d
        parts.tm_hour = h; parts.tm_min = mi; parts.tm_sec = s
        var seconds = Double(timegm(&parts))
        // A zone offset other than Z: "+hh:mm" / "-hh:mm" after any fraction.
        if let sign = b[19...].firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }),
           sign + 6 <= b.count, let oh = num(sign + 1..<sign + 3), let om = num(sign + 4..<sign + 6) {
            let offset = Double(oh * 3600 + om * 60)
            seconds += b[sign] == UInt8(ascii: "+") ? -offset : offset
        }
        return seconds
    }
}
