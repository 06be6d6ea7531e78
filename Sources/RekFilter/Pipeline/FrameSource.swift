/// Where a run's frames come from: one image (stdin, or an S3 object), or a stream of frames.
/// The driver reads it on a thread of its own.
public protocol FrameSource {
    /// The next frame (or a broken one), nil at the end of the input. Returns nil soon after
    /// `shouldStop` says so (a signal, or the run ending early).
    mutating func next(shouldStop: () -> Bool) throws -> FrameInput?
    /// Bytes read so far, and those skipped between frames because they began none.
    var bytesRead: Int { get }
    var skippedBytes: Int { get }
}

/// One frame as the source found it.
public enum FrameInput: Sendable {
    /// The bytes of a picture; `checked`: their structure was already walked to its end.
    case image([UInt8], checked: Bool)
    /// A frame that cannot be used (truncated, corrupt), reported in its place.
    case broken(any Error)
}

/// `--stream`: frames split from a file descriptor by their structure.
public struct StreamSource: FrameSource {
    var splitter: FrameSplitter

    public init(fd: Int32, maxFrameBytes: Int) {
        splitter = FrameSplitter(fd: fd, maxFrameBytes: maxFrameBytes)
    }

    public mutating func next(shouldStop: () -> Bool) throws -> FrameInput? {
        switch try splitter.next(shouldStop: shouldStop) {
        case nil: return nil
        case .frame(let bytes): return .image(bytes, checked: true)
        case .truncated(let format, let count): return .broken(FrameError.truncated(format, bytes: count))
        case .corrupt(let format, let detail): return .broken(FrameError.corrupt(format, detail))
        }
    }

    public var bytesRead: Int { splitter.bytesRead }
    public var skippedBytes: Int { splitter.skippedBytes }
}

/// A single image: whatever `read` gives (all of stdin, or an S3 object), once.
public struct SingleImageSource: FrameSource {
    let read: () throws -> [UInt8]
    var done = false
    public private(set) var bytesRead = 0
    public let skippedBytes = 0

    public init(read: @escaping () throws -> [UInt8]) { self.read = read }

    public mutating func next(shouldStop: () -> Bool) throws -> FrameInput? {
        guard !done else { return nil }
        done = true
        let bytes = try read()
        bytesRead = bytes.count
        return .image(bytes, checked: false)
    }
}

/// A frame of a stream that could not be used.
public enum FrameError: Error, CustomStringConvertible {
    case truncated(ImageFormat, bytes: Int)
    case corrupt(ImageFormat, String)
    /// `--every`: the frame whose detections this one reuses got none.
    case baseFrameFailed(Int)

    public var description: String {
        switch self {
        case .truncated(let format, let bytes): return "the input ends inside a \(format.name) frame (\(bytes) bytes): truncated"
        case .corrupt(let format, let detail): return "corrupt \(format.name) frame: \(detail)"
        case .baseFrameFailed(let base): return "no detections to reuse: frame \(base), whose detections --every shares, has none"
        }
    }
}

/// A stream that held no frame at all.
public struct NoFrames: Error, CustomStringConvertible {
    public var bytes: Int
    public var description: String { "no PNG or JPEG frame in the input (\(bytes) bytes read)" }
}
