import Foundation
import TestSupport
import Testing

@testable import RekFilter

/// The parallel PNG encoder: every output is a standard PNG that libpng and Pillow decode to
/// exactly the pixels given — across sizes, odd widths, one row, one column, with and without
/// alpha, cut into 1 to 7 pieces — and no bigger than 10% over zlib level 1 on one thread.
@Suite struct PNGEncodeTests {
    /// Pixels with smooth areas and noise, as photos have (deterministic).
    static func picture(width: Int, height: Int, channels: Int, seed: UInt64 = 7) throws -> PixelBuffer {
        let buffer = try PixelBuffer(width: width, height: height, channels: channels)
        var state = seed
        for i in 0..<buffer.byteCount {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let x = (i / channels) % width
            let y = i / buffer.stride
            buffer.pixels[i] = UInt8(truncatingIfNeeded: (x + 2 * y) / 3 + Int(state >> 61))
        }
        return buffer
    }

    static func bytes(_ buffer: PixelBuffer) -> [UInt8] { Array(UnsafeBufferPointer(start: buffer.pixels, count: buffer.byteCount)) }

    /// The reference: libpng at zlib level 1 with the SUB filter, on one thread.
    static func zlibLevel1(_ picture: PixelBuffer) throws -> [UInt8] {
        let out = ByteBuffer()
        try PNGCodec.libpngEncode(picture, compression: .fast, to: out)
        return out.bytes
    }

    static let shapes = [(1, 1), (1, 300), (300, 1), (7, 5), (333, 257), (1001, 517)]

    @Test(arguments: [3, 4])
    func libpngDecodesEveryPieceCountToThePixelsGiven(channels: Int) throws {
        for (width, height) in Self.shapes {
            let picture = try Self.picture(width: width, height: height, channels: channels)
            for pieces in [1, 2, 3, 7] where pieces <= height {
                let out = ByteBuffer()
                try ParallelPNGEncoder.encode(picture, level: 1, pieces: pieces, to: out)
                let decoded = try out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
                #expect(decoded.width == width && decoded.height == height && decoded.channels == channels)
                #expect(Self.bytes(decoded) == Self.bytes(picture), "\(width)×\(height)×\(channels) in \(pieces) pieces")
            }
        }
    }

    /// More pieces than threads: the pieces are taken in order and written in order, the first
    /// while the last are still compressed.
    @Test func morePiecesThanWorkersStayInOrder() throws {
        let picture = try Self.picture(width: 1001, height: 517, channels: 3)
        for workers in [1, 2, 3] {
            let out = ByteBuffer()
            try ParallelPNGEncoder.encode(picture, level: 1, pieces: 9, workers: workers, to: out)
            let decoded = try out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
            #expect(Self.bytes(decoded) == Self.bytes(picture), "9 pieces on \(workers) workers")
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
        let picture = try Self.picture(width: 1001, height: 517, channels: 3)
        #expect(throws: FullDisk.Full.self) { try ParallelPNGEncoder.encode(picture, level: 1, pieces: 9, workers: 2, to: FullDisk()) }
    }

    @Test func pillowDecodesThemToo() throws {
        let folder = try TestData.scratch()
        var cases: [String] = []
        for (index, (width, height)) in Self.shapes.enumerated() {
            for channels in [3, 4] {
                let picture = try Self.picture(width: width, height: height, channels: channels, seed: UInt64(index))
                let out = ByteBuffer()
                try ParallelPNGEncoder.encode(picture, level: 1, pieces: min(3, height), to: out)
                let name = "\(width)x\(height)x\(channels)"
                try Data(out.bytes).write(to: folder.appendingPathComponent(name + ".png"))
                try Data(Self.bytes(picture)).write(to: folder.appendingPathComponent(name + ".raw"))
                cases.append(name)
            }
        }
        let script = """
            import sys
            from PIL import Image
            folder = sys.argv[1]
            for name in sys.argv[2:]:
                image = Image.open(f"{folder}/{name}.png")
                image.load()
                mode = "RGBA" if name.endswith("x4") else "RGB"
                ok = image.mode == mode and image.tobytes() == open(f"{folder}/{name}.raw", "rb").read()
                print(name, "ok" if ok else "DIFFERENT")
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, folder.path] + cases
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(p.terminationStatus == 0 && lines.count == cases.count)
        #expect(lines.allSatisfy { $0.hasSuffix(" ok") }, "\(lines)")
    }

    @Test func theSizeStaysWithinTenPercentOfZlibLevel1() throws {
        for (width, height, channels) in [(1001, 517, 3), (1920, 1080, 4), (640, 2000, 3)] {
            let picture = try Self.picture(width: width, height: height, channels: channels)
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
        for picture in [smooth, try Self.picture(width: 1024, height: 512, channels: 3)] {
            let out = ByteBuffer()
            try ParallelPNGEncoder.encode(picture, level: 1, pieces: 2, to: out)
            let decoded = try out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
            #expect(Self.bytes(decoded) == Self.bytes(picture))
            let single = try Self.zlibLevel1(picture)
            #expect(Double(out.bytes.count) <= Double(single.count) * 1.1)
        }
    }

    @Test func largePicturesUseTheCoresSmallOnesAndSmallCompressionDoNot() throws {
        let large = try Self.picture(width: 1280, height: 720, channels: 3)
        #expect(ParallelPNGEncoder.pieces(for: large, parallelism: 2) == 2)
        #expect(ParallelPNGEncoder.pieces(for: large, parallelism: 1) == 1)
        let small = try Self.picture(width: 320, height: 240, channels: 3)
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
        #expect(Self.bytes(decoded) == Self.bytes(large))
    }
}
