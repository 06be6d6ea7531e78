import Foundation

/// Runs another program a test needs (python3 with a client library, tar, ffmpeg) and returns
/// its status, stdout and stderr.
public enum Command {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `environment`: when given, the binary's clean environment plus these (else the test's own).
    public static func run(_ arguments: [String], in folder: String? = nil, environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        if let environment { process.environment = Binary.cleanEnvironment(environment) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var stdout = Data()
        nonisolated(unsafe) var stderr = Data()
        onOwnThread(group) { stdout = out.fileHandleForReading.readDataToEndOfFile() }
        onOwnThread(group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
