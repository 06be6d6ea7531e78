import Glibc

/// Decoded 8-bit pixels, rows packed top to bottom: 3 channels (RGB) or 4 (RGBA).
///
/// Decoders write straight into `pixels` and encoders read straight from it, row by row:
/// the image is never copied between the codecs and the drawing code. The memory is not
/// zero-filled (every byte is written by a decoder before it is read).
public final class PixelBuffer {
    public let width: Int
    public let height: Int
    public let channels: Int
    public let pixels: UnsafeMutablePointer<UInt8>

    public var stride: Int { width * channels }
    public var byteCount: Int { stride * height }

    public init(width: Int, height: Int, channels: Int) throws(ImageError) {
        precondition(width > 0 && height > 0 && (channels == 3 || channels == 4))
        let (bytes, overflow) = width.multipliedReportingOverflow(by: height * channels)
        guard !overflow, let memory = malloc(bytes) else { throw .outOfMemory(bytes: bytes) }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = memory.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(pixels) }

    /// Pointers to the given rows, as the C encoders take them.
    public func rowPointers(_ rows: some Sequence<Int>) -> [UnsafePointer<UInt8>?] {
        rows.map { UnsafePointer(pixels + $0 * stride) }
    }

    /// The channel values of one pixel (for tests and diagnostics, not hot paths).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        let base = y * stride + x * channels
        return (0..<channels).map { pixels[base + $0] }
    }

    /// A copy of the `width`×`height` rectangle at (`x`, `y`), which must lie inside the picture
    /// (a tile, a crop).
    public func cropped(x: Int, y: Int, width: Int, height: Int) throws(ImageError) -> PixelBuffer {
        precondition(x >= 0 && y >= 0 && x + width <= self.width && y + height <= self.height)
        let piece = try PixelBuffer(width: width, height: height, channels: channels)
        for row in 0..<height {
            (piece.pixels + row * piece.stride).update(from: pixels + (y + row) * stride + x * channels, count: piece.stride)
        }
        return piece
    }

    /// An RGBA picture composited over white, as RGB — what a viewer shows, and what a format
    /// without alpha (JPEG, and so what the service is sent) must carry; RGB is returned as it is.
    public func flattenedOverWhite() throws(ImageError) -> PixelBuffer {
        guard channels == 4 else { return self }
        let out = try PixelBuffer(width: width, height: height, channels: 3)
        let count = width * height
        for i in 0..<count {
            let alpha = UInt32(pixels[4 * i + 3])
            for c in 0..<3 {
                // value·α + 255·(1 − α), rounded, in integers.
                out.pixels[3 * i + c] = UInt8((UInt32(pixels[4 * i + c]) * alpha + 255 * (255 - alpha) + 127) / 255)
            }
        }
        return out
    }
}
