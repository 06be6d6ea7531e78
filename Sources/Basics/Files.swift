import Glibc

/// Small file helpers on the C library (the library avoids full Foundation for start-up time).
public enum Files {
    /// Why a file could not be read: the C library's errno, or EFBIG for one over the limit.
    public struct ReadFailure: Error, Equatable, Sendable {
        public var errno: Int32
        public var reason: String { String(cString: strerror(errno)) }
    }

    /// The whole file, or nil when it cannot be read. Refuses files over `limit` bytes.
    package static func read(_ path: String, limit: Int = 16 << 20) -> [UInt8]? {
        try? contents(path, limit: limit).get()
    }

    /// The whole file, or why not. Refuses files over `limit` bytes (EFBIG) and folders (EISDIR).
    public static func contents(_ path: String, limit: Int = 16 << 20) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadFailure(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return .failure(ReadFailure(errno: EISDIR)) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { buffer in Syscall.retrying { Glibc.read(fd, buffer.baseAddress, buffer.count) } }
            if n < 0 { return .failure(ReadFailure(errno: errno)) }
            if n == 0 { return .success(bytes) }
            bytes += chunk[0..<n]
            if bytes.count > limit { return .failure(ReadFailure(errno: EFBIG)) }
        }
    }

    /// `mkdir -p`: the folder and those above it, new ones with `mode`. Nil when it is there,
    /// else the errno that stopped it (ENOTDIR when a file is in the way).
    public static func makeFolders(_ path: String, mode: mode_t = 0o755) -> Int32? {
        if isDirectory(path) { return nil }
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, mode) != 0 && errno != EEXIST { return errno }
        }
        return isDirectory(path) ? nil : ENOTDIR
    }

    /// Whether `path` is a folder (following links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public static func readText(_ path: String, limit: Int = 16 << 20) -> String? {
        read(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `path` is a regular file (following links).
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Permission bits of `path`, nil if it does not exist.
    package static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    /// A directory entry's name, read in place up to its NUL. Never `entry.pointee`: the kernel
    /// packs entries by their real length, so copying a whole `dirent` (280 bytes) reads past a
    /// short last entry — off the end of the buffer when it ends a page (a crash seen listing a
    /// /usr/bin of 992 entries).
    package static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }
}
