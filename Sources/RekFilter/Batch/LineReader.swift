import Basics
import Glibc

/// Lines (or NUL-separated records) read from a descriptor a chunk at a time, or from bytes in
/// hand: a list of a million paths on stdin is never held whole.
final class LineReader {
    private let fd: Int32
    private let owned: Bool
    private let separator: UInt8
    private var buffer: [UInt8]
    private var start = 0
    private var ended: Bool

    init(fd: Int32, separator: UInt8, owned: Bool = false) {
        self.fd = fd
        self.owned = owned
        self.separator = separator
        self.buffer = []
        self.ended = false
    }

    init(bytes: [UInt8], separator: UInt8) {
        self.fd = -1
        self.owned = false
        self.separator = separator
        self.buffer = bytes
        self.ended = true
    }

    deinit { if owned { close(fd) } }

    /// The next record without its separator; nil at the end. A last record without a
    /// separator counts.
    func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let end = buffer[start...].firstIndex(of: separator) {
                defer { start = end + 1 }
                return buffer[start..<end]
            }
            if ended {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return buffer[start...]
            }
            // Keep what is left, read more.
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { b in Syscall.retrying { read(fd, b.baseAddress, b.count) } }
            if n < 0 { throw BatchError.cannotRead("the list on stdin", String(cString: strerror(errno))) }
            if n == 0 { ended = true } else { buffer += chunk[0..<n] }
            if buffer.count > 1 << 20 && buffer.firstIndex(of: separator) == nil {
                throw BatchError.cannotRead("the list on stdin", "a line longer than 1 MiB")
            }
        }
    }
}
