/// Where formats and encoders write: the output sink (stdout or a file), or memory.
public protocol ByteWriter: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteWriter {
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }
    public func write(_ text: String) throws { try write(Array(text.utf8)) }
}

/// Bytes collected in memory (tests, frames waiting for their turn in a stream, the fitter).
public final class ByteBuffer: ByteWriter {
    public var bytes: [UInt8] = []
    public init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }
    public func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
}
