import Foundation
import TestSupport

@testable import RekFilter

/// Images made by the tests themselves.
enum TestImages {
    /// A buffer filled by `value(x, y, channel)`.
    static func buffer(
        width: Int, height: Int, channels: Int = 3,
        _ value: (Int, Int, Int) -> UInt8
    ) throws -> PixelBuffer {
        let b = try PixelBuffer(width: width, height: height, channels: channels)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { b.pixels[y * b.stride + x * channels + c] = value(x, y, c) }
            }
        }
        return b
    }

    /// Deterministic noise: the hardest content to compress, the worst case for fitting.
    static func noise(width: Int, height: Int, channels: Int = 3, seed: UInt64 = 1) throws -> PixelBuffer {
        let b = try PixelBuffer(width: width, height: height, channels: channels)
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        let count = b.byteCount
        var i = 0
        while i < count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            var v = state
            for _ in 0..<8 where i < count {
                b.pixels[i] = UInt8(truncatingIfNeeded: v)
                v >>= 8
                i += 1
            }
        }
        return b
    }

    /// A smooth gradient with a few shapes: photo-like, compresses like a photo.
    static func gradient(width: Int, height: Int) throws -> PixelBuffer {
        try buffer(width: width, height: height) { x, y, c in
            let base =
                c == 0 ? x * 255 / max(1, width - 1) : c == 1 ? y * 255 / max(1, height - 1) : (x + y) * 255 / max(1, width + height - 2)
            let inBox = x > width / 4 && x < width / 2 && y > height / 3 && y < 2 * height / 3
            return UInt8(inBox ? 255 - base : base)
        }
    }
}

/// A minimal PNG writer for tests: any bit depth and color type, stored (uncompressed)
/// deflate blocks, so the tests can make 16-bit twins, bombs and broken files byte by byte.
enum TestPNG {
    static func make(
        width: Int, height: Int, bitDepth: Int = 8, colorType: Int = 2,
        rows: [[UInt8]]? = nil, extraChunks: [(String, [UInt8])] = [], idat: [UInt8]? = nil
    ) -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr = be32(width) + be32(height)
        ihdr += [UInt8(bitDepth), UInt8(colorType), 0, 0, 0]
        png += chunk("IHDR", ihdr)
        for (type, data) in extraChunks { png += chunk(type, data) }
        var raw = [UInt8]()
        for row in rows ?? [] {
            raw.append(0)
            raw += row
        }
        png += chunk("IDAT", idat ?? zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return be32(data.count) + typeBytes + data + be32(Int(crc32(typeBytes + data)))
    }

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65535, data.count - offset)
            let final: UInt8 = offset + n == data.count ? 1 : 0
            out += [final, UInt8(n & 255), UInt8(n >> 8), UInt8(~n & 255), UInt8(~n >> 8 & 255)]
            out += data[offset..<offset + n]
            offset += n
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(Int(b << 16 | a))
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

extension PixelBuffer {
    /// Mean absolute difference per channel value against `other` (same size), over RGB.
    func meanAbsoluteDifference(_ other: PixelBuffer) -> Double {
        precondition(width == other.width && height == other.height)
        var total = 0
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    total += abs(Int(pixels[y * stride + x * channels + c]) - Int(other.pixels[y * other.stride + x * other.channels + c]))
                }
            }
        }
        return Double(total) / Double(width * height * 3)
    }

    /// Exactly equal pixels (all channels).
    func samePixels(_ other: PixelBuffer) -> Bool {
        width == other.width && height == other.height && channels == other.channels
            && memcmp(pixels, other.pixels, byteCount) == 0
    }
}
