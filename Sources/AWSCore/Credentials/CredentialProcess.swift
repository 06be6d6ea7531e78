import Basics
import Glibc

/// `credential_process`: runs the command line with `/bin/sh -c` (botocore splits it into
/// words itself; a shell reads the same lines the same way, quotes included), reads its stdout
/// as JSON `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`
/// (another Version is refused), and passes its stderr through, as the AWS CLI does. One that has not
/// answered within `timeout` seconds (default a minute: room for a person to answer an MFA
/// prompt) is stopped, so a hung helper cannot hang rekfilter.
package struct CredentialProcess {
    package var command: String
    package var source: String
    package var timeout: Double = 60

    package func run() throws(CredentialError) -> Credentials {
        let process: Subprocess
        do {
            process = try Subprocess("/bin/sh", arguments: ["-c", command], stdin: .null, stdout: .pipe)
        } catch {
            throw .provider(source, detail: "cannot run credential_process: \(error.reason)")
        }
        guard let output = process.readOutput(limit: 1 << 20, timeout: timeout) else {
            // The shell and whatever it started (it stays in our process group, so that it can
            // still prompt on the terminal). The shell goes first and at once (so that it says
            // nothing of its children's end), then its descendants, given a moment to clean up,
            // so that none is left holding our stderr open.
            let descendants = Self.descendants(of: process.pid)
            process.kill()
            for child in descendants { kill(child, SIGTERM) }
            var waited = 0
            while waited < 20 && descendants.contains(where: { kill($0, 0) == 0 }) {
                usleep(50_000)
                waited += 1
            }
            for child in descendants { kill(child, SIGKILL) }
            throw .provider(source, detail: "credential_process gave no answer within \(Int(timeout)) s and was stopped")
        }
        let status = process.wait(timeout: nil) ?? 0
        guard Subprocess.succeeded(status) else {
            throw .provider(source, detail: "credential_process \(Subprocess.describe(status))")
        }
        return try CredentialDocument.credentials(fromProcessOutput: output, source: source)
    }

    /// The processes descended from `pid`, from /proc (children's children included).
    package static func descendants(of pid: pid_t) -> [pid_t] {
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
