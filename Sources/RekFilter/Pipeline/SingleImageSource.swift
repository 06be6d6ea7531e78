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
