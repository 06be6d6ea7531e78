/// Walks a JPEG's marker segments up to the frame header (SOFn), by structure:
/// every segment's length is honoured, so bytes inside an EXIF thumbnail are never mistaken
/// for markers of the outer file.
enum JPEGMarkers {
    static func readHeader(_ b: UnsafeRawBufferPointer) throws(ImageError) -> ImageHeader {
        var offset = 2  // after SOI
        var orientation = Orientation.up
        var orientationTag: EXIF.OrientationTag?
        while true {
            // Markers may be preceded by any number of 0xFF fill bytes.
            guard offset < b.count else { throw .truncated(.jpeg, detail: "file ends before the frame header (SOF)") }
            guard b[offset] == 0xFF else {
                throw .corrupt(.jpeg, detail: "expected a marker at byte \(offset), found 0x\(String(b[offset], radix: 16))")
            }
            while offset < b.count && b[offset] == 0xFF { offset += 1 }
            guard offset < b.count else { throw .truncated(.jpeg, detail: "file ends before the frame header (SOF)") }
            let marker = b[offset]
            offset += 1
            switch marker {
            case 0xD8, 0x01, 0xD0...0xD7:
                continue  // standalone markers: no length
            case 0xD9:
                throw .corrupt(.jpeg, detail: "end of image before any frame header (no SOF)")
            case 0xDA:
                throw .corrupt(.jpeg, detail: "scan data before any frame header (no SOF)")
            default:
                break
            }
            guard offset + 2 <= b.count else { throw .truncated(.jpeg, detail: "file ends inside a marker segment") }
            let length = b.loadBigEndianUInt16(at: offset)
            guard length >= 2 else {
                throw .corrupt(.jpeg, detail: "marker 0xFF\(String(marker, radix: 16, uppercase: true)) has an invalid length \(length)")
            }
            let segment = offset + 2..<offset + length
            guard segment.upperBound <= b.count else { throw .truncated(.jpeg, detail: "file ends inside a marker segment") }

            if marker == 0xE1, orientation == .up {
                let payload = UnsafeRawBufferPointer(rebasing: b[segment])
                if let (value, tag) = EXIF.orientationField(inAPP1: payload) {
                    orientation = value
                    orientationTag = EXIF.OrientationTag(offset: segment.lowerBound + tag.offset, littleEndian: tag.littleEndian)
                }
            }
            if isStartOfFrame(marker) {
                guard segment.count >= 6 else { throw .corrupt(.jpeg, detail: "frame header is too short") }
                let precision = Int(b[segment.lowerBound])
                let height = b.loadBigEndianUInt16(at: segment.lowerBound + 1)
                let width = b.loadBigEndianUInt16(at: segment.lowerBound + 3)
                let components = Int(b[segment.lowerBound + 5])
                var traits = [String]()
                switch marker {
                case 0xC2, 0xC6, 0xCA, 0xCE: traits.append("progressive")
                default: break
                }
                if marker >= 0xC9 { traits.append("arithmetic") }
                if precision != 8 { traits.append("\(precision)-bit") }
                switch components {
                case 1: traits.append("gray")
                case 3: break
                case 4: traits.append("CMYK")
                default: throw .corrupt(.jpeg, detail: "frame header declares \(components) components")
                }
                if marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF {
                    throw .unsupported(
                        .jpeg, detail: "lossless JPEG (SOF\(marker - 0xC0)) cannot be decoded here; convert it to baseline JPEG or PNG")
                }
                if marker == 0xC5 || marker == 0xC6 || marker == 0xCD || marker == 0xCE {
                    throw .unsupported(.jpeg, detail: "hierarchical JPEG (SOF\(marker - 0xC0)) cannot be decoded here")
                }
                if precision == 12 || precision == 16 {
                    throw .unsupported(
                        .jpeg,
                        detail: "\(precision)-bit samples; this build decodes 8-bit JPEG only (convert it, e.g. to 8-bit JPEG or PNG)")
                }
                guard precision == 8 else { throw .corrupt(.jpeg, detail: "frame header declares \(precision)-bit samples") }
                if height == 0 { throw .corrupt(.jpeg, detail: "frame header declares height 0 (DNL marker not supported)") }
                if width == 0 { throw .corrupt(.jpeg, detail: "frame header declares width 0") }
                return ImageHeader(
                    format: .jpeg, width: width, height: height, orientation: orientation, traits: traits, orientationTag: orientationTag)
            }
            offset = segment.upperBound
        }
    }

    /// SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }
}
