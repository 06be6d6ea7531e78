import Foundation
import TestSupport
import Testing

@testable import RekFilter

/// The parallel PNG encoder's output, decoded by Pillow to exactly the pixels given.
@Suite struct PNGEncodePillowTests {
    @Test func pillowDecodesThemToo() throws {
        let folder = try TestData.scratch()
        var cases: [String] = []
        for (index, (width, height)) in PNGPictures.shapes.enumerated() {
            for channels in [3, 4] {
                let picture = try PNGPictures.picture(width: width, height: height, channels: channels, seed: UInt64(index))
                let out = ByteBuffer()
                try ParallelPNGEncoder.encode(picture, level: 1, pieces: min(3, height), to: out)
                let name = "\(width)x\(height)x\(channels)"
                try Data(out.bytes).write(to: folder.appendingPathComponent(name + ".png"))
                try Data(PNGPictures.bytes(picture)).write(to: folder.appendingPathComponent(name + ".raw"))
                cases.append(name)
            }
        }
        // Grain and pure noise: the Huffman-only blocks, and the stored blocks noise falls back to.
        var state: UInt64 = 3
        for (name, amplitude) in [("grain", 33), ("noise", 256)] {
            let picture = try PixelBuffer(width: 1500, height: 700, channels: 3)
            for i in 0..<picture.byteCount {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let smooth = amplitude == 256 ? 0 : (i % picture.stride / 3 + i / picture.stride) / 8
                picture.pixels[i] = UInt8(truncatingIfNeeded: smooth + Int(state >> 33) % amplitude)
            }
            let out = ByteBuffer()
            try ParallelPNGEncoder.encode(picture, level: 1, pieces: 3, to: out)
            let named = "\(name)-1500x700x3"
            try Data(out.bytes).write(to: folder.appendingPathComponent(named + ".png"))
            try Data(PNGPictures.bytes(picture)).write(to: folder.appendingPathComponent(named + ".raw"))
            cases.append(named)
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
}
