import Glibc

/// Splits a concatenation of JPEG and PNG frames (ffmpeg's `image2pipe`, `mjpeg`, `png_pipe`)
/// into frames, reading its input incrementally.
///
/// Frames are found by structure (`ImageStructure`, the walk a decoder would make), never by
/// searching for byte patterns. Bytes between frames that start no frame are skipped and
/// counted. The scan resumes where it stopped when more input arrives, so every byte is looked
/// at once, whatever the read sizes.
public struct FrameSplitter {
    /// What `next` found: a frame, or one truncated or broken.
    public typealias Item = ImageStructure.Item

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
    /// The frames' structure, walked over what has been read.
    private var scanner: ImageStructure
    private var ended = false
    public var maxFrameBytes: Int { scanner.maxFrameBytes }
    /// Bytes skipped between frames because they start no frame.
    public var skippedBytes: Int { scanner.skippedBytes }
    /// Bytes read so far.
    public private(set) var bytesRead = 0

    /// Reads from file descriptor `fd`, up to 1 MiB at a time, taking what has arrived (a frame
    /// is complete as soon as its last byte is in). While it waits for input it looks at
    /// `next`'s `shouldStop` ten times a second; when that says stop, the input ends there.
    public init(fd: Int32, maxFrameBytes: Int) {
        scanner = ImageStructure(maxFrameBytes: maxFrameBytes)
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
        scanner = ImageStructure(maxFrameBytes: maxFrameBytes)
        self.read = { buffer, _ in try read(&buffer) }
    }

    /// The next frame (or problem), or nil at the end of the input.
    public mutating func next(shouldStop: () -> Bool = { false }) throws -> Item? {
        while true {
            if let item = scanner.step() { return item }
            if ended {
                let remaining = scanner.buffer.count - scanner.start
                guard remaining > 0, scanner.scan != .seeking else {
                    scanner.skippedBytes += max(0, scanner.buffer.count - scanner.position)
                    scanner.buffer.removeAll()
                    scanner.start = 0
                    scanner.position = 0
                    return nil
                }
                let format: ImageFormat = scanner.scan == .pngChunks ? .png : .jpeg
                scanner.buffer.removeAll()
                scanner.start = 0
                scanner.position = 0
                scanner.scan = .seeking
                return .truncated(format: format, bytes: remaining)
            }
            if scanner.buffer.count - scanner.start > maxFrameBytes { throw SplitError.frameTooLarge(limit: maxFrameBytes) }
            // Drop what is consumed before reading more, so the buffer holds one frame at most.
            if scanner.start > 0 {
                scanner.buffer.removeFirst(scanner.start)
                scanner.position -= scanner.start
                scanner.start = 0
            }
            let before = scanner.buffer.count
            if try !read(&scanner.buffer, shouldStop) { ended = true }
            bytesRead += scanner.buffer.count - before
        }
    }
}
