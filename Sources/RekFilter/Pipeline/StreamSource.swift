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
