import CImaging
import Foundation
import TestSupport
import Testing

@testable import RekFilter

/// The parallel PNG encoder: every output is a standard PNG that libpng and Pillow decode to
/// exactly the pixels given — across sizes, odd widths, one row, one column, with and without
/// alpha, cut into 1 to 7 pieces — and no bigger than 10% over zlib level 1 on one thread.
@Suite struct PNGEncodeTests {

    /// The reference: libpng at zlib level 1 with the SUB filter, on one thread.
    static func zlibLevel1(_ picture: PixelBuffer) throws -> [UInt8] {
        let out = ByteBuffer()
        try PNGCodec.libpngEncode(picture, compression: .fast, to: out)
        return out.bytes
    }

    @Test(arguments: [3, 4])
    func libpngDecodesEveryPieceCountToThePixelsGiven(channels: Int) throws {
        for (width, height) in PNGPictures.shapes {
            let picture = try PNGPictures.picture(width: width, height: height, channels: channels)
            for pieces in [1, 2, 3, 7] where pieces <= height {
                let out = ByteBuffer()
                try ParallelPNGEncoder.encode(picture, level: 1, pieces: pieces, to: out)
                let decoded = try out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
                #expect(decoded.width == width && decoded.height == height && decoded.channels == channels)
                #expect(PNGPictures.bytes(decoded) == PNGPictures.bytes(picture), "\(width)×\(height)×\(channels) in \(pieces) pieces")
            }
        }
    }

    /// More pieces than threads: the pieces are taken in order and written in order, the first
    /// while the last are still compressed.
    @Test func morePiecesThanWorkersStayInOrder() throws {
        let picture = try PNGPictures.picture(width: 1001, height: 517, channels: 3)
        for workers in [1, 2, 3] {
            let out = ByteBuffer()
            try ParallelPNGEncoder.encode(picture, level: 1, pieces: 9, workers: workers, to: out)
            let decoded = try out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
            #expect(PNGPictures.bytes(decoded) == PNGPictures.bytes(picture), "9 pieces on \(workers) workers")
        }
    }

    /// A writer that fails (a full disk) ends the encode with its error; the threads are joined.
    @Test func aFailingWriterStopsTheEncode() throws {
        final class FullDisk: ByteWriter {
            var written = 0
            struct Full: Error {}
            func write(_ bytes: UnsafeRawBufferPointer) throws {
                written += bytes.count
                if written > 100_000 { throw Full() }
            }
        }
        let picture = try PNGPictures.picture(width: 1001, height: 517, channels: 3)
        #expect(throws: FullDisk.Full.self) { try ParallelPNGEncoder.encode(picture, level: 1, pieces: 9, workers: 2, to: FullDisk()) }
    }

    @Test func theSizeStaysWithinTenPercentOfZlibLevel1() throws {
        for (width, height, channels) in [(1001, 517, 3), (1920, 1080, 4), (640, 2000, 3)] {
            let picture = try PNGPictures.picture(width: width, height: height, channels: channels)
            let single = try Self.zlibLevel1(picture)
            for pieces in [2, 4, 8] {
                let out = ByteBuffer()
                try ParallelPNGEncoder.encode(picture, level: 1, pieces: pieces, to: out)
                #expect(Double(out.bytes.count) <= Double(single.count) * 1.1, "\(width)×\(height): \(out.bytes.count) vs \(single.count)")
            }
        }
    }

    /// Grain picks run-length matching, smooth pictures zlib's full search; either way the
    /// pixels come back and the size stays near zlib level 1's.
    @Test func theStrategyFollowsThePicture() throws {
        let smooth = try PixelBuffer(width: 1024, height: 512, channels: 3)
        for i in 0..<smooth.byteCount { smooth.pixels[i] = UInt8(truncatingIfNeeded: (i / 3 % 1024) / 5 + (i / smooth.stride) / 7) }
        for picture in [smooth, try PNGPictures.picture(width: 1024, height: 512, channels: 3)] {
            let out = ByteBuffer()
            try ParallelPNGEncoder.encode(picture, level: 1, pieces: 2, to: out)
            let decoded = try out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
            #expect(PNGPictures.bytes(decoded) == PNGPictures.bytes(picture))
            let single = try Self.zlibLevel1(picture)
            #expect(Double(out.bytes.count) <= Double(single.count) * 1.1)
        }
    }

