import Basics
import CSystem
import Glibc

/// Where the result goes: stdout, or `-o FILE`.
///
/// A regular file (new or existing) is written to a temporary name in the same folder and
/// renamed into place on success, so a failure never leaves a half-written file; an existing
/// file keeps its mode and owner, and a symbolic link keeps being a link: its target is what is
/// replaced. Anything else — a FIFO, a device, a socket — is written through, as the shell's `>`
/// does: there is nothing to rename over, and replacing it would break its reader.
public final class OutputSink: ByteWriter {
    private let fd: Int32
    /// The name the user gave, for messages.
    private let path: String?
    /// The file the temporary replaces (the link's target for a symbolic link).
    private let destination: String?
    private let temporary: String?
    private var finished = false
    /// The reader closed the pipe: stop quietly (README, Exit status), write nothing more.
    public private(set) var readerGone = false

    /// Opens the destination. Refuses binary output to a terminal.
    public init(path: String?, binary: Bool) throws {
        guard let path, path != "-" else {
            if StandardDescriptors.wasClosed(1) { throw IOError.stdoutClosed }
            if binary && isatty(1) == 1 { throw IOError.binaryToTerminal }
            self.fd = 1
            self.path = nil
            self.destination = nil
            self.temporary = nil
            return
        }
        self.path = path
        // `-o /dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: the descriptor itself, written
        // through as the shell's `>` would (a pipe has no path to open, a socket cannot be opened).
        /// Written through: a descriptor of ours, or a FIFO, device or socket by its name.
        func through(_ open: () -> Int32) throws -> Int32 {
            let fd = open()
            guard fd >= 0 else { throw IOError.writeFailed(path: path, errno: errno) }
            if binary && isatty(fd) == 1 {
                close(fd)
                throw IOError.binaryToTerminal
            }
            return fd
        }
        if let inherited = Self.descriptor(named: path) {
            if StandardDescriptors.wasClosed(inherited) { throw IOError.stdoutClosed }
            self.fd = try through { fcntl(inherited, F_DUPFD_CLOEXEC, 3) }
            self.destination = nil
            self.temporary = nil
            return
        }
        let target = try Self.resolveLinks(path)
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists && (info.st_mode & S_IFMT) == S_IFDIR { throw IOError.writeFailed(path: path, errno: EISDIR) }
        if exists && (info.st_mode & S_IFMT) != S_IFREG {
            self.fd = try through { open(target, O_WRONLY | O_TRUNC | O_CLOEXEC) }
            self.destination = nil
            self.temporary = nil
            return
        }
        var template = Array((Self.folder(of: target) + "/.rekfilter-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw IOError.writeFailed(path: path, errno: errno) }
        self.fd = fd
        self.destination = target
        self.temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        rf_signals_set_temporary(self.temporary)
        if exists {
            // Replacing a file: it keeps its permissions and, where allowed, its owner.
            _ = fchown(fd, info.st_uid, info.st_gid)
            fchmod(fd, info.st_mode & 0o7777)
        } else {
            fchmod(fd, 0o666 & ~Self.umaskValue)
        }
    }

    /// The descriptor a path names: `/dev/stdout` (1), `/dev/stderr` (2), `/dev/fd/N`,
    /// `/proc/self/fd/N`; nil for any other path.
    static func descriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            let number = path.dropFirst(prefix.count)
            guard !number.isEmpty, number.count < 10, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int32(number)
        }
        return nil
    }

    /// Follows symbolic links to the file they finally name (which may not exist yet).
    static func resolveLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { throw IOError.writeFailed(path: path, errno: errno) }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : folder(of: current) + "/" + link
        }
        throw IOError.writeFailed(path: path, errno: ELOOP)
    }

    deinit {
        guard !finished, fd != 1 else { return }
        close(fd)
        if let temporary {
            unlink(temporary)
            rf_signals_set_temporary(nil)
        }
    }

    public func write(_ raw: UnsafeRawBufferPointer) throws {
        guard !readerGone, raw.count > 0 else { return }
        var offset = 0
        while offset < raw.count {
            let n = Syscall.retrying { Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n < 0 {
                if errno == EPIPE && temporary == nil {
                    readerGone = true
                    return
                }
                throw IOError.writeFailed(path: path ?? "stdout", errno: errno)
            }
            offset += n
        }
    }

    /// Makes the output final: flush to disk and rename into place.
    public func finish() throws {
        finished = true
        guard let path, fd != 1 else { return }
        guard let destination, let temporary else {
            // Written through (FIFO, device): closing may still report a failed write.
            if close(fd) != 0 && errno != EINTR { throw IOError.writeFailed(path: path, errno: errno) }
            return
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw IOError.writeFailed(path: path, errno: code)
        }
        if rename(temporary, destination) != 0 {
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
