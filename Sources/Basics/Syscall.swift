import Glibc

/// The system calls rekfilter loops on, wrapped once: interrupted calls (EINTR) are retried,
/// partial writes continued, waits bounded.
package enum Syscall {
    /// `call` again for as long as it fails with EINTR; its result (−1 with errno set on failure).
    package static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }

    /// Writes every byte to `fd`; false on an error (errno says which: EPIPE, the reader went away).
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = retrying { write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// What a bounded read found.
    package enum Read: Equatable {
        case bytes(Int)
        case end
        case timedOut
        case failed(Int32)
    }

    /// Reads what `fd` has, up to `buffer.count` bytes, waiting until `deadline` (monotonic
    /// seconds; nil: as long as it takes), at most `slice` seconds at a time so that the caller's
    /// `keepWaiting` (a signal, a process that exited) is asked between slices.
    package static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, deadline: Double?, slice: Double = 0.2,
        keepWaiting: () -> Bool = { true }
    ) -> Read {
        while true {
            var left = slice
            if let deadline {
                left = min(slice, deadline - MonotonicClock.now())
                if left <= 0 { return .timedOut }
            }
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, Int32(left * 1000) + 1)
            if polled < 0 && errno != EINTR { return .failed(errno) }
            if polled <= 0 {
                if !keepWaiting() { return .timedOut }
                continue
            }
            let n = retrying { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            if n < 0 { return .failed(errno) }
            return n == 0 ? .end : .bytes(n)
        }
    }
}
