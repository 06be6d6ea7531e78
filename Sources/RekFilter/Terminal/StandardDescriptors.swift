import Basics
import Glibc

/// stdin, stdout and stderr as the process found them. A parent may start rekfilter with one
/// of them closed (`2>&-`, `>&-`): the next file opened would then take its number, and a
/// warning meant for stderr would land in the output file, or the result in a socket. So at
/// start-up a closed one is opened on /dev/null, and remembered: a result for a closed stdout
/// is an error (74), not a success written nowhere.
public enum StandardDescriptors {
    private static let closed = Locked<Set<Int32>>([])

    /// Opens each closed descriptor of 0, 1, 2 on /dev/null. Call first thing, before any file is opened.
    public static func reopenClosed() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if opened >= 0 && opened != fd {
                dup2(opened, fd)
                close(opened)
            }
            closed.withLock { _ = $0.insert(fd) }
        }
    }

    /// Whether `fd` was closed when the process started.
    public static func wasClosed(_ fd: Int32) -> Bool { closed.withLock { $0.contains(fd) } }
}
