/// Base64 written straight into a destination buffer: the image goes into the request body
/// without an intermediate string.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encodedCount(_ n: Int) -> Int { (n + 2) / 3 * 4 }

    /// Appends the encoding of `input` to `out`.
    static func append(_ input: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        let count = encodedCount(input.count)
        out.append(contentsOf: repeatElement(0, count: count))
        out.withUnsafeMutableBufferPointer { buffer in
            alphabet.withUnsafeBufferPointer { a in
                var o = start
                var i = 0
                let n = input.count
                while i + 3 <= n {
                    let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                    buffer[o] = a[Int(v >> 18)]
                    buffer[o + 1] = a[Int(v >> 12 & 63)]
                    buffer[o + 2] = a[Int(v >> 6 & 63)]
                    buffer[o + 3] = a[Int(v & 63)]
                    i += 3
                    o += 4
                }
                if n - i == 1 {
                    let v = UInt32(input[i]) << 16
                    buffer[o] = a[Int(v >> 18)]; buffer[o + 1] = a[Int(v >> 12 & 63)]
                    buffer[o + 2] = UInt8(ascii: "="); buffer[o + 3] = UInt8(ascii: "=")
                } else if n - i == 2 {
                    let v = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
                    buffer[o] = a[Int(v >> 18)]; buffer[o + 1] = a[Int(v >> 12 & 63)]
                    buffer[o + 2] = a[Int(v >> 6 & 63)]; buffer[o + 3] = UInt8(ascii: "=")
                }
            }
        }
    }
}
