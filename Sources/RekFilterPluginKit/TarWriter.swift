/// A POSIX tar archive (ustar, with a pax header for names over 100 bytes), written member by
/// member as it goes — for a format whose stream form is a set of files (one label file a
/// frame). `tar` and Python's `tarfile` read it.
public enum TarWriter {
    /// One file: its header and its contents, padded to 512-byte blocks. `name` is used as given
    /// (relative, `/`-separated); `modified` in seconds since 1970.
    public static func member(_ name: String, _ contents: [UInt8], modified: Int = 0, mode: Int = 0o644) -> [UInt8] {
        var out: [UInt8] = []
        let path = Array(name.utf8)
        var short = path
        if path.count > 100 {
            // A pax extended header carries the whole name; the ustar field keeps its tail.
            let body = " path=" + name + "\n"
            // The record starts with its own length in decimal, that number's digits included.
            var length = body.utf8.count + 1
            while length != body.utf8.count + String(length).count { length = body.utf8.count + String(length).count }
            let record = String(length) + body
            out += header(name: Array("PaxHeader".utf8), size: record.utf8.count, modified: modified, mode: 0o644, type: 0x78)
            out += pad(Array(record.utf8))
            short = Array(path.suffix(100))
        }
        out += header(name: short, size: contents.count, modified: modified, mode: mode, type: 0x30)
        out += pad(contents)
        return out
    }

    /// The end of the archive: two zero blocks.
    public static let end = [UInt8](repeating: 0, count: 1024)

    static func pad(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
    }

    static func header(name: [UInt8], size: Int, modified: Int, mode: Int, type: UInt8) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int, max: Int) {
            for (i, b) in bytes.prefix(max).enumerated() { h[offset + i] = b }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(Array((String(repeating: "0", count: Swift.max(0, width - 1 - digits.count)) + digits).utf8), at: offset, max: width - 1)
        }
        put(name, at: 0, max: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)  // uid
        octal(0, at: 116, width: 8)  // gid
        octal(size, at: 124, width: 12)
        octal(Swift.max(0, modified), at: 136, width: 12)
        h[156] = type
        put(Array("ustar\0".utf8), at: 257, max: 6)
        put(Array("00".utf8), at: 263, max: 2)
        // The checksum is taken with its own field as spaces.
        for i in 148..<156 { h[i] = 0x20 }
        let sum = h.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        h[155] = 0x20
        return h
    }
}
