import CSystem
import Glibc

/// The command `rekfilter model run` wraps: found on PATH, run with our stdin, stdout and
/// stderr, in our environment plus what is given, with the default dispositions of the
/// signals we handle or ignore (SIGPIPE above all: `| head` must end it as usual).
public struct ChildCommand: Sendable {
    public var arguments: [String]
    public var variables: [String: String]

    public init(arguments: [String], variables: [String: String]) {
        self.arguments = arguments
        self.variables = variables
    }

    /// How the command ended, as a shell reports it: its status, 128 + a signal that ended it,
    /// 127 when it was not found, 126 when it could not be run.
    public struct Ended: Equatable, Sendable {
        public var status: Int32
        /// Why it could not start (nil: it ran).
        public var startFailure: String?
    }

    /// Why the command cannot be run, as a shell would say (and its status: 127 not found, 126
    /// not executable); nil when it can. Asked before a model is started for it.
    public func cannotRun() -> (reason: String, status: Int32)? {
        guard let program = arguments.first, !program.isEmpty else { return ("no command given", 127) }
        func runnable(_ path: String) -> Bool { Files.isRegularFile(path) && access(path, X_OK) == 0 }
        if program.contains("/") {
            if runnable(program) { return nil }
            return Files.isRegularFile(program) || Files.isDirectory(program)
                ? ("cannot run '\(program)': it is not an executable file", 126) : ("cannot run '\(program)': no such file", 127)
        }
        let path = variables["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":", omittingEmptySubsequences: false) {
            if runnable((folder.isEmpty ? "." : String(folder)) + "/" + program) { return nil }
        }
        return ("cannot run '\(program)': not found on PATH", 127)
    }

    /// Runs the command to its end. Signals that a process sends us meanwhile are passed on
    /// (`rf_forward_install` must have been called).
    public func run() -> Ended {
        guard let program = arguments.first, !program.isEmpty else { return Ended(status: 127, startFailure: "no command given") }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        // PATH is searched in our environment, which the command's only extends.
        var pid: pid_t = 0
        rf_forward_block(1)
        let spawned = ChildSignals.withDefaults { posix_spawnp(&pid, program, nil, $0, argv, envp) }
        if spawned == 0 { rf_forward_set_child(pid) }
        rf_forward_block(0)
        guard spawned == 0 else {
            let reason = String(cString: strerror(spawned))
            return Ended(status: spawned == ENOENT ? 127 : 126, startFailure: "cannot run '\(program)': \(reason)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        rf_forward_set_child(0)
        let signal = status & 0x7f
        return Ended(status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, startFailure: nil)
    }
}
