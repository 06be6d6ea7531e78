/// EXIF orientation: how the stored pixels must be transformed to be seen upright.
public enum Orientation: Int, Sendable, CaseIterable {
    case up = 1
    case upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left

    /// Orientations 5–8 turn the picture a quarter, swapping width and height.
    public var swapsAxes: Bool { rawValue >= 5 }

    public var summary: String {
        switch self {
        case .up: return "1 (upright)"
        case .upMirrored: return "2 (mirrored)"
        case .down: return "3 (rotated 180°)"
        case .downMirrored: return "4 (flipped vertically)"
        case .leftMirrored: return "5 (transposed)"
        case .right: return "6 (rotated 90° clockwise)"
        case .rightMirrored: return "7 (transversed)"
        case .left: return "8 (rotated 90° counter-clockwise)"
        }
    }

    /// Returns the upright picture (`self` when already upright: no copy).
    public func apply(to source: PixelBuffer) throws(ImageError) -> PixelBuffer {
        if self == .up { return source }
        let w = source.width
        let h = source.height
        let ch = source.channels
        let out = try PixelBuffer(width: swapsAxes ? h : w, height: swapsAxes ? w : h, channels: ch)
        // Source position of output pixel (x, y) is origin + x * dx + y * dy, in bytes.
        let px = ch
        let row = source.stride
        let (origin, dx, dy): (Int, Int, Int)
        switch self {
        case .up: (origin, dx, dy) = (0, px, row)
        case .upMirrored: (origin, dx, dy) = ((w - 1) * px, -px, row)
        case .down: (origin, dx, dy) = ((h - 1) * row + (w - 1) * px, -px, -row)
        case .downMirrored: (origin, dx, dy) = ((h - 1) * row, px, -row)
        case .leftMirrored: (origin, dx, dy) = (0, row, px)
        case .right: (origin, dx, dy) = ((h - 1) * row, -row, px)
        case .rightMirrored: (origin, dx, dy) = ((h - 1) * row + (w - 1) * px, -row, -px)
        case .left: (origin, dx, dy) = ((w - 1) * px, row, -px)
        }
        let src = source.pixels
        let dst = out.pixels
        for y in 0..<out.height {
            var s = origin + y * dy
            var d = y * out.stride
            for _ in 0..<out.width {
                for c in 0..<ch { dst[d + c] = src[s + c] }
                s += dx
                d += ch
            }
        }
        return out
    }
}
