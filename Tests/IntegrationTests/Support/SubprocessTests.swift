import Foundation
import Testing

@testable import Basics
@testable import RekFilter

/// The one way rekfilter runs other programs: pipes, environment, PATH, deadlines, statuses.
@Suite struct SubprocessTests {
    @Test func pipesBothWaysAndTheStatus() throws {
        let cat = try Subprocess("/bin/sh", arguments: ["-c", "cat; exit 3"], stdin: .pipe, stdout: .pipe)
        #expect(Array("hello\n".utf8).withUnsafeBytes { cat.write($0) })
        cat.closeInput()
        #expect(cat.readOutput(limit: 1 << 20, timeout: 10) == Array("hello\n".utf8))
        let status = try #require(cat.wait(timeout: 10))
        #expect(Subprocess.shellStatus(status) == 3 && !Subprocess.succeeded(status))
        #expect(Subprocess.describe(status) == "exited with status 3")
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() throws {
        let env = try Subprocess("/usr/bin/env", arguments: [], environment: ["ONLY=this"], stdin: .null, stdout: .pipe)
        #expect(env.readOutput(limit: 1 << 20, timeout: 10) == Array("ONLY=this\n".utf8))
    }

    @Test func notFoundIsENOENTAndPATHIsSearched() throws {
        #expect(throws: Subprocess.SpawnError.self) { try Subprocess("/no/such/program", arguments: []) }
        do {
            _ = try Subprocess("no-such-program-anywhere", arguments: [], searchPath: true)
            Issue.record("started a program that does not exist")
        } catch {
            #expect(error.errno == ENOENT)
        }
        let found = try Subprocess("true", arguments: [], searchPath: true)
        #expect(found.wait(timeout: 10).map(Subprocess.succeeded) == true)
    }

    @Test func readsAndWaitsAreBoundedAndKillReaps() throws {
        let sleeper = try Subprocess("/bin/sleep", arguments: ["30"], stdin: .null, stdout: .pipe)
        let started = Date()
        #expect(sleeper.readOutput(limit: 1 << 20, timeout: 0.3) == nil)
        #expect(sleeper.wait(timeout: 0.2) == nil)
        #expect(Date().timeIntervalSince(started) < 5)
        sleeper.kill()
        #expect(Subprocess.describe(try #require(sleeper.wait(timeout: 0))) == "was killed by signal 9")
    }

    /// A program that answers and exits while a child of its own keeps the pipe open: its
    /// answer counts (a handshake must not wait for the child).
    @Test func anAnswerCountsOnceItsWriterHasExited() throws {
        let parent = try Subprocess("/bin/sh", arguments: ["-c", "sleep 30 2>/dev/null & echo answer"], stdin: .null, stdout: .pipe)
        let started = Date()
        #expect(parent.readOutput(limit: 1 << 20, timeout: 10, untilExitWithLine: true) == Array("answer\n".utf8))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func theChildsSignalsAreAtTheirDefaults() throws {
        signal(SIGPIPE, SIG_IGN)
        let shell = try Subprocess(
            "/bin/sh", arguments: ["-c", "while IFS= read -r l; do case \"$l\" in SigIgn:*) echo \"$l\";; esac; done < /proc/$$/status"],
            stdin: .null, stdout: .pipe)
        let line = String(decoding: shell.readOutput(limit: 4096, timeout: 10) ?? [], as: UTF8.self)
        let mask = UInt64(line.split(separator: "\t").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "", radix: 16) ?? .max
        #expect(mask & (1 << (13 - 1)) == 0, "SIGPIPE ignored in the child: \(line)")
    }
}
