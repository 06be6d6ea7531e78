import AWSCore
import Basics
import FoundationEssentials
import Glibc

/// `rekfilter batch` (README, Batch): the inputs listed from the SOURCEs, run on the one driver
/// as a stream of pictures, each input's results written to DEST as it completes; then
/// `DEST/failures.jsonl`, the summary line and `--summary FILE`.
public struct BatchRun {
    public var sources: [BatchSourceSpec]
    /// `--out`; nil when a replay only collects documents.
    public var destination: String?
    /// `-f`, each once (default json).
    public var formats: [FormatDescriptor]
    public var shard: Shard?
    public var force = false
    public var sourceRefPrefix: String?
    public var summaryPath: String?
    /// `--collect`.
    public var collect: [BatchCollector.Target] = []
    /// `--detections DIR`: read each input's saved `json` result from there (for `--collect`).
    public var replay: String?
    /// The run's configuration: the service, the limits, `-j`, `--on-error`, verbosity.
    public var configuration: Configuration

    public init(sources: [BatchSourceSpec], destination: String?, formats: [FormatDescriptor], configuration: Configuration) {
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
        public var replayed = 0
        public var unsaved = 0
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
                + (replayed > 0 ? ", \(replayed) replayed" : "")
                + (unsaved > 0 ? " (\(counted(unsaved, "listed file")) without a saved result skipped)" : "")
                + (notImages > 0
                    ? " (\(counted(notImages, "file", "files")) that \(notImages == 1 ? "is" : "are") no PNG or JPEG skipped)" : "")
        }
    }

    /// DEST must not be a SOURCE, nor inside one: its results would be listed as inputs.
    public func checkDestination() throws {
        guard let destination else { return }
        if destination.hasPrefix("s3://") {
            let (bucket, prefix) = BatchSourceSpec.bucketAndPrefix(destination)
            for case .s3(let sourceBucket, let sourcePrefix) in sources where sourceBucket == bucket && prefix.hasPrefix(sourcePrefix) {
                throw BatchError.destinationInsideSource(destination: destination, source: "s3://\(sourceBucket)/\(sourcePrefix)")
            }
            return
        }
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
        let ledger = BatchLedger(exitStatus: exitStatus)
        let collector = collect.isEmpty ? nil : BatchCollector(targets: collect)
        var options = configuration
        options.stream.enabled = true
        // The run's service session: the driver's once it is made (its credentials, retries and
        // connections), else one of its own, made when S3 is first needed.
        let sessionSlot = Locked<ServiceSession?>(nil)
        let service = options.service
        let session: @Sendable () throws -> ServiceSession = {
            if let made = sessionSlot.withLock({ $0 }) { return made }
            let made = try ServiceSession(service: service, variables: variables, diagnostics: diagnostics, quiet: true)
            sessionSlot.withLock { $0 = made }
            return made
        }
        let results: (any BatchResults)?
        if let place = destination, place.hasPrefix("s3://") {
            let (bucket, prefix) = BatchSourceSpec.bucketAndPrefix(place)
            results = S3Results(bucket: bucket, prefix: prefix, extensions: extensions) { try session().makeS3Client() }
        } else {
            results = destination.map { LocalResults(root: $0, extensions: extensions) }
        }
        try results?.prepare()
        defer { results?.finish() }
        options.output.format = BatchFormat.descriptor(
            formats: formats, results: results, ledger: ledger, sourceRefPrefix: sourceRefPrefix, collector: collector)
        // A replay calls nothing: no driver, no model.
        let driver = replay == nil ? try Driver(options: options, variables: variables, diagnostics: diagnostics) : nil
        if let made = driver?.session { sessionSlot.withLock { $0 = made } }
        // One S3 client for the reader thread: listing pages, fetching objects, writing documents.
        let s3 = ReaderS3Client { try session().makeS3Client() }
        var source = BatchSource(
            lister: BatchLister(sources, s3: s3.get), shard: shard, results: results, force: force,
            ledger: ledger, maxBytes: options.limits.maxInputBytes, s3: s3.get)
        source.collector = collector
        source.replay = replay
        let started = MonotonicClock.now()
        var result = Driver.Summary()
        if let driver {
            let sink = try OutputSink(path: "/dev/null", binary: true)
            result = try driver.run(source: source, sink: sink, interruption: interruption, observer: ledger)
        } else {
            var index = 0
            while let input = try source.next(shouldStop: { interruption() != 0 }) {
                if case .broken(let error) = input {
                    diagnostics.error("\(ledger.name(ofFrame: index)?.escapingControlCharacters ?? "input \(index)"): \(error)")
                    ledger.finished(frame: index, error: error)
                    if result.firstFailure == nil { result.firstFailure = error }
                }
                index += 1
            }
            result.interruptedBy = interruption()
        }
        var summary = Summary()
        let counts = ledger.counts
        summary.inputs = counts.inputs
        summary.present = counts.present
        summary.notImages = counts.notImages
        summary.replayed = counts.replayed
        summary.unsaved = counts.unsaved
        summary.done = ledger.done
        summary.fromCache = driver?.session?.cache?.hits ?? 0
        summary.failed = ledger.failures.count
        summary.calls = result.calls
        summary.retries = result.retries
        summary.throttles = result.throttles
        summary.seconds = MonotonicClock.now() - started
        summary.interrupted = result.interruptedBy != 0
        if let results { try writeFailures(ledger.failures, to: results) }
        let (lines, lineCount) = ledger.lineFailures
        for line in lines.prefix(20) { diagnostics.error("\(line)") }
        if lineCount > 20 { diagnostics.error("… and \(lineCount - 20) more lines like these") }
        if let first = lines.first, result.firstFailure == nil { result.firstFailure = first }
        if let listing = ledger.listingFailure {
            diagnostics.error("\(listing) (the inputs listed before it were done)")
            if result.firstFailure == nil || ledger.failures.isEmpty { result.firstFailure = listing }
        }
        if let collector, summary.interrupted == false {
            for failure in ledger.failures { collector.addFailure(failure.input, error: failure.error) }
            let services = FormatServices(diagnostics: diagnostics, quiet: options.quiet, interrupted: { false }, variables: variables)
            let prefix = sourceRefPrefix
            let documents = try collector.documents(options: options.output.formatOptions, services: services) { input in
                if case .s3 = input.location { return input.source }
                return prefix.map { $0 + input.key }
            }
            for (target, bytes) in documents {
                if let location = S3Location(uri: target.place) {
                    try s3.get().putObject(location, body: bytes, contentType: Self.mediaType(target.kind))
                } else {
                    let out = try OutputSink(path: target.place, binary: false)
                    try out.write(bytes)
                    try out.finish()
                }
            }
        }
        if let summaryPath {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let out = try OutputSink(path: summaryPath, binary: false)
            try out.write(Array(try encoder.encode(summary)) + [10])
            try out.finish()
        }
        let failed = !ledger.failures.isEmpty || ledger.listingFailure != nil || lineCount > 0
        return (summary, failed ? result.firstFailure : nil)
    }

    static func mediaType(_ kind: BatchCollector.Kind) -> String {
        switch kind {
        case .coco: return "application/json"
        case .manifest, .jsonl: return "application/x-ndjson"
        case .csv: return "text/csv"
        }
    }

    /// `DEST/failures.jsonl`, rewritten each run: one object per failed input.
    func writeFailures(_ failures: [BatchLedger.Failure], to results: any BatchResults) throws {
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
        try results.writeDocument("failures.jsonl", failures.isEmpty ? nil : bytes, mediaType: "application/x-ndjson")
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
