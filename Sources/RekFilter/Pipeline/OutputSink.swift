#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Where the result goes: stdout, or a file written to a temporary name in the same folder
/// and renamed into place on success, so a failure never leaves a half-written file.
public final class OutputSink: ByteWriter {
    private let fd: Int32
    private let path: String?
    private let temporary: String?
    private var finished = false
    /// The reader closed the pipe: stop quietly (SPEC §6), write nothing more.
    public private(set) var readerGone = false

    /// Opens the destination. Refuses binary output to a terminal.
    public init(path: String?, binary: Bool) throws {
        if let path, path != "-" {
            var template = Array((Self.folder(of: path) + "/.rekfilter-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw IOError.writeFailed(path: path, errno: errno) }
            self.fd = fd
            self.path = path
            self.temporary = String(cString: template)
            rf_signals_set_temporary(self.temporary)
            fchmod(fd, 0o644 & ~Self.umaskValue)
        } else {
            if binary && isatty(1) == 1 { throw IOError.binaryToTerminal }
            self.fd = 1
            self.path = nil
            self.temporary = nil
        }
    }

    deinit {
        if !finished, let temporary {
            close(fd)
            unlink(temporary)
            rf_signals_set_temporary(nil)
        }
    }

    public func write(_ raw: UnsafeRawBufferPointer) throws {
        guard !readerGone, raw.count > 0 else { return }
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE && path == nil { readerGone = true; return }
                throw IOError.writeFailed(path: path ?? "stdout", errno: errno)
            }
            offset += n
        }
    }

    /// Makes the output final: flush to disk and rename into place.
    public func finish() throws {
        finished = true
        guard let path, let temporary else { return }
        if fsync(fd) != 0 || close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw IOError.writeFailed(path: path, errno: code)
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            rf_signals_set_temporary(nil)
            throw IOError.writeFailed(path: path, errno: code)
        }
        rf_signals_set_temporary(nil)
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static var umaskValue: mode_t {
        let current = umask(0o022)
        umask(current)
        return current
    }
}
