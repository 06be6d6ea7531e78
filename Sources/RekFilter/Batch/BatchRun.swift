import AWSCore
import Basics
import FoundationEssentials
import Glibc

/// `rekfilter batch` (README, Batch): the inputs listed from the SOURCEs, run on the one driver
/// as a stream of pictures, each input's results written to DEST as it completes; then
/// `DEST/failures.jsonl`, the summary line and `--summary FILE`.
public struct BatchRun {
    public var sources: [BatchSourceSpec]
    public var destination: String
    /// `-f`, each once (default json).
    public var formats: [FormatDescriptor]
    public var shard: Shard?
    public var force = false
    public var sourceRefPrefix: String?
    public var summaryPath: String?
    /// The run's configuration: the service, the limits, `-j`, `--on-error`, verbosity.
    public var configuration: Configuration

    public init(sources: [BatchSourceSpec], destination: String, formats: [FormatDescriptor], configuration: Configuration) {
        self.sources = sources
        self.destination = destination
        self.formats = formats
        self.configuration = configuration
    }

    /// What a run did, for the closing line and `--summary`.
    public struct Summary: Sendable, Codable, Equatable {
        public var inputs = 0
        public var done = 0
        public var present = 0
        public var fromCache = 0
        public var failed = 0
        public var notImages = 0
        public var calls = 0
        public var retries = 0
        public var throttles = 0
        public var seconds = 0.0
        public var interrupted = false

        /// `12.3`.
        func tenths(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }

        public var line: String {
            "batch: \(inputs) inputs, \(done) done, \(present) skipped as present, \(fromCache) from cache, \(failed) failed, "
                + "\(calls) calls, \(retries) retries, \(throttles) throttles, \(tenths(seconds)) s"
                + (notImages > 0
                    ? " (\(counted(notImages, "file", "files")) that \(notImages == 1 ? "is" : "are") no PNG or JPEG skipped)" : "")
        }
    }

    /// DEST must not be a SOURCE, nor inside one: its results would be listed as inputs.
    public func checkDestination() throws {
        let dest = Self.absolute(destination)
        for case .directory(let folder) in sources {
            let source = Self.absolute(folder)
            if dest == source || dest.hasPrefix(source == "/" ? "/" : source + "/") {
                throw BatchError.destinationInsideSource(destination: destination, source: folder)
            }
        }
    }

    /// A path made absolute and free of `.`/`..` and repeated slashes, links resolved where they exist.
    static func absolute(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        var parts: [Substring] = []
        let full = path.hasPrefix("/") ? path : (Self.workingDirectory() + "/" + path)
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func workingDirectory() -> String {
        guard let cwd = getcwd(nil, 0) else { return "/" }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// Runs the batch. `exitStatus` maps an error to its exit status (the executable's table),
    /// for failures.jsonl; `interruption` is the signal asking the run to stop, 0 while none has.
    public func run(
        variables: [String: String], diagnostics: any Diagnostics, exitStatus: @escaping @Sendable (any Error) -> Int32,
        interruption: @escaping @Sendable () -> Int32
    ) throws -> (summary: Summary, firstFailure: (any Error)?) {
        guard !sources.isEmpty else { throw BatchError.noSources }
        try checkDestination()
        let extensions = formats.map { $0.fileExtensions.first ?? $0.name }
        let destination = BatchDestination(root: self.destination, extensions: extensions)
        try destination.prepare()
        defer { destination.finish() }
        let ledger = BatchLedger(exitStatus: exitStatus)
        var options = configuration
        options.stream.enabled = true
        options.output.format = BatchFormat.descriptor(
            formats: formats, destination: destination, ledger: ledger, sourceRefPrefix: sourceRefPrefix)
        let driver = try Driver(options: options, variables: variables, diagnostics: diagnostics)
        // One S3 client for the reader thread: listing pages and fetching objects.
        let s3 = ReaderS3Client {
            let session =
                try driver.session
                ?? ServiceSession(service: options.service, variables: variables, diagnostics: diagnostics, quiet: true)
            return session.makeS3Client()
        }
        let source = BatchSource(
            lister: BatchLister(sources, s3: s3.get), shard: shard, destination: destination, force: force,
            ledger: ledger, maxBytes: options.limits.maxInputBytes, s3: s3.get)
        let started = MonotonicClock.now()
        let sink = try OutputSink(path: "/dev/null", binary: true)
        let result = try driver.run(source: source, sink: sink, interruption: interruption, observer: ledger)
        var summary = Summary()
        let counts = ledger.counts
        summary.inputs = counts.inputs
        summary.present = counts.present
        summary.notImages = counts.notImages
        summary.done = ledger.done
        summary.fromCache = driver.session?.cache?.hits ?? 0
        summary.failed = ledger.failures.count
        summary.calls = result.calls
        summary.retries = result.retries
        summary.throttles = result.throttles
        summary.seconds = MonotonicClock.now() - started
        summary.interrupted = result.interruptedBy != 0
        try writeFailures(ledger.failures, to: destination)
        if let summaryPath {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let out = try OutputSink(path: summaryPath, binary: false)
            try out.write(Array(try encoder.encode(summary)) + [10])
            try out.finish()
        }
        return (summary, ledger.failures.isEmpty ? nil : result.firstFailure)
    }

    /// `DEST/failures.jsonl`, rewritten each run: one object per failed input.
    func writeFailures(_ failures: [BatchLedger.Failure], to destination: BatchDestination) throws {
        struct Line: Encodable {
            var key: String
            var source: String
            var error: String
            var exit: Int32
            enum CodingKeys: String, CodingKey {
                case key = "Key"
                case source = "Source"
                case error = "Error"
                case exit = "Exit"
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        for failure in failures {
            bytes += Array(
                try encoder.encode(
                    Line(key: failure.input.key, source: failure.input.source, error: failure.error, exit: failure.exitStatus)))
            bytes.append(10)
        }
        let path = destination.root + "/failures.jsonl"
        if failures.isEmpty {
            unlink(path)
            return
        }
        let out = try OutputSink(path: path, binary: false)
        try out.write(bytes)
        try out.finish()
    }
}

/// The S3 client of the driver's reader thread (listings and objects), made when first needed:
/// a folder's run, or one with no credentials, never makes one.
final class ReaderS3Client {
    private var client: S3Client?
    private let make: () throws -> S3Client

    init(_ make: @escaping () throws -> S3Client) { self.make = make }

    func get() throws -> S3Client {
        if let client { return client }
        let made = try make()
        client = made
        return made
    }
}
