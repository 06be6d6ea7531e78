import Basics
import Glibc

/// One plugin process for a whole run: messages written to its stdin (a `ByteWriter`), its
/// stdout copied to the run's output by a thread of its own, and at the end its exit checked.
/// A plugin that stops reading, exits non-zero, dies, or does not exit once its input has
/// ended fails the run (70), naming the plugin and what happened.
final class PluginRun: ByteWriter {
    let process: PluginProcess
    private var copier: pthread_t?
    /// When the plugin last wrote (monotonic seconds), so that a plugin busy writing its output
    /// is waited for, and one that does nothing is not, forever.
    private let lastOutput = Locked(MonotonicClock.now())
    /// How long a plugin may stay silent after its input ended before it is stopped (after a
    /// signal: how long it has at all).
    static let quietAfterEnd = 20.0
    static let graceAfterSignal = 5.0
    let interrupted: @Sendable () -> Bool
    /// The first error writing the plugin's output to the run's (a full disk).
    private let writeFailure = Locked<(any Error)?>(nil)

    init(
        path: String, pairs: [(String, String)], variables: [String: String], output: any ByteWriter,
        interrupted: @escaping @Sendable () -> Bool = { false }
    ) throws {
        self.interrupted = interrupted
        process = try PluginProcess(
            path: path, arguments: ["--rekfilter-plugin-run"] + pairs.map { "\($0.0)=\($0.1)" }, variables: variables)
        let from = process.output
        let last = lastOutput
        let failed = writeFailure
        let destination = Handed(output)  // written by the copier alone while the plugin runs
        copier = Threads.spawn {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { buffer in Syscall.retrying { read(from, buffer.baseAddress, buffer.count) } }
                if n <= 0 { return }
                last.withLock { $0 = MonotonicClock.now() }
                // After a failed write (a full disk) the rest is read and dropped, so that the
                // plugin never blocks; `finish` reports the failure as the built-ins would (74).
                guard failed.withLock({ $0 == nil }) else { continue }
                do {
                    try chunk.withUnsafeBytes { try destination.value.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                } catch {
                    failed.withLock { $0 = error }
                }
            }
        }
    }

    deinit {
        process.kill()
        if let copier { Threads.join(copier) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard process.write(bytes) else { throw failure("stopped reading its input") }
    }

    func send(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Closes the plugin's input and waits for it to finish its output and exit.
    func finish() throws {
        process.closeInput()
        let ended = MonotonicClock.now()
        var status: Int32?
        while status == nil {
            status = process.waitStatus(timeout: 0.2)
            guard status == nil else { break }
            if interrupted(), MonotonicClock.now() - ended > Self.graceAfterSignal {
                process.kill()
                throw failure("was stopped \(Int(Self.graceAfterSignal)) s after the signal")
            }
            if MonotonicClock.now() - lastOutput.withLock({ $0 }) > Self.quietAfterEnd {
                process.kill()
                throw failure("did not exit within \(Int(Self.quietAfterEnd)) s of its input's end, and was stopped")
            }
        }
        if let copier {
            Threads.join(copier)
            self.copier = nil
        }
        if let error = writeFailure.withLock({ $0 }) { throw error }
        if let status, !PluginProcess.succeeded(status) { throw failure(PluginProcess.describe(status)) }
    }

    private func failure(_ what: String) -> PluginError {
        if let status = process.waitStatus(timeout: 0.5), what == "stopped reading its input" {
            return .failed(process.path, "stopped reading its input (it \(PluginProcess.describe(status)))")
        }
        return .failed(process.path, what)
    }
}
