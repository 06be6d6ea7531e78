/// Reads the one EXIF field rekfilter needs: Orientation (TIFF tag 0x0112 in IFD0).
///
/// Defensive by construction: every offset is bounds-checked, both byte orders are handled,
/// and anything malformed yields `nil` (treated as upright) rather than an error — a broken
/// EXIF block must not make a good image unusable.
public enum EXIF {
    /// Where a file's Orientation value lies, to set it to 1 in a copy (an SVG's embedded
    /// picture, turned upright by the SVG itself, must not be turned again by its renderer).
    public struct OrientationTag: Sendable, Equatable {
        /// The value's first byte, from the start of the file.
        public var offset: Int
        public var littleEndian: Bool

        /// A copy of `bytes` whose Orientation says 1 (upright as stored): no re-encoding.
        public func settingUpright(_ bytes: [UInt8]) -> [UInt8] {
            guard offset >= 0, offset + 2 <= bytes.count else { return bytes }
            var copy = bytes
            copy[offset] = littleEndian ? 1 : 0
            copy[offset + 1] = littleEndian ? 0 : 1
            return copy
        }
    }

    /// `payload` is an APP1 segment's content (after the length): "Exif\0\0" then a TIFF header.
    static func orientation(inAPP1 payload: UnsafeRawBufferPointer) -> Orientation? {
        orientationField(inAPP1: payload)?.0
    }

    /// The orientation and where its value lies in `payload`.
    static func orientationField(inAPP1 payload: UnsafeRawBufferPointer) -> (Orientation, OrientationTag)? {
        let exifID: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]
        guard payload.count >= 6 + 8, Array(payload[0..<6]) == exifID else { return nil }
        guard let (value, tag) = field(inTIFF: UnsafeRawBufferPointer(rebasing: payload[6...])) else { return nil }
        return (value, OrientationTag(offset: tag.offset + 6, littleEndian: tag.littleEndian))
    }

    static func orientation(inTIFF t: UnsafeRawBufferPointer) -> Orientation? { field(inTIFF: t)?.0 }

    static func field(inTIFF t: UnsafeRawBufferPointer) -> (Orientation, OrientationTag)? {
        guard t.count >= 8 else { return nil }
        let little: Bool
        switch (t[0], t[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= t.count else { return nil }
            return little ? Int(t[o]) | Int(t[o + 1]) << 8 : Int(t[o]) << 8 | Int(t[o + 1])
        }
        func u32(_ o: Int) -> Int? {
            guard let a = u16(o), let b = u16(o + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for i in 0..<min(count, 1024) {
            let entry = ifd + 2 + i * 12
            guard let tag = u16(entry) else { return nil }
            guard tag == 0x0112 else { continue }
            guard let type = u16(entry + 2), type == 3, let value = u16(entry + 8) else { return nil }
            return Orientation(rawValue: value).map { ($0, OrientationTag(offset: entry + 8, littleEndian: little)) }
        }
        return nil
    }
}
