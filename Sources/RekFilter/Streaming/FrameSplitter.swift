import Glibc

/// Splits a concatenation of JPEG and PNG frames (ffmpeg's `image2pipe`, `mjpeg`, `png_pipe`)
/// into frames, reading its input incrementally.
///
/// Frames are found by structure, never by searching for byte patterns: JPEG marker segments
/// are skipped by their lengths (so an EXIF thumbnail's own SOI/EOI stays inside its APP1),
/// entropy-coded data is walked honouring stuffed bytes and restart markers, and PNG chunks are
/// walked by length up to IEND. Bytes between frames that start no frame are skipped and
/// counted. The scan resumes where it stopped when more input arrives, so every byte is looked
/// at once, whatever the read sizes.
public struct FrameSplitter {
    /// What `next` found.
    public enum Item: Equatable {
        case frame([UInt8])
        /// Input ended inside a frame: its first bytes and how many there were.
        case truncated(format: ImageFormat, bytes: Int)
        /// A frame whose structure is broken; scanning resumed at the next frame start.
        case corrupt(format: ImageFormat, detail: String)
    }

    public enum SplitError: Error, Equatable, CustomStringConvertible {
        case frameTooLarge(limit: Int)
        case readFailed(errno: Int32)

        public var description: String {
            switch self {
            case .frameTooLarge(let limit): return "a frame is larger than --max-input-bytes (\(limit) bytes)"
            case .readFailed(let code): return "cannot read stdin: \(String(cString: strerror(code)))"
            }
        }
    }

    private let read: (inout [UInt8], _ shouldStop: () -> Bool) throws -> Bool
    private var buffer: [UInt8] = []
    /// Start of the current frame in `buffer`, and how far its scan has got.
    private var start = 0
    private var scan = Scan.seeking
    private var position = 0
    private var ended = false
    public let maxFrameBytes: Int
    /// Bytes skipped between frames because they start no frame.
    public private(set) var skippedBytes = 0
    /// Bytes read so far.
    public private(set) var bytesRead = 0
    /// False when only checking: a finished frame is reported, not copied.
    private var copiesFrames = true

    enum Scan: Equatable {
        case seeking
        case jpegMarkers
        case jpegEntropy
        case pngChunks
    }

    /// Reads from file descriptor `fd`, up to 1 MiB at a time, taking what has arrived (a frame
    /// is complete as soon as its last byte is in). While it waits for input it looks at
    /// `next`'s `shouldStop` ten times a second; when that says stop, the input ends there.
    public init(fd: Int32, maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
        self.read = { buffer, shouldStop in
            while true {
                if shouldStop() { return false }
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let polled = poll(&ready, 1, 100)
                if polled == 0 || (polled < 0 && errno == EINTR) { continue }
                let chunk = 1 << 20
                let old = buffer.count
                buffer.append(contentsOf: repeatElement(0, count: chunk))
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + old, chunk) }
                if n < 0 {
                    let code = errno
                    buffer.removeLast(chunk)
                    if code == EINTR || code == EAGAIN { continue }
                    throw SplitError.readFailed(errno: code)
                }
                buffer.removeLast(chunk - n)
                return n > 0
            }
        }
    }

    /// Reads through `read`, which appends to the buffer and returns false at the end.
    public init(maxFrameBytes: Int, read: @escaping (inout [UInt8]) throws -> Bool) {
        self.maxFrameBytes = maxFrameBytes
        self.read = { buffer, _ in try read(&buffer) }
    }

    /// Checks that `bytes`, one image that starts with its signature, is whole: JPEG marker
    /// segments and entropy-coded data up to EOI, PNG chunks up to IEND — the structure a
    /// decoder would walk, in microseconds and without decoding. Bytes after the end are allowed.
    /// Returns `.frame([])` when whole, else `.truncated` or `.corrupt`.
    public static func checkStructure(_ bytes: [UInt8]) -> Item {
        var splitter = FrameSplitter(maxFrameBytes: bytes.count) { _ in false }
        splitter.buffer = bytes
        splitter.ended = true
        splitter.copiesFrames = false
        if let item = splitter.step() { return item }
        let format: ImageFormat = splitter.scan == .pngChunks ? .png : .jpeg
        return .truncated(format: format, bytes: bytes.count)
    }

    /// The next frame (or problem), or nil at the end of the input.
    public mutating func next(shouldStop: () -> Bool = { false }) throws -> Item? {
        while true {
            if let item = step() { return item }
            if ended {
                let remaining = buffer.count - start
                guard remaining > 0, scan != .seeking else {
                    skippedBytes += max(0, buffer.count - position)
                    buffer.removeAll()
                    start = 0
                    position = 0
                    return nil
                }
                let format: ImageFormat = scan == .pngChunks ? .png : .jpeg
                buffer.removeAll()
                start = 0
                position = 0
                scan = .seeking
                return .truncated(format: format, bytes: remaining)
            }
            if buffer.count - start > maxFrameBytes { throw SplitError.frameTooLarge(limit: maxFrameBytes) }
            // Drop what is consumed before reading more, so the buffer holds one frame at most.
            if start > 0 {
                buffer.removeFirst(start)
                position -= start
                start = 0
            }
            let before = buffer.count
            if try !read(&buffer, shouldStop) { ended = true }
            bytesRead += buffer.count - before
        }
    }

    /// Advances the scan over what is buffered; returns an item when one is complete.
    private mutating func step() -> Item? {
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
