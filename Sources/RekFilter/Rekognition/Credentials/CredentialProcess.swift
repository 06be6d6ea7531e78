import Glibc

/// `credential_process`: runs the command line with `/bin/sh -c` (botocore splits it into
/// words itself; a shell reads the same lines the same way, quotes included), reads its stdout
/// as JSON `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`
/// (another Version is refused), and passes its stderr through, as the AWS CLI does. One that has not
/// answered within `timeout` seconds (default a minute: room for a person to answer an MFA
/// prompt) is stopped, so a hung helper cannot hang rekfilter.
struct CredentialProcess {
    var command: String
    var source: String
    var timeout: Double = 60

    func run() throws(CredentialError) -> Credentials {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw .provider(source, detail: "cannot create a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (s: String) in strdup(s) } + [nil]
        defer { for arg in argv { free(arg) } }
        let spawned = ChildSignals.withDefaults { posix_spawn(&pid, "/bin/sh", &actions, $0, argv, environ) }
        close(pipeFDs[1])
        guard spawned == 0 else {
            close(pipeFDs[0])
            throw .provider(source, detail: "cannot run credential_process")
        }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let deadline = MonotonicClock.now() + timeout
        var timedOut = false
        while output.count < 1 << 20 {
            let left = deadline - MonotonicClock.now()
            if left <= 0 {
                timedOut = true
                break
            }
            var ready = pollfd(fd: pipeFDs[0], events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, Int32(min(left, 1) * 1000) + 1)
            if polled < 0 && errno == EINTR { continue }
            if polled == 0 { continue }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(pipeFDs[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            output += chunk[0..<n]
        }
        close(pipeFDs[0])
        var status: Int32 = 0
        if timedOut {
            // The shell and whatever it started (it stays in our process group, so that it can
            // still prompt on the terminal): its descendants first, so none is left holding
            // our stderr open.
            // The shell goes first and at once (so that it says nothing of its children's end),
            // then its descendants, given a moment to clean up.
            let descendants = Self.descendants(of: pid)
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            for child in descendants { kill(child, SIGTERM) }
            var waited = 0
            while waited < 20 && descendants.contains(where: { kill($0, 0) == 0 }) {
                usleep(50_000)
                waited += 1
            }
            for child in descendants { kill(child, SIGKILL) }
            throw .provider(source, detail: "credential_process gave no answer within \(Int(timeout)) s and was stopped")
        }
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode = (status >> 8) & 0xFF
        guard status & 0x7F == 0, exitCode == 0 else {
            throw .provider(source, detail: "credential_process exited with status \(exitCode)")
        }
        return try CredentialDocument.credentials(fromProcessOutput: output, source: source)
    }

    /// The processes descended from `pid`, from /proc (children's children included).
    static func descendants(of pid: pid_t) -> [pid_t] {
        guard let folder = opendir("/proc") else { return [] }
        defer { closedir(folder) }
        var parents: [pid_t: pid_t] = [:]
        while let entry = readdir(folder) {
            let name = Files.name(of: entry)
            guard let child = pid_t(name), let stat = Files.read("/proc/\(name)/stat", limit: 4096) else { continue }
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
            guard let close = stat.lastIndex(of: UInt8(ascii: ")")) else { continue }
            let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
            if fields.count > 1, let parent = pid_t(String(decoding: fields[1], as: UTF8.self)) { parents[child] = parent }
        }
        var found: [pid_t] = []
        var frontier = [pid]
        while let next = frontier.popLast() {
            let children = parents.filter { $0.value == next }.map(\.key)
            found += children
            frontier += children
        }
        return found
    }
}
