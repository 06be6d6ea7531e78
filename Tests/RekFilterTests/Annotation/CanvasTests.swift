import Testing

@testable import RekFilter

/// The canvas's fast paths — an opaque fill copying its first row, text clipped a glyph at a
/// time — against the plain per-pixel drawing they replace, on pictures of 3 and 4 channels,
/// at every place from well outside to well inside each edge.
@Suite struct CanvasTests {
    func picture(_ channels: Int) throws -> PixelBuffer {
        try TestImages.buffer(width: 37, height: 23, channels: channels) { x, y, c in UInt8(truncatingIfNeeded: x * 7 + y * 13 + c * 5) }
    }

    /// How many bytes of the two pictures differ.
    func differing(_ a: PixelBuffer, _ b: PixelBuffer) -> Int {
        zip(UnsafeBufferPointer(start: a.pixels, count: a.byteCount), UnsafeBufferPointer(start: b.pixels, count: b.byteCount)).filter {
            $0 != $1
        }.count
    }

    @Test(arguments: [3, 4]) func anOpaqueFillIsEveryPixelBlended(channels: Int) throws {
        for (x0, y0, x1, y1) in [
            (-5, -5, 3, 2), (10, 4, 30, 20), (30, 18, 60, 40), (-100, 5, 100, 6), (5, -100, 6, 100), (3, 3, 3, 9), (0, 0, 37, 23),
        ] {
            let fast = try picture(channels)
            let slow = try picture(channels)
            Canvas(fast).fill(x0: x0, y0: y0, x1: x1, y1: y1, color: RGB(200, 10, 99))
            let canvas = Canvas(slow)
            for y in max(0, y0)..<max(max(0, y0), min(23, y1)) {
                for x in max(0, x0)..<max(max(0, x0), min(37, x1)) { canvas.blend(x, y, RGB(200, 10, 99), 255) }
            }
            #expect(differing(fast, slow) == 0, "\((x0, y0, x1, y1))")
        }
    }

    @Test(arguments: [3, 4]) func textIsClippedAsPixelByPixel(channels: Int) throws {
        let face = Fonts.load(path: nil, pixelSize: 14)
        for x in stride(from: -60, through: 60, by: 7) {
            for baseline in stride(from: -20, through: 45, by: 5) {
                let fast = try picture(channels)
                let slow = try picture(channels)
                Canvas(fast).text("Wg 97%", x: x, baseline: baseline, face: face, color: RGB(1, 2, 3))
                let canvas = Canvas(slow)
                var pen = x
                for scalar in "Wg 97%".unicodeScalars {
                    let g = face.glyph(for: scalar)
                    for row in 0..<g.height where baseline + g.top + row >= 0 && baseline + g.top + row < 23 {
                        for col in 0..<g.width where pen + g.left + col >= 0 && pen + g.left + col < 37 {
                            canvas.blend(pen + g.left + col, baseline + g.top + row, RGB(1, 2, 3), Int(g.coverage[row * g.width + col]))
                        }
                    }
                    pen += g.advance
                }
                #expect(differing(fast, slow) == 0, "text at \(x), \(baseline)")
            }
        }
    }
}
