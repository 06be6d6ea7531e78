import RekFilter

/// Pictures for the PNG encoder's tests: smooth areas and noise, as photos have (deterministic).
public enum PNGPictures {
    public static let shapes = [(1, 1), (1, 300), (300, 1), (7, 5), (333, 257), (1001, 517)]

    public static func picture(width: Int, height: Int, channels: Int, seed: UInt64 = 7) throws -> PixelBuffer {
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

    public static func bytes(_ buffer: PixelBuffer) -> [UInt8] { Array(UnsafeBufferPointer(start: buffer.pixels, count: buffer.byteCount)) }
}
