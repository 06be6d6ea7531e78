import Basics
import Glibc

/// A regular file on stdin, read on a thread of its own from the first lines of `main`, while
/// the command line is parsed and the client configured: the read (1.8 ms for a 4 MiB picture)
/// then costs no wall time. It reads with `pread`, which leaves the file's offset alone, so
/// whoever does not take the bytes finds stdin as it was; `StandardInput.readAll` takes them
/// only if the offset has not moved since (it then moves it past them, as its own read would).
/// The same thread then does what else start-up can do ahead, that nothing waits for.
public enum ReadAhead {
    /// Larger files are read when asked for: a read-ahead nobody takes should cost little.
    static let largest = 64 << 20

    private enum Read: Sendable {
        case reading
        case read([UInt8]?)
    }

    private struct Started: Sendable {
        let fd: Int32
        let offset: Int
        let size: Int
        let bytes: Locked<Read>
    }

    private static let started = Locked<Started?>(nil)

    /// Starts reading `fd` (nil: none) if it is a regular file of 1 byte to `largest` from its
    /// offset on; then, on the same thread, runs `then` — or on a thread of its own if there is
    /// nothing to read. The thread is not joined: `take` waits for the bytes, not for `then`.
    public static func start(fd: Int32?, then: (@Sendable () -> Void)? = nil) {
        guard let fd, let (offset, size) = readable(fd) else {
            if let then { _ = Threads.detached(then) }
            return
        }
        let bytes = Locked(Read.reading)
        let reading = Threads.detached {
            let read = read(fd: fd, at: offset, count: size)
            bytes.update { $0 = .read(read) }
            then?()
        }
        guard reading else { return }
        started.withLock { $0 = Started(fd: fd, offset: offset, size: size, bytes: bytes) }
    }

    /// Where `fd`'s offset is and how much follows it, if it is a regular file with 1 byte to
    /// `largest` there.
    private static func readable(_ fd: Int32) -> (offset: Int, size: Int)? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let offset = Int(lseek(fd, 0, SEEK_CUR))
        let size = Int(info.st_size) - offset
        return offset >= 0 && size > 0 && size <= largest ? (offset, size) : nil
    }

    /// The bytes read ahead from `fd`, once read, if they are all of it from where its offset
    /// still is; the offset then moves past them. nil when nothing was read ahead for `fd`, the
    /// read failed or came short (the file shrank), or the offset moved (another process
    /// sharing the descriptor read from it): the caller reads as if nothing had been.
    static func take(fd: Int32) -> [UInt8]? {
        guard
            let ahead = started.withLock({ state in
                defer { state = nil }
                return state
            })
        else { return nil }
        let read = ahead.bytes.when(
            { if case .reading = $0 { false } else { true } },
            then: { state, _ in
                defer { state = .read(nil) }
                guard case .read(let bytes) = state else { return nil as [UInt8]? }
                return bytes
            })
        guard ahead.fd == fd, let read, read.count == ahead.size, lseek(fd, 0, SEEK_CUR) == ahead.offset else { return nil }
        return lseek(fd, off_t(ahead.offset + read.count), SEEK_SET) < 0 ? nil : read
    }

    /// `count` bytes of `fd` from `offset`; nil if it fails or ends sooner.
    private static func read(fd: Int32, at offset: Int, count: Int) -> [UInt8]? {
        let (bytes, failure) = StandardInput.exactly(count) { pread(fd, $0, $1, off_t(offset + $2)) }
        return failure == 0 && bytes.count == count ? bytes : nil
    }
}
