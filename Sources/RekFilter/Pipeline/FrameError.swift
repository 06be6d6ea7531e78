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
