import Foundation
import TestSupport
import Testing

@testable import RekFilter

@Suite struct FrameSplitterTests {
    /// Splits `stream`, feeding it in reads of the given sizes (cycled).
    static func split(_ stream: [UInt8], reads: [Int] = [1 << 20], maxFrame: Int = 1 << 26) throws -> ([FrameSplitter.Item], Int) {
        var offset = 0
        var turn = 0
        var splitter = FrameSplitter(maxFrameBytes: maxFrame) { buffer in
            guard offset < stream.count else { return false }
            let n = min(reads[turn % reads.count], stream.count - offset)
            turn += 1
            buffer.append(contentsOf: stream[offset..<offset + n])
            offset += n
            return true
        }
        var items = [FrameSplitter.Item]()
        while let item = try splitter.next() { items.append(item) }
        return (items, splitter.skippedBytes)
    }

    /// A JPEG whose APP1 carries an EXIF thumbnail: a whole JPEG (with its own SOI/EOI) inside.
    static func jpegWithThumbnail() throws -> [UInt8] {
        let thumbnail = try JPEGCodec.encode(TestImages.gradient(width: 16, height: 16), quality: 80)
        let app1 = EXIFTests.app1(littleEndian: true, entries: [(0x0112, 3, 1, 1)]) + thumbnail
        let outer = try JPEGCodec.encode(TestImages.gradient(width: 80, height: 64), quality: 80)
        return Array(outer.prefix(2)) + [0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 255)] + app1
            + Array(outer.dropFirst(2))
    }

    static let samples = [
        "jpeg/jpeg-decoder/restarts.jpg", "jpeg/jpeg-decoder/progressive3.jpg", "jpeg/corrupt/multiple-0xff-before-eoi.jpg",
        "jpeg/jpeg-decoder/extraneous-data.jpg", "pngsuite/basi0g01.png", "jpeg/jpeg-decoder/mjpeg.jpg", "pngsuite/PngSuite.png",
        "jpeg/image-rs/progressive/cat.jpg", "jpeg/libjpeg-turbo/testimgari.jpg", "jpeg/mozilla/jpg-cmyk-2.jpg",
    ]

    @Test func mixedStreamSplitsIntoTheSameFrames() throws {
        let frames = try Self.samples.map { try TestData.bytes($0) } + [try Self.jpegWithThumbnail()]
        for reads in [[1 << 20], [1], [7, 3, 1000], [4096]] {
            let (items, skipped) = try Self.split(frames.flatMap { $0 }, reads: reads)
            #expect(items == frames.map { .frame($0) }, "reads \(reads)")
            #expect(skipped == 0)
        }
    }

    /// Every valid test file, back to back: the same files come out.
    @Test func everyTestFileSurvivesAStream() throws {
        var frames = [[UInt8]]()
        for folder in ["pngsuite", "jpeg/mozilla", "jpeg/jpeg-decoder", "exif-orientation"] {
            for name in try TestData.files(in: folder, suffix: folder == "pngsuite" ? ".png" : ".jpg")
            where !name.hasPrefix("x") && name != "jpg-size-6x6.jpg" {
                frames.append(try TestData.bytes("\(folder)/\(name)"))
            }
        }
        #expect(frames.count > 200)
        let (items, _) = try Self.split(frames.flatMap { $0 }, reads: [65536])
        #expect(items.count == frames.count)
        for (i, (item, frame)) in zip(items, frames).enumerated() where item != .frame(frame) {
            Issue.record("frame \(i) of \(frame.count) bytes came out different")
        }
    }

    /// A stream cut at every byte boundary across two reads still splits the same.
    @Test func everyReadBoundary() throws {
        let frames = [
            try TestData.bytes("jpeg/mozilla/jpg-size-8x8.jpg"), try TestData.bytes("pngsuite/basn0g01.png"), try Self.jpegWithThumbnail(),
        ]
        let stream = frames.flatMap { $0 }
        for cut in 1..<stream.count {
            let (items, _) = try Self.split(stream, reads: [cut, stream.count])
            #expect(items == frames.map { .frame($0) }, "cut at \(cut)")
        }
    }

    @Test func junkBetweenFramesIsSkippedAndCounted() throws {
        let a = try TestData.bytes("jpeg/mozilla/jpg-size-16x16.jpg")
        let b = try TestData.bytes("pngsuite/basn2c08.png")
        let junk: [UInt8] = Array("garbage\n".utf8) + [0xFF, 0xD8, 0x00, 0x89, 0x50]
        let (items, skipped) = try Self.split(junk + a + junk + b + junk)
        #expect(items == [.frame(a), .frame(b)])
        #expect(skipped == 3 * junk.count)
    }

    @Test func truncatedLastFrameIsReported() throws {
        let a = try TestData.bytes("jpeg/mozilla/jpg-size-16x16.jpg")
        let b = try TestData.bytes("exif-orientation/Landscape_2.jpg")
        let (items, _) = try Self.split(a + Array(b.prefix(5000)), reads: [1000])
        #expect(items == [.frame(a), .truncated(format: .jpeg, bytes: 5000)])
        let png = try TestData.bytes("pngsuite/basn2c08.png")
        let (pngItems, _) = try Self.split(Array(png.prefix(100)))
        #expect(pngItems == [.truncated(format: .png, bytes: 100)])
    }

    @Test func brokenFrameIsReportedAndTheNextOneFound() throws {
        let a = try TestData.bytes("jpeg/mozilla/jpg-size-16x16.jpg")
        // A frame cut short by the start of the next one (no EOI).
        let broken: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34]
        let (items, _) = try Self.split(broken + a)
        #expect(items.count == 2)
        guard case .corrupt(.jpeg, _) = items[0] else {
            Issue.record("\(items[0])")
            return
        }
        #expect(items[1] == .frame(a))
    }

    @Test func oversizedFrameStops() throws {
        let big = try TestData.bytes("exif-orientation/Landscape_2.jpg")
        #expect(throws: FrameSplitter.SplitError.frameTooLarge(limit: 10_000)) { try Self.split(big, reads: [4096], maxFrame: 10_000) }
    }

    @Test func emptyInputHasNoFrames() throws {
        let (items, skipped) = try Self.split([])
        #expect(items.isEmpty && skipped == 0)
    }
}
