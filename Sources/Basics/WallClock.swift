import Glibc

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

    /// "2026-11-26T08:54:16.379Z": ISO 8601 in UTC, with milliseconds.
    public static func iso8601(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        let stamp = amzDate(whole)  // 20261126T085416Z
        let b = Array(stamp)
        let millis = Int((seconds - whole) * 1000)
        let ms = String(millis)
        return String(b[0..<4]) + "-" + String(b[4..<6]) + "-" + String(b[6..<8]) + "T" + String(b[9..<11]) + ":"
            + String(b[11..<13]) + ":" + String(b[13..<15]) + "." + String(repeating: "0", count: 3 - ms.count) + ms + "Z"
    }

    /// Parses ISO 8601 as AWS returns it ("2026-11-25T21:00:00Z", optional fraction, "+00:00").
    public static func parseISO8601(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func num(_ r: Range<Int>) -> Int32? {
            var v: Int32 = 0
            for i in r {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int32(b[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10),
            let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19)
        else { return nil }
        var parts = tm()
        parts.tm_year = y - 1900
        parts.tm_mon = mo - 1
        parts.tm_mday = d
        parts.tm_hour = h
        parts.tm_min = mi
        parts.tm_sec = s
        var seconds = Double(timegm(&parts))
        // A zone offset other than Z: "+hh:mm" / "-hh:mm" after any fraction.
        if let sign = b[19...].firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }),
            sign + 6 <= b.count, let oh = num(sign + 1..<sign + 3), let om = num(sign + 4..<sign + 6)
        {
            let offset = Double(oh * 3600 + om * 60)
            seconds += b[sign] == UInt8(ascii: "+") ? -offset : offset
        }
        return seconds
    }

    /// Parses an HTTP date ("Thu, 26 Nov 2026 10:08:56 GMT", RFC 7231's IMF-fixdate), as in a
    /// Date header.
    public static func parseHTTPDate(_ text: String) -> Double? {
        let words = text.split(separator: " ")
        guard words.count == 6, words[5] == "GMT", let day = Int32(words[1]), let year = Int32(words[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let month = months.firstIndex(of: String(words[2])) else { return nil }
        let clock = words[4].split(separator: ":").compactMap { Int32($0) }
        guard clock.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = clock[0]
        parts.tm_min = clock[1]
        parts.tm_sec = clock[2]
        return Double(timegm(&parts))
    }
}
