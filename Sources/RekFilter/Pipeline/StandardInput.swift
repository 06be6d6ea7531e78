#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading all of stdin, bounded.
public enum StandardInput {
    /// Reads every byte of `fd`, refusing more than `limit` bytes so that a runaway producer
    /// cannot exhaust memory. A regular file is read into one buffer of its exact size.
    public static func readAll(fd: Int32 = 0, limit: Int) throws -> [UInt8] {
        if isatty(fd) == 1 { throw IOError.stdinIsTerminal }
        var info = stat()
        var capacity = 1 << 20
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            if Int(info.st_size) > limit { throw ImageError.inputTooLarge(limit: limit) }
            capacity = max(Int(info.st_size) + 1, 4096)
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
            let n = read(fd, buffer + count, capacity - count)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError.readFailed(errno: errno)
            }
            if n == 0 { break }
            count += n
            if count > limit { throw ImageError.inputTooLarge(limit: limit) }
        }
        return Array(UnsafeBufferPointer(start: buffer, count: count))
    }
}
