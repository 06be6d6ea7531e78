import Foundation
import TestSupport
import Testing

/// The contract for bad input (README, Exit status; SECURITY.md): the exit code, one line on stderr that names the
/// problem, nothing at all on stdout, quickly, and without allocating what a header declares.
@Suite struct BadInputTests {
    static func pngHeader(width: Int, height: Int) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        // A real IHDR (valid CRC) declaring a huge RGB image, then a tiny IDAT and IEND.
        let ihdr: [UInt8] = Array("IHDR".utf8) + be32(width) + be32(height) + [8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + ihdr + be32(Int(crc32(ihdr)))
            + be32(0) + Array("IDAT".utf8) + be32(Int(crc32(Array("IDAT".utf8))))
    }

    static func jpegHeader(width: Int, height: Int) -> [UInt8] {
        // SOI, then a baseline SOF0 declaring the size, 3 components, and EOI.
        [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 255),
            UInt8(width >> 8), UInt8(width & 255), 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9,
        ]
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        var status: Int32
        var mentions: String
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let jpeg = (try? TestData.bytes("jpeg/libjpeg-turbo/testorig.jpg")) ?? []
        let png = (try? TestData.bytes("pngsuite/PngSuite.png")) ?? []  // 256×256: big enough to be sent
        var badCRC = png
        if !badCRC.isEmpty { badCRC[badCRC.count - 13] ^= 0x55 }  // IDAT's CRC
        return [
            Case(name: "empty", input: [], status: 66, mentions: "empty"),
            Case(name: "text", input: Array("hello, world\n".utf8), status: 65, mentions: "text"),
            Case(name: "GIF", input: Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0], status: 65, mentions: "GIF"),
            Case(name: "WebP", input: Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8), status: 65, mentions: "WebP"),
            Case(name: "truncated JPEG", input: Array(jpeg.prefix(2885)), status: 65, mentions: "truncated"),
            Case(name: "truncated PNG", input: Array(png.prefix(png.count - 40)), status: 65, mentions: "PNG"),
            Case(name: "PNG with a bad CRC", input: badCRC, status: 65, mentions: "CRC"),
            Case(name: "PNG bomb 60000×60000", input: pngHeader(width: 60000, height: 60000), status: 65, mentions: "max-pixels"),
            Case(
                name: "PNG bomb 2^31-1 square", input: pngHeader(width: 0x7FFF_FFFF, height: 0x7FFF_FFFF), status: 65,
                mentions: "max-pixels"),
            Case(name: "JPEG bomb 65000×65000", input: jpegHeader(width: 65000, height: 65000), status: 65, mentions: "max-pixels"),
            Case(
                name: "12-bit JPEG", input: (try? TestData.bytes("jpeg/libjpeg-turbo/testorig12.jpg")) ?? [], status: 65, mentions: "12-bit"
            ),
            Case(name: "too small", input: (try? TestData.bytes("jpeg/mozilla/jpg-size-33x33.jpg")) ?? [], status: 65, mentions: "64 px"),
        ]
    }()

    @Test(arguments: cases)
    func isRefusedCleanly(_ c: Case) throws {
        let result = try Binary.run(["--dry-run"], stdin: c.input)
        #expect(result.status == c.status)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("rekfilter: "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
        #expect(result.stderr.contains(c.mentions), "\(result.stderr)")
        #expect(result.seconds < 1.0)
    }

    @Test func maxPixelsIsAdjustable() throws {
        let input = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let refused = try Binary.run(["--dry-run", "--max-pixels", "1000000"], stdin: input)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("1800×1200"))
        let accepted = try Binary.run(["--dry-run", "--max-pixels", "3000000"], stdin: input)
        #expect(accepted.status == 0)
    }

    @Test func maxInputBytesIsEnforcedForPipesAndFiles() throws {
        let input = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let piped = try Binary.run(["--dry-run", "--max-input-bytes", "1000"], stdin: input)
        #expect(piped.status == 65)
        #expect(piped.stderr.contains("--max-input-bytes"))
        let file = try Binary.run(["--dry-run", "--max-input-bytes", "1000"], stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        #expect(file.status == 65)
    }

    @Test func badFlagIsAUsageError() throws {
        let result = try Binary.run(["--no-such-flag"], stdin: [])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("rekfilter: "))
        #expect(result.stderr.contains("--no-such-flag"))
    }
}
