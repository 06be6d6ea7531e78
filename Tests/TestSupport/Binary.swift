import Foundation

/// Runs the built `rekfilter` binary as a user would: bytes on stdin, arguments, environment;
/// collects stdout, stderr and the exit status.
public struct Binary {
    public struct Result {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
        public var seconds: Double
        /// The run outlasted its timeout and was killed (its status is then SIGKILL's).
        public var timedOut = false
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// $REKFILTER_BIN (`make test` sets the release binary), else the `rekfilter` built beside
    /// the running test bundle, whatever the configuration and platform folder.
    public static let path: String = {
        if let path = ProcessInfo.processInfo.environment["REKFILTER_BIN"] { return path }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        // The test binary may sit inside a bundle folder (rekfilterPackageTests.xctest/...).
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("rekfilter").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return TestData.projectRoot.appendingPathComponent(".build/debug/rekfilter").path
    }()

    /// Writing stdin to a binary that (rightly) stopped reading must not kill the test runner.
    static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN)
        return ()
    }()

    /// The binary as a Process, not yet started, with the same clean environment as `run`
    /// (for tests that signal it, sample it, or wire its output elsewhere).
    public static func process(_ arguments: [String], stdinPath: String? = nil, environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = cleanEnvironment(environment)
        if let stdinPath { process.standardInput = FileHandle(forReadingAtPath: stdinPath) }
        return process
    }

    static let scratchCache: String = (try? TestData.scratch().path) ?? "/tmp"

    /// The test process's environment without AWS or rekfilter settings, plus `extra`.
    public static func cleanEnvironment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("REKFILTER_") }
        env["HOME"] = "/nonexistent"
        // A cache of the test run's own (batch keeps answers by default): never the user's,
        // never one a root test run would create under /nonexistent.
        env["XDG_CACHE_HOME"] = scratchCache
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs the binary (or `executable`, another copy of it) with `arguments`.
    public static func run(
        _ arguments: [String], stdin: [UInt8]? = nil, stdinPath: String? = nil, timeout: Double = 60,
        environment: [String: String] = [:], executable: String? = nil
    ) throws -> Result {
        Self.ignoreSIGPIPE
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = arguments
        // A clean AWS environment: no real credentials or config leak in, no instance metadata.
        process.environment = cleanEnvironment(environment)
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        var inPipe: Pipe?
        if let stdinPath {
            process.standardInput = FileHandle(forReadingAtPath: stdinPath)
        } else {
            inPipe = Pipe()
            process.standardInput = inPipe
        }
        let started = Date()
        try process.run()
        // Feed stdin and drain both outputs concurrently so that no pipe buffer can deadlock.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        onOwnThread(group) { out = outPipe.fileHandleForReading.readDataToEndOfFile() }
        onOwnThread(group) { err = errPipe.fileHandleForReading.readDataToEndOfFile() }
        if let inPipe {
            let handle = inPipe.fileHandleForWriting
            onOwnThread(group) {
                if let stdin { try? handle.write(contentsOf: Data(stdin)) }
                try? handle.close()
            }
        }
        // A hang must fail the test, not hang the suite: past the timeout the binary is killed.
        var timedOut = false
        if group.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            group.wait()
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: [UInt8](out),
            stderr: String(decoding: err, as: UTF8.self), seconds: Date().timeIntervalSince(started), timedOut: timedOut)
    }

    /// Runs the binary, sends it SIGINT once `ready()` holds (checked every 20 ms, for at most
    /// `deadline` seconds), and waits for it to end. `secondsAfterSignal`: how long that took.
    public static func interrupted(
        _ arguments: [String], stdinPath: String, environment: [String: String], deadline: Double = 20,
        when ready: () throws -> Bool
    ) throws -> (result: Result, secondsAfterSignal: Double) {
        Self.ignoreSIGPIPE
        let process = Self.process(arguments, stdinPath: stdinPath, environment: environment)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let started = Date()
        try process.run()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        let readers = DispatchGroup()
        onOwnThread(readers) { out = output.fileHandleForReading.readDataToEndOfFile() }
        onOwnThread(readers) { err = errors.fileHandleForReading.readDataToEndOfFile() }
        let end = Date().addingTimeInterval(deadline)
        while try !ready() && Date() < end { usleep(20_000) }
        let signalled = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let after = Date().timeIntervalSince(signalled)
        readers.wait()
        let result = Result(
            status: process.terminationStatus, stdout: [UInt8](out), stderr: String(decoding: err, as: UTF8.self),
            seconds: Date().timeIntervalSince(started))
        return (result, after)
    }
}

/// Runs `body` on a thread of its own, counted in `group` — never on Dispatch's shared pool:
/// many tests blocking there on pipes at once can starve it, and a reader that never starts
/// looks like a binary that hangs.
public func onOwnThread(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    Thread {
        body()
        group.leave()
    }.start()
}
