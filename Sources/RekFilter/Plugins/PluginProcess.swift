import Basics
import Glibc

/// A plugin's process: a `Subprocess` with its stdin and stdout on pipes of ours (stderr passes
/// through), in rekfilter's environment without the credential variables and with
/// `REKFILTER_PROTOCOL=1` (README, docs/plugins.md), ended with rekfilter. Used by one thread
/// at a time.
final class PluginProcess {
    let path: String
    private let process: Subprocess

    var pid: pid_t { process.pid }
    /// What it writes to us.
    var output: Int32 { process.output }

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
        self.path = path
        do {
            process = try Subprocess(
                path, arguments: arguments, environment: Self.environment(variables), stdin: .pipe, stdout: .pipe, endsWithUs: true)
        } catch {
            throw .cannotStart(path, error.reason)
        }
    }

    /// Writes all of `bytes` to the plugin's stdin; false when it stopped reading (EPIPE).
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool { process.write(bytes) }

    /// Closes the plugin's stdin: no more messages.
    func closeInput() { process.closeInput() }

    /// The plugin's exit: its status, or the signal that ended it; nil when `timeout` passed first.
    func waitStatus(timeout: Double?) -> Int32? { process.wait(timeout: timeout) }

    /// Ends it: SIGKILL and reap.
    func kill() { process.kill() }

    /// The handshake's answer: its stdout until it closes — or, once it has exited, what it
    /// wrote (a child it left behind may hold the pipe open); nil when `timeout` passes first.
    func readAnswer(limit: Int, timeout: Double) -> [UInt8]? { process.readOutput(limit: limit, timeout: timeout, untilExitWithLine: true) }

    static func describe(_ status: Int32) -> String { Subprocess.describe(status) }
    static func succeeded(_ status: Int32) -> Bool { Subprocess.succeeded(status) }
}
