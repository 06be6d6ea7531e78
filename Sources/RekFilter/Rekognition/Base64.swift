import CSystem

/// Base64 written straight into a destination buffer: the image goes into the request body
/// without an intermediate string. The bulk goes through AVX2 where the CPU has it.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encodedCount(_ n: Int) -> Int { (n + 2) / 3 * 4 }

    /// Appends the encoding of `input` to `out`.
    static func append(_ input: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: encodedCount(input.count)))
        out.withUnsafeMutableBufferPointer { _ = encode(input, into: $0.baseAddress! + start) }
    }

    /// Writes the encoding of `input` at `out` (which has room for `encodedCount(input.count)`
    /// bytes); returns how many bytes it wrote. Padding only at the very end, so a long input
    /// can be encoded in pieces whose lengths are multiples of 3.
    /// Every 12-bit value → its two base64 characters, as one little-endian UInt16: two
    /// lookups per 3 input bytes instead of four.
    static let pairs: [UInt16] = (0..<4096).map { v in UInt16(alphabet[v >> 6]) | UInt16(alphabet[v & 63]) << 8 }

    @discardableResult
    static func encode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let n = input.count
        let whole = n / 3 * 3
        pairs.withUnsafeBufferPointer { table in
            guard let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            let dst = UnsafeMutableRawPointer(out)
            let vectored = rf_base64_bulk(src, n, out)
            var i = vectored
            var o = vectored / 3 * 4
            while i < whole {
                let v = Int(src[i]) << 16 | Int(src[i + 1]) << 8 | Int(src[i + 2])
                dst.storeBytes(of: table[v >> 12], toByteOffset: o, as: UInt16.self)
                dst.storeBytes(of: table[v & 0xFFF], toByteOffset: o + 2, as: UInt16.self)
                i += 3
                o += 4
            }
        }
        var o = whole / 3 * 4
        if n - whole == 1 {
            let v = UInt32(input[whole]) << 16
            out[o] = alphabet[Int(v >> 18)]
            out[o + 1] = alphabet[Int(v >> 12 & 63)]
            out[o + 2] = UInt8(ascii: "=")
            out[o + 3] = UInt8(ascii: "=")
            o += 4
        } else if n - whole == 2 {
            let v = UInt32(input[whole]) << 16 | UInt32(input[whole + 1]) << 8
            out[o] = alphabet[Int(v >> 18)]
            out[o + 1] = alphabet[Int(v >> 12 & 63)]
            out[o + 2] = alphabet[Int(v >> 6 & 63)]
            out[o + 3] = UInt8(ascii: "=")
            o += 4
        }
        return o
    }
}