    /// The strategy a piece of `picture` (all its rows) is given, and its compressed size.
    static func piece(_ picture: PixelBuffer) throws -> (strategy: Int32, size: Int) {
        let capacity = rf_png_piece_bound(Int32(picture.width), Int32(picture.channels), Int32(picture.height))
        var out = [UInt8](repeating: 0, count: capacity)
        var info = rf_png_piece()
        var message = [CChar](repeating: 0, count: Int(RF_MESSAGE_MAX))
        let code = rf_png_deflate_piece(
            picture.pixels, picture.stride, Int32(picture.width), Int32(picture.channels), 0, Int32(picture.height), 1, 1, &out,
            capacity, &info, &message)
        #expect(code == Int32(RF_OK))
        return (info.strategy, info.size)
    }

    /// Photo grain (a gradient under noise of ±16) and pure noise go to the Huffman-only
    /// encoder — the noise in stored blocks, since no code makes it smaller — a smooth picture
    /// to zlib's full search; a drawn line across the middle of the grain does not change
    /// that (the sample is spread over the piece). Each decodes to its pixels, no larger than
    /// 1% over zlib level 1 (noise: over its own size).
    @Test func grainAndNoiseGoToTheHuffmanEncoder() throws {
        var state: UInt64 = 1
        func roll() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let grain = try TestImages.buffer(width: 1024, height: 600) { x, y, _ in UInt8(clamping: (x + y) / 8 + roll() % 33 - 16) }
        let noise = try TestImages.buffer(width: 1024, height: 600) { _, _, _ in UInt8(truncatingIfNeeded: roll()) }
        let lined = try TestImages.buffer(width: 1024, height: 600) { x, y, c in
            (298..<303).contains(y) ? (c == 1 ? 212 : 0) : UInt8(clamping: (x + y) / 8 + roll() % 33 - 16)
        }
        let smooth = try PixelBuffer(width: 1024, height: 600, channels: 3)
        for i in 0..<smooth.byteCount { smooth.pixels[i] = UInt8(truncatingIfNeeded: (i / 3 % 1024) / 5 + (i / smooth.stride) / 7) }
        let cases: [(String, PixelBuffer, Int32)] = [
            ("grain", grain, Int32(RF_STRATEGY_HUFFMAN)), ("noise", noise, Int32(RF_STRATEGY_HUFFMAN)),
            ("grain under a line", lined, Int32(RF_STRATEGY_HUFFMAN)), ("smooth", smooth, Int32(RF_STRATEGY_FULL)),
        ]
        for (name, picture, strategy) in cases {
            let (chosen, size) = try Self.piece(picture)
            #expect(chosen == strategy, "\(name)")
            for pieces in [1, 3] {
                let out = ByteBuffer()
                try ParallelPNGEncoder.encode(picture, level: 1, pieces: pieces, to: out)
                let decoded = try out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
                #expect(PNGPictures.bytes(decoded) == PNGPictures.bytes(picture), "\(name) in \(pieces) pieces")
            }
            let reference = try Self.zlibLevel1(picture).count
            #expect(Double(size) <= Double(reference) * 1.01, "\(name): \(size) vs zlib level 1 \(reference)")
            if name == "noise" { #expect(size <= picture.byteCount + picture.height + picture.byteCount / 1000) }
        }
    }

    @Test func largePicturesUseTheCoresSmallOnesAndSmallCompressionDoNot() throws {
        let large = try PNGPictures.picture(width: 1280, height: 720, channels: 3)
        #expect(ParallelPNGEncoder.pieces(for: large, parallelism: 2) == 2)
        #expect(ParallelPNGEncoder.pieces(for: large, parallelism: 1) == 1)
        let small = try PNGPictures.picture(width: 320, height: 240, channels: 3)
        #expect(ParallelPNGEncoder.pieces(for: small, parallelism: 8) == nil)
        // Unchanged output for small pictures: the libpng path, whatever the cores.
        #expect(try PNGCodec.encode(small, parallelism: 8) == PNGCodec.encode(small, parallelism: 1))
        // `small` keeps its meaning: libpng, level 9, adaptive filters, whatever the cores.
        let smallest = try PNGCodec.encode(large, compression: .small, parallelism: 8)
        let reference = ByteBuffer()
        try PNGCodec.libpngEncode(large, compression: .small, to: reference)
        #expect(smallest == reference.bytes)
        let fast = try PNGCodec.encode(large, compression: .fast, parallelism: 8)
        let decoded = try fast.withUnsafeBytes { try PNGCodec.decode($0) }
        #expect(PNGPictures.bytes(decoded) == PNGPictures.bytes(large))
    }
}
