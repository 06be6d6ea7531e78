import Glibc

/// Walks PNG and JPEG files by their structure — JPEG marker segments by their lengths (so an
/// EXIF thumbnail's own SOI/EOI stays inside its APP1), entropy-coded data honouring stuffed bytes
/// and restart markers, PNG chunks by length up to IEND — over a buffer that may grow, resuming
/// where it stopped, so that every byte is looked at once. Used whole to check one picture
/// (`check`), and incrementally by the stream's `FrameSplitter` to cut frames.
public struct ImageStructure {
    /// What a step found.
    public enum Item: Equatable {
        case frame([UInt8])
        /// Input ended inside a frame: its first bytes and how many there were.
        case truncated(format: ImageFormat, bytes: Int)
        /// A frame whose structure is broken; scanning resumed at the next frame start.
        case corrupt(format: ImageFormat, detail: String)
    }

    enum Scan: Equatable {
        case seeking
        case jpegMarkers
        case jpegEntropy
        case pngChunks
    }

    var buffer: [UInt8] = []
    /// Start of the current frame in `buffer`, and how far its scan has got.
    var start = 0
    var scan = Scan.seeking
    var position = 0
    let maxFrameBytes: Int
    /// Bytes skipped between frames because they start no frame.
    var skippedBytes = 0
    /// False when only checking: a finished frame is reported, not copied.
    var copiesFrames = true

    init(maxFrameBytes: Int) { self.maxFrameBytes = maxFrameBytes }

    /// Checks that `bytes`, one image that starts with its signature, is whole: the structure a
    /// decoder would walk, up to EOI or IEND, in microseconds and without decoding. Bytes after
    /// the end are allowed. Returns `.frame([])` when whole, else `.truncated` or `.corrupt`.
    public static func check(_ bytes: [UInt8]) -> Item {
        var scanner = ImageStructure(maxFrameBytes: bytes.count)
        scanner.buffer = bytes
        scanner.copiesFrames = false
        if let item = scanner.step() { return item }
        return .truncated(format: scanner.scan == .pngChunks ? .png : .jpeg, bytes: bytes.count)
    }

    /// Advances the scan over what is buffered; returns an item when one is complete.
    mutating func step() -> Item? {
        let b = buffer
        while true {
            switch scan {
            case .seeking:
                // A frame starts with FF D8 FF (JPEG) or the PNG signature; anything else is junk.
                while position < b.count {
                    if b[position] == 0xFF {
                        guard position + 3 <= b.count else {
                            start = position
                            return nil
                        }
                        if b[position + 1] == 0xD8 && b[position + 2] == 0xFF { break }
                    } else if b[position] == 0x89 {
                        guard position + 8 <= b.count else {
                            start = position
                            return nil
                        }
                        if Array(b[position..<position + 8]) == ImageFormat.pngSignature { break }
                    }
                    position += 1
                    start = position
                    skippedBytes += 1
                }
                guard position < b.count else { return nil }
                start = position
                if b[position] == 0xFF {
                    scan = .jpegMarkers
                    position += 2
                } else {
                    scan = .pngChunks
                    position += 8
                }

            case .jpegMarkers:
                guard position < b.count else { return nil }
                if b[position] != 0xFF {
                    // Extraneous bytes before a marker: skipped, as libjpeg does.
                    guard let ff = nextFF(b, from: position) else {
                        position = b.count
                        return nil
                    }
                    position = ff
                }
                var p = position + 1
                while p < b.count && b[p] == 0xFF { p += 1 }  // fill bytes
                guard p < b.count else { return nil }
                let marker = b[p]
                switch marker {
                case 0xD9:
                    return finish(at: p + 1)
                case 0xD8:
                    return corrupt(.jpeg, "a new start of image inside a frame")
                case 0x01, 0xD0...0xD7:
                    position = p + 1
                case 0x00:
                    return corrupt(.jpeg, "an invalid marker 0xFF00 at byte \(p - start)")
                default:
                    guard p + 3 <= b.count else { return nil }
                    let length = Int(b[p + 1]) << 8 | Int(b[p + 2])
                    guard length >= 2 else { return corrupt(.jpeg, "a marker segment of length \(length)") }
                    guard p + 1 + length <= b.count else { return nil }
                    position = p + 1 + length
                    if marker == 0xDA { scan = .jpegEntropy }
                }

            case .jpegEntropy:
                // Entropy-coded data ends at the first FF not followed by 00 (stuffing),
                // D0–D7 (restart markers) or another FF (fill).
                while true {
                    guard let ff = nextFF(b, from: position) else {
                        position = b.count
                        return nil
                    }
                    guard ff + 1 < b.count else {
                        position = ff
                        return nil
                    }
                    let next = b[ff + 1]
                    if next == 0x00 || (0xD0...0xD7).contains(next) {
                        position = ff + 2
                    } else if next == 0xFF {
                        position = ff + 1
                    } else {
                        position = ff
                        scan = .jpegMarkers
                        break
                    }
                }

            case .pngChunks:
                guard position + 8 <= b.count else { return nil }
                let length = Int(b[position]) << 24 | Int(b[position + 1]) << 16 | Int(b[position + 2]) << 8 | Int(b[position + 3])
                guard length <= 0x7FFF_FFFF else { return corrupt(.png, "a chunk length over 2^31") }
                let isEnd = b[position + 4] == 0x49 && b[position + 5] == 0x45 && b[position + 6] == 0x4E && b[position + 7] == 0x44
                let chunkEnd = position + 12 + length
                guard chunkEnd - start <= maxFrameBytes + 12 else { return nil }  // next() reports the size
                guard chunkEnd <= b.count else { return nil }
                position = chunkEnd
                if isEnd { return finish(at: chunkEnd) }
            }
        }
    }

    private func nextFF(_ b: [UInt8], from p: Int) -> Int? {
        b.withUnsafeBufferPointer { raw -> Int? in
            guard p < raw.count, let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + p, 0xFF, raw.count - p) else { return nil }
            return hit.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
        }
    }

    private mutating func finish(at end: Int) -> Item {
        let frame = copiesFrames ? Array(buffer[start..<end]) : []
        start = end
        position = end
        scan = .seeking
        return .frame(frame)
    }

    /// A broken frame: report it and resume the search just past its start.
    private mutating func corrupt(_ format: ImageFormat, _ detail: String) -> Item {
        position = start + 1
        start = position
        scan = .seeking
        return .corrupt(format: format, detail: detail)
    }
}
