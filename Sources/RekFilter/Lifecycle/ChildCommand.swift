import Basics
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
        // PATH is searched in our environment, which the command's only extends. The forwarded
        // signals are held while it starts, so that one arriving meanwhile reaches it.
        rf_forward_block(1)
        let started = Result { () throws(Subprocess.SpawnError) in
            try Subprocess(
                program, arguments: Array(arguments.dropFirst()), environment: variables.map { "\($0.key)=\($0.value)" }, searchPath: true)
        }
        if case .success(let process) = started { rf_forward_set_child(process.pid) }
        rf_forward_block(0)
        let process: Subprocess
        switch started {
        case .success(let running): process = running
        case .failure(let error):
            return Ended(status: error.errno == ENOENT ? 127 : 126, startFailure: "cannot run '\(program)': \(error.reason)")
        }
        let status = process.wait(timeout: nil) ?? 0
        rf_forward_set_child(0)
        return Ended(status: Subprocess.shellStatus(status), startFailure: nil)
    }
}
