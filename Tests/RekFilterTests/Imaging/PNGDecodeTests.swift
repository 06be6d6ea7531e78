import TestSupport
import Testing

@testable import RekFilter

/// libpng through the shim, over the whole PngSuite.
@Suite struct PNGDecodeTests {
    static let suite = (try? TestData.files(in: "pngsuite", suffix: ".png")) ?? []
    static let valid = suite.filter { !$0.hasPrefix("x") }
    static let corrupt = suite.filter { $0.hasPrefix("x") }

    func decode(_ bytes: [UInt8]) throws -> PixelBuffer {
        let source = try SourceImage(bytes: bytes)
        return try source.decode()
    }

    @Test func theWholeSuiteIsThere() {
        #expect(Self.valid.count >= 160)
        #expect(Self.corrupt.count == 14)
    }

    @Test(arguments: valid)
    func everyValidFileDecodes(_ name: String) throws {
        let bytes = try TestData.bytes("pngsuite/\(name)")
        let source = try SourceImage(bytes: bytes)
        let pixels = try source.decode()
        #expect(pixels.width == source.header.width && pixels.height == source.header.height)
        #expect(pixels.channels == 3 || pixels.channels == 4)
    }

    @Test(arguments: corrupt)
    func everyCorruptFileIsRefused(_ name: String) throws {
        let bytes = try TestData.bytes("pngsuite/\(name)")
        #expect(throws: ImageError.self) { try decode(bytes) }
    }

    /// Adam7 `basi*` must give exactly the pixels of its non-interlaced twin `basn*`.
    @Test(arguments: valid.filter { $0.hasPrefix("basi") })
    func interlacedEqualsItsTwin(_ name: String) throws {
        let interlaced = try decode(TestData.bytes("pngsuite/\(name)"))
        let plain = try decode(TestData.bytes("pngsuite/basn" + name.dropFirst(4)))
        #expect(interlaced.samePixels(plain))
    }

    /// libpng's own interlaced copies (`i*`) against their plain versions.
    @Test(arguments: (try? TestData.files(in: "pngsuite/libpng-contrib", suffix: ".png"))?.filter { $0.hasPrefix("i") } ?? [])
    func libpngInterlacedCopiesEqualTheirTwins(_ name: String) throws {
        let interlaced = try decode(TestData.bytes("pngsuite/libpng-contrib/\(name)"))
        let plain = try decode(TestData.bytes("pngsuite/libpng-contrib/\(name.dropFirst())"))
        #expect(interlaced.samePixels(plain))
    }

    /// A 16-bit file equals its 8-bit original after scaling (v·257 → v), for RGB and gray.
    @Test(arguments: [("basn2c08.png", 2), ("basn0g08.png", 0), ("basn6a08.png", 6)])
    func sixteenBitEqualsEightBitAfterScaling(_ name: String, _ colorType: Int) throws {
        let original = try decode(TestData.bytes("pngsuite/\(name)"))
        let samples = colorType == 0 ? 1 : colorType == 2 ? 3 : 4
        var rows = [[UInt8]]()
        for y in 0..<original.height {
            var row = [UInt8]()
            for x in 0..<original.width {
                let p = original.pixel(x: x, y: y)
                for c in 0..<samples { row += [p[c], p[c]] }  // v * 257 big-endian
            }
            rows.append(row)
        }
        let png16 = TestPNG.make(width: original.width, height: original.height, bitDepth: 16, colorType: colorType, rows: rows)
        let decoded = try decode(png16)
        #expect(decoded.samePixels(original))
    }

    @Test func paletteWithTransparencyGivesRGBA() throws {
        let pixels = try decode(TestData.bytes("pngsuite/tbbn3p08.png"))
        #expect(pixels.channels == 4)
        let alphas = Set((0..<pixels.height).flatMap { y in (0..<pixels.width).map { pixels.pixel(x: $0, y: y)[3] } })
        #expect(alphas.contains(0) && alphas.contains(255))
    }

    @Test func lowBitDepthGrayIsExpandedToFullRange() throws {
        // basn0g01: 1-bit gray, so every value must be 0 or 255.
        let pixels = try decode(TestData.bytes("pngsuite/basn0g01.png"))
        var seen = Set<UInt8>()
        for y in 0..<pixels.height { for x in 0..<pixels.width { seen.insert(pixels.pixel(x: x, y: y)[0]) } }
        #expect(seen == [0, 255])
    }

    @Test func badCRCIsCorrupt() throws {
        var bytes = try TestData.bytes("pngsuite/basn2c08.png")
        bytes[bytes.count - 13] ^= 0xFF  // the last byte of IDAT's CRC (IEND is the last 12 bytes)
        do {
            _ = try decode(bytes)
            Issue.record("decoded")
        } catch let error as ImageError {
            #expect("\(error)".contains("CRC"))
        }
    }

    /// Cut at every byte: each prefix is refused, none decodes.
    @Test func everyTruncationIsRefused() throws {
        let bytes = try TestData.bytes("pngsuite/basn2c08.png")
        for length in 0..<bytes.count {
            #expect(throws: ImageError.self, "cut at \(length)") { try decode(Array(bytes.prefix(length))) }
        }
    }

    @Test func truncationIsReportedAsSuch() throws {
        let bytes = try TestData.bytes("pngsuite/basn2c08.png")
        do {
            _ = try decode(Array(bytes.prefix(bytes.count - 30)))
            Issue.record("a truncated file decoded")
        } catch let error as ImageError {
            guard case .truncated(.png, _) = error else {
                Issue.record("expected truncated, got \(error)")
                return
            }
        }
    }
}
