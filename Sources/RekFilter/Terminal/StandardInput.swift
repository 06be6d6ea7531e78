import Basics
import Glibc

/// Reading all of stdin, bounded.
public enum StandardInput {
    /// The name of the file on `fd` (`rekfilter < photo.jpg` → `photo.jpg`), when it is a
    /// regular file; nil for a pipe, a terminal or anything else.
    public static func fileName(fd: Int32 = 0) -> String? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard path.hasPrefix("/"), !path.hasSuffix(" (deleted)") else { return nil }
        return PictureNaming.baseName(path)
    }

    /// Reads every byte of `fd`, refusing more than `limit` bytes so that a runaway producer
    /// cannot exhaust memory. A regular file is read into one buffer of its exact size (or was,
    /// ahead: `ReadAhead`).
    public static func readAll(fd: Int32 = 0, limit: Int) throws -> [UInt8] {
        if isatty(fd) == 1 { throw IOError.stdinIsTerminal }
        return try readAll(fd: fd, limit: limit, skipRegular: false)
    }

    static func readAll(fd: Int32, limit: Int, skipRegular: Bool) throws -> [UInt8] {
        var info = stat()
        var capacity = 1 << 20
        if !skipRegular, fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            let bytes =
                try ReadAhead.take(fd: fd) ?? readRegular(fd: fd, size: Int(info.st_size) - Int(lseek(fd, 0, SEEK_CUR)), limit: limit)
            if bytes.count > limit { throw ImageError.inputTooLarge(limit: limit) }
            // The file may have grown since fstat: whatever is left goes through the pipe path.
            var probe: UInt8 = 0
            if read(fd, &probe, 1) == 1 {
                let rest = try readAll(fd: fd, limit: limit - bytes.count - 1, skipRegular: true)
                return bytes + [probe] + rest
            }
            return bytes
        }
        guard var buffer = malloc(capacity)?.assumingMemoryBound(to: UInt8.self) else {
            throw ImageError.outOfMemory(bytes: capacity)
        }
        defer { free(buffer) }
        var count = 0
        while true {
            if count == capacity {
                capacity *= 2
                guard let grown = realloc(buffer, capacity) else { throw ImageError.outOfMemory(bytes: capacity) }
                buffer = grown.assumingMemoryBound(to: UInt8.self)
            }
            let n = Syscall.retrying { read(fd, buffer + count, capacity - count) }
            if n < 0 { throw IOError.readFailed(errno: errno) }
            if n == 0 { break }
            count += n
            if count > limit { throw ImageError.inputTooLarge(limit: limit) }
        }
        return Array(UnsafeBufferPointer(start: buffer, count: count))
    }

    /// A regular file's `size` bytes from its offset on, read straight into an array of that size.
    private static func readRegular(fd: Int32, size: Int, limit: Int) throws -> [UInt8] {
        if size > limit { throw ImageError.inputTooLarge(limit: limit) }
        let (bytes, failure) = exactly(max(size, 0)) { into, wanted, _ in read(fd, into, wanted) }
        if failure != 0 { throw IOError.readFailed(errno: failure) }
        return bytes
    }

    /// Up to `count` bytes into an array of that size (huge pages from 1 MiB), `next(into, wanted,
    /// done)` called until they are all in, it ends (0: fewer bytes) or fails (its errno).
    static func exactly(_ count: Int, _ next: (UnsafeMutableRawPointer, Int, Int) -> Int) -> (bytes: [UInt8], errno: Int32) {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, done in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            done = 0
            while done < count {
                let n = Syscall.retrying { next(buffer.baseAddress! + done, count - done, done) }
                if n < 0 { failure = errno }
                if n <= 0 { return }
                done += n
            }
        }
        return (bytes, failure)
    }
}
