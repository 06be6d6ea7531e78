/// Where a run's frames come from: one image (stdin, or an S3 object), or a stream of frames.
/// The driver reads it on a thread of its own.
public protocol FrameSource {
    /// The next frame (or a broken one), nil at the end of the input. Returns nil soon after
    /// `shouldStop` says so (a signal, or the run ending early).
    mutating func next(shouldStop: () -> Bool) throws -> FrameInput?
    /// Bytes read so far, and those skipped between frames because they began none.
    var bytesRead: Int { get }
    var skippedBytes: Int { get }
    /// Whether a run may end with no frame at all (a batch whose inputs are all done); for
    /// the others, no frame means no input, an error.
    var mayBeEmpty: Bool { get }
}

extension FrameSource {
    public var mayBeEmpty: Bool { false }
}

/// One frame as the source found it.
public enum FrameInput: Sendable {
    /// The bytes of a picture; `checked`: their structure was already walked to its end.
    case image([UInt8], checked: Bool)
    /// A frame that cannot be used (truncated, corrupt), reported in its place.
    case broken(any Error)
}
