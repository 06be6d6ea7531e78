import Glibc

/// The one way rekfilter runs another program — plugins, `credential_process`, `model run`'s
/// command: posix_spawn with argv and an environment, each standard stream inherited, /dev/null
/// or a pipe of ours (close-on-exec, so no other child inherits it), the signals at their
/// defaults (`ChildSignals`), and then writes, bounded reads, waits with a deadline, kill and
/// reap. Used by one thread at a time.
package final class Subprocess {
    package enum Stream { case inherit, null, pipe }

    package let executable: String
    package let pid: pid_t
    /// Our end of its stdin (a pipe), −1 once closed or when not a pipe.
    private(set) var input: Int32
    /// Our end of its stdout (a pipe), −1 when not a pipe.
    package let output: Int32
    private var status: Int32?
    private let registered: Bool

    /// Pipes are made close-on-exec in two steps (pipe, then fcntl): no spawn may run between
    /// them, or its child would hold another child's stdin open (and it would never see EOF).
    private static let spawning = Locked(())

    /// Starts `executable` (found on PATH when `searchPath`) with `arguments` (argv[1...]) and
    /// `environment` (`KEY=VALUE`; nil: ours). `endsWithUs`: a signal that ends rekfilter at once
    /// ends it too.
    package init(
        _ executable: String, arguments: [String], environment: [String]? = nil, stdin: Stream = .inherit,
        stdout: Stream = .inherit, searchPath: Bool = false, endsWithUs: Bool = false
    ) throws(SpawnError) {
        let started = Self.spawning.withLock { _ in
            Self.start(executable, arguments, environment, stdin, stdout, searchPath)
        }
        let (pid, input, output) = try started.get()
        self.executable = executable
        self.pid = pid
        self.input = input
        self.output = output
        registered = endsWithUs
        if endsWithUs { ChildSignals.register(pid) }
    }

    deinit {
        closeInput()
        if output >= 0 { close(output) }
        if status == nil { kill() }
    }

    /// Why a program could not be started: the program and errno.
    package struct SpawnError: Error, Sendable {
        package var program: String
        package var errno: Int32
        package var reason: String { String(cString: strerror(errno)) }
    }

    private static func start(
        _ executable: String, _ arguments: [String], _ environment: [String]?, _ stdin: Stream, _ stdout: Stream, _ searchPath: Bool
    ) -> Result<(pid_t, Int32, Int32), SpawnError> {
        func failure(_ code: Int32) -> Result<(pid_t, Int32, Int32), SpawnError> { .failure(SpawnError(program: executable, errno: code)) }
        var inPipe: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        func closeAll() { for fd in inPipe + outPipe where fd >= 0 { close(fd) } }
        if stdin == .pipe, !pipe(&inPipe) { return failure(errno) }
        if stdout == .pipe, !pipe(&outPipe) {
            closeAll()
            return failure(errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch stdin {
        case .pipe: posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .inherit: break
        }
        switch stdout {
        case .pipe: posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        case .null: posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        case .inherit: break
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup($0) } + [nil] }
        defer {
            for p in argv { free(p) }
            for p in envp ?? [] { free(p) }
        }
        var pid: pid_t = 0
        let spawned = ChildSignals.withDefaults { attributes in
            if let envp {
                return searchPath
                    ? posix_spawnp(&pid, executable, &actions, attributes, argv, envp)
                    : posix_spawn(&pid, executable, &actions, attributes, argv, envp)
            }
            return searchPath
                ? posix_spawnp(&pid, executable, &actions, attributes, argv, environ)
                : posix_spawn(&pid, executable, &actions, attributes, argv, environ)
        }
        if inPipe[0] >= 0 { close(inPipe[0]) }
        if outPipe[1] >= 0 { close(outPipe[1]) }
        guard spawned == 0 else {
            if inPipe[1] >= 0 { close(inPipe[1]) }
            if outPipe[0] >= 0 { close(outPipe[0]) }
            return failure(spawned)
        }
        return .success((pid, inPipe[1], outPipe[0]))
    }

    /// A pipe whose two ends close on exec.
    private static func pipe(_ ends: inout [Int32]) -> Bool {
        guard Glibc.pipe(&ends) == 0 else { return false }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    /// Writes all of `bytes` to its stdin; false when it stopped reading (EPIPE).
    package func write(_ bytes: UnsafeRawBufferPointer) -> Bool { input >= 0 && Syscall.writeAll(input, bytes) }

    /// Closes its stdin: no more input.
    package func closeInput() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    /// Its wait status once it has ended; nil when `timeout` (seconds; nil: no limit) passed first.
    package func wait(timeout: Double?) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        let deadline = timeout.map { MonotonicClock.now() + $0 }
        while true {
            let r = waitpid(pid, &raw, deadline == nil ? 0 : WNOHANG)
            if r == pid {
                status = raw
                if registered { ChildSignals.forget(pid) }
                return raw
            }
            if r < 0 && errno != EINTR { return nil }
            if let deadline {
                if MonotonicClock.now() >= deadline { return nil }
                usleep(2_000)
            }
        }
    }

    /// Ends it now (SIGKILL by default) and reaps it.
    package func kill(_ signal: Int32 = SIGKILL) {
        guard status == nil else { return }
        Glibc.kill(pid, signal)
        _ = wait(timeout: nil)
    }

    /// Its stdout until it closes, `limit` bytes, or `timeout`; once it has exited, what it wrote
    /// by then when that holds a line (a child it left behind may hold the pipe open forever).
    /// Nil when `timeout` passed first.
    package func readOutput(limit: Int, timeout: Double, untilExitWithLine: Bool = false) -> [UInt8]? {
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let deadline = MonotonicClock.now() + timeout
        while out.count <= limit {
            let read = chunk.withUnsafeMutableBytes { buffer in
                Syscall.read(output, into: buffer, deadline: deadline, slice: 0.05) {
                    !(untilExitWithLine && out.contains(0x0A) && self.wait(timeout: 0) != nil)
                }
            }
            switch read {
            case .bytes(let n): out += chunk[0..<n]
            case .end, .failed: return out
            case .timedOut: return untilExitWithLine && out.contains(0x0A) && wait(timeout: 0) != nil ? out : nil
            }
        }
        return out
    }

    /// "exited with status 3" / "was killed by signal 9", for messages.
    package static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        return signal == 0 ? "exited with status \((status >> 8) & 0xFF)" : "was killed by signal \(signal)"
    }

    package static func succeeded(_ status: Int32) -> Bool { status & 0x7F == 0 && (status >> 8) & 0xFF == 0 }

    /// The status as a shell reports it: the exit code, or 128 + the signal that ended it.
    package static func shellStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
