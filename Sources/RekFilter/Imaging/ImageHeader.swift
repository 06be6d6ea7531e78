/// What the first bytes of an image declare, read without decoding any pixels.
///
/// This is what the safety checks run on: the pixel count is known before anything is
/// allocated, so a 65535×65535 bomb costs a few hundred bytes of reading, not 12 GB.
public struct ImageHeader: Sendable, Equatable {
    public var format: ImageFormat
    /// Stored size, before orientation.
    public var width: Int
    public var height: Int
    /// The EXIF orientation (JPEG APP1); `.up` when absent or invalid.
    public var orientation: Orientation
    /// Notable variants, for messages and `--dry-run` ("progressive", "CMYK", "interlaced", …).
    public var traits: [String]
    /// Where the EXIF Orientation value lies in the file (JPEG), if it has one.
    public var orientationTag: EXIF.OrientationTag? = nil

    /// Size of the upright image, after the orientation is applied.
    public var uprightWidth: Int { orientation.swapsAxes ? height : width }
    public var uprightHeight: Int { orientation.swapsAxes ? width : height }
    public var pixelCount: Int { width * height }

    /// Reads the header of a PNG or JPEG. Throws for anything structurally wrong before the pixels.
    public static func read(_ bytes: UnsafeRawBufferPointer) throws(ImageError) -> ImageHeader {
        switch try ImageFormat.sniff(bytes) {
        case .png: return try readPNG(bytes)
        case .jpeg: return try JPEGMarkers.readHeader(bytes)
        }
    }

    /// Checks the safety limits that apply to every input (README, What it does with your image).
    public func check(_ limits: SafetyLimits) throws(ImageError) {
        if width <= 0 || height <= 0 {
            throw .corrupt(format, detail: "header declares a size of \(width)×\(height)")
        }
        if width.multipliedReportingOverflow(by: height).overflow || pixelCount > limits.maxPixels {
            throw .tooManyPixels(width: width, height: height, limit: limits.maxPixels)
        }
    }

    private static func readPNG(_ b: UnsafeRawBufferPointer) throws(ImageError) -> ImageHeader {
        // signature(8) + length(4) + "IHDR"(4) + 13 bytes of data + CRC(4)
        guard b.count >= 33 else { throw .truncated(.png, detail: "file ends inside the IHDR header") }
        guard b.loadBigEndianUInt32(at: 8) == 13, Array(b[12..<16]) == Array("IHDR".utf8) else {
            throw .corrupt(.png, detail: "the first chunk is not a valid IHDR")
        }
        let width = Int(b.loadBigEndianUInt32(at: 16))
        let height = Int(b.loadBigEndianUInt32(at: 20))
        let depth = Int(b[24])
        let colorType = Int(b[25])
        let interlace = Int(b[28])
        var traits = ["\(depth)-bit"]
        switch colorType {
        case 0: traits.append("gray")
        case 2: traits.append("RGB")
        case 3: traits.append("palette")
        case 4: traits.append("gray+alpha")
        case 6: traits.append("RGBA")
        default: throw .corrupt(.png, detail: "IHDR declares an invalid color type \(colorType)")
        }
        if interlace == 1 { traits.append("interlaced") }
        return ImageHeader(format: .png, width: width, height: height, orientation: .up, traits: traits)
    }
}

/// Limits that protect the machine, whatever the destination (README, What it does with your image).
public struct SafetyLimits: Sendable, Equatable {
    public var maxInputBytes: Int
    public var maxPixels: Int
    public static let `default` = SafetyLimits(maxInputBytes: 256 << 20, maxPixels: 100_000_000)

    public init(maxInputBytes: Int, maxPixels: Int) {
        self.maxInputBytes = maxInputBytes
        self.maxPixels = maxPixels
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func loadBigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }

    @inline(__always)
    func loadBigEndianUInt16(at offset: Int) -> Int {
        Int(self[offset]) << 8 | Int(self[offset + 1])
    }
}
