import TestSupport
import Testing

@testable import RekFilter

@Suite struct OrientationTests {
    /// Each of the 18 sample photos, once upright, matches its orientation-1 twin.
    @Test(arguments: ["Landscape", "Portrait"], 0...8)
    func everyOrientationComesOutUpright(_ kind: String, _ value: Int) throws {
        let source = try SourceImage(bytes: TestData.bytes("exif-orientation/\(kind)_\(value).jpg"))
        #expect(source.header.orientation.rawValue == max(1, value))
        let reference = try SourceImage(bytes: TestData.bytes("exif-orientation/\(kind)_1.jpg"))
        // Compare at 1/8 scale: the photos were re-encoded per orientation, so only the
        // picture, not the exact pixels, is the same.
        let upright = try source.header.orientation.apply(to: source.decode(scale: 1))
        let expected = try reference.decode(scale: 1)
        #expect(upright.width == expected.width && upright.height == expected.height)
        #expect(upright.meanAbsoluteDifference(expected) < 3.0)
    }

    /// The transforms themselves, on a 3×2 picture whose pixels are their own coordinates.
    @Test(arguments: Orientation.allCases)
    func transformMapsEveryPixel(_ orientation: Orientation) throws {
        let stored = try TestImages.buffer(width: 3, height: 2) { x, y, c in UInt8(c == 0 ? x : c == 1 ? y : 0) }
        let out = try orientation.apply(to: stored)
        #expect((out.width, out.height) == (orientation.swapsAxes ? (2, 3) : (3, 2)))
        // Expected positions per EXIF's definition, written out by hand for the top-left output pixel.
        let topLeft: [Orientation: (Int, Int)] = [
            .up: (0, 0), .upMirrored: (2, 0), .down: (2, 1), .downMirrored: (0, 1),
            .leftMirrored: (0, 0), .right: (0, 1), .rightMirrored: (2, 1), .left: (2, 0),
        ]
        let p = out.pixel(x: 0, y: 0)
        #expect((Int(p[0]), Int(p[1])) == topLeft[orientation]!)
        // Every stored pixel appears exactly once.
        var seen = Set<[UInt8]>()
        for y in 0..<out.height { for x in 0..<out.width { seen.insert(out.pixel(x: x, y: y)) } }
        #expect(seen.count == 6)
    }

    @Test func uprightIsNotCopied() throws {
        let buffer = try TestImages.buffer(width: 4, height: 4) { _, _, _ in 7 }
        #expect(try Orientation.up.apply(to: buffer) === buffer)
    }
}

@Suite struct EXIFTests {
    /// An APP1 payload with IFD0 holding `entries` (tag, type, count, value).
    static func app1(littleEndian: Bool, entries: [(Int, Int, Int, Int)], ifdOffset: Int = 8) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { littleEndian ? [UInt8(v & 255), UInt8(v >> 8 & 255)] : [UInt8(v >> 8 & 255), UInt8(v & 255)] }
        func u32(_ v: Int) -> [UInt8] { littleEndian ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF) }
        var tiff: [UInt8] = littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]
        tiff += u16(42) + u32(ifdOffset)
        while tiff.count < ifdOffset { tiff.append(0) }
        tiff += u16(entries.count)
        for (tag, type, count, value) in entries {
            tiff += u16(tag) + u16(type) + u32(count) + (type == 3 ? u16(value) + [0, 0] : u32(value))
        }
        tiff += u32(0)
        return Array("Exif".utf8) + [0, 0] + tiff
    }

    func orientation(_ payload: [UInt8]) -> Orientation? {
        payload.withUnsafeBytes { EXIF.orientation(inAPP1: $0) }
    }

    @Test(arguments: [true, false], 1...8)
    func readsBothByteOrders(_ little: Bool, _ value: Int) {
        let payload = Self.app1(littleEndian: little, entries: [(0x010F, 2, 4, 0), (0x0112, 3, 1, value)])
        #expect(orientation(payload)?.rawValue == value)
    }

    @Test func malformedBlocksAreIgnoredNotFatal() {
        let good = Self.app1(littleEndian: true, entries: [(0x0112, 3, 1, 6)])
        #expect(orientation(good) == .right)
        #expect(orientation(Array(good.prefix(20))) == nil)  // cut inside the IFD
        var farIFD = good
        farIFD[12] = 0xFF
        farIFD[13] = 0x7F  // IFD offset far past the end
        #expect(orientation(farIFD) == nil)
        #expect(orientation(Self.app1(littleEndian: true, entries: [(0x0112, 3, 1, 6)], ifdOffset: 600)) == .right)
        #expect(orientation(Self.app1(littleEndian: true, entries: [(0x0112, 4, 1, 6)])) == nil)  // wrong type
        #expect(orientation(Self.app1(littleEndian: true, entries: [(0x0112, 3, 1, 9)])) == nil)  // out of range
        #expect(orientation(Self.app1(littleEndian: true, entries: [(0x0112, 3, 1, 0)])) == nil)
        var badMagic = good
        badMagic[8] = 43
        #expect(orientation(badMagic) == nil)
        #expect(orientation(Array("Exif".utf8)) == nil)
        #expect(orientation([]) == nil)
        // A huge entry count with a short block must stop at the end, not run past it.
        var hugeCount = good
        hugeCount[14] = 0xFF
        hugeCount[15] = 0xFF
        #expect(orientation(hugeCount) == .right || orientation(hugeCount) == nil)
    }

    /// EXIF in a JPEG, including a thumbnail (a whole JPEG inside APP1): the outer file's SOF wins.
    @Test func headerOfAJPEGWithExifThumbnail() throws {
        let thumbnail = try JPEGCodec.encode(TestImages.gradient(width: 16, height: 16), quality: 80)
        var app1 = Self.app1(littleEndian: false, entries: [(0x0112, 3, 1, 8)])
        app1 += thumbnail
        let outer = try JPEGCodec.encode(TestImages.gradient(width: 100, height: 70), quality: 80)
        let segment: [UInt8] = [0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 255)] + app1
        let file = Array(outer.prefix(2)) + segment + Array(outer.dropFirst(2))
        let header = try file.withImageBytes { raw throws(ImageError) in try ImageHeader.read(raw) }
        #expect(header.width == 100 && header.height == 70)
        #expect(header.orientation == .left)
        #expect(header.uprightWidth == 70 && header.uprightHeight == 100)
    }
}
