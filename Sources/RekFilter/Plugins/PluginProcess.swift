import Glibc

/// A plugin's process: started with its stdin and stdout on pipes of ours (stderr passes
/// through), in rekfilter's environment without the credential variables and with
/// `REKFILTER_PROTOCOL=1` (SPEC §8). Used by one thread at a time.
final class PluginProcess {
    let path: String
    let pid: pid_t
    /// Our ends: what we write to the plugin, and what it writes to us.
    private(set) var input: Int32
    let output: Int32
    private var exited: Int32?

    /// The variables a plugin never sees.
    static let credentialVariables: Set<String> = [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    ]

    /// The environment a plugin runs in.
    static func environment(_ variables: [String: String]) -> [String] {
        variables.filter { !credentialVariables.contains($0.key) && $0.key != "REKFILTER_PROTOCOL" }
            .map { "\($0.key)=\($0.value)" } + ["REKFILTER_PROTOCOL=1"]
    }

    init(path: String, arguments: [String], variables: [String: String]) throws(PluginError) {
        // Pipes are made close-on-exec in two steps (pipe, then fcntl): no other spawn may run
        // between them, or its child would hold another plugin's stdin open.
        let started = Self.spawning.withLock { _ in Self.start(path: path, arguments: arguments, variables: variables) }
        let (pid, input, output) = try started.get()
        self.path = path
        self.pid = pid
        self.input = input
        self.output = output
    }

    private static let spawning = Locked(())

    private static func start(path: String, arguments: [String], variables: [String: String])
        -> Result<(pid_t, Int32, Int32), PluginError>
    {
        var toPlugin: [Int32] = [0, 0]
        var fromPlugin: [Int32] = [0, 0]
        guard Self.pipe(&toPlugin) else { return .failure(.cannotStart(path, String(cString: strerror(errno)))) }
        guard Self.pipe(&fromPlugin) else {
            close(toPlugin[0])
            close(toPlugin[1])
            return .failure(.cannotStart(path, String(cString: strerror(errno))))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toPlugin[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromPlugin[1], 1)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = Self.environment(variables).map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let spawned = ChildSignals.withDefaults { posix_spawn(&pid, path, &actions, $0, argv, envp) }
        close(toPlugin[0])
        close(fromPlugin[1])
        guard spawned == 0 else {
            close(toPlugin[1])
            close(fromPlugin[0])
            return .failure(.cannotStart(path, String(cString: strerror(spawned))))
        }
        // A signal that ends rekfilter at once ends its plugins too: none is left orphaned.
        ChildSignals.register(pid)
        return .success((pid, toPlugin[1], fromPlugin[0]))
    }

    deinit {
        closeInput()
        close(output)
        if exited == nil {
            Glibc.kill(pid, SIGKILL)
            _ = waitStatus(timeout: nil)
        }
    }

    /// A pipe whose ends close on exec: no other plugin inherits them (a plugin's stdin must
    /// close when we close our end).
    private static func pipe(_ ends: inout [Int32]) -> Bool {
        guard Glibc.pipe(&ends) == 0 else { return false }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    /// Writes all of `bytes` to the plugin's stdin; false when it stopped reading (EPIPE).
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(input, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    /// Closes the plugin's stdin: no more messages.
    func closeInput() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    /// The plugin's exit: its status, or the signal that ended it; nil when `timeout` passed first.
    func waitStatus(timeout: Double?) -> Int32? {
        if let exited { return exited }
        var status: Int32 = 0
        let deadline = timeout.map { MonotonicClock.now() + $0 }
        while true {
            let r = waitpid(pid, &status, deadline == nil ? 0 : WNOHANG)
            if r == pid {
                exited = status
                ChildSignals.forget(pid)
                return status
            }
            if r < 0 && errno != EINTR { return nil }
            if let deadline {
                if MonotonicClock.now() >= deadline { return nil }
                usleep(2_000)
            }
        }
    }

    /// Ends it: SIGKILL and reap.
    func kill() {
        guard exited == nil else { return }
        Glibc.kill(pid, SIGKILL)
        _ = waitStatus(timeout: nil)
    }

    /// "exited with status 3" / "was killed by signal 9", for messages.
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        return signal == 0 ? "exited with status \((status >> 8) & 0xFF)" : "was killed by signal \(signal)"
    }

    static func succeeded(_ status: Int32) -> Bool { status & 0x7F == 0 && (status >> 8) & 0xFF == 0 }

    /// The handshake's answer: the plugin's stdout until it closes — or, once the plugin has
    /// exited, what it wrote (a child it left behind may hold the pipe open forever); nil when
    /// `timeout` passes first.
    func readAnswer(limit: Int, timeout: Double) -> [UInt8]? {
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let deadline = MonotonicClock.now() + timeout
        while out.count <= limit {
            let left = deadline - MonotonicClock.now()
            if left <= 0 { return nil }
            var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, Int32(min(left, 0.05) * 1000) + 1)
            if polled <= 0 {
                if waitStatus(timeout: 0) != nil && out.contains(0x0A) { break }
                continue
            }
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += chunk[0..<n]
        }
        return out
    }
}
