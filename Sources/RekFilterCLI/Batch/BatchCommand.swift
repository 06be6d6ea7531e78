import AWSCore
import ArgumentParser
import Basics
import CSystem
import RekFilter

/// `rekfilter batch SOURCE... --out DEST`: every picture of folders, lists, S3 prefixes and
/// manifests, on the filter's driver, a tree of results out (README, Batch).
struct BatchCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Detect in every picture of folders, lists, S3 prefixes and manifests; write a tree of results.",
        discussion: """
            Each input's results go to DEST/KEY with the format's extension (KEY: the path relative to its \
            SOURCE). An input whose results are all present is skipped, so running the same command again \
            resumes a run that was stopped, even by kill -9. Failures are reported on stderr and in \
            DEST/failures.jsonl; the run goes on (--on-error abort stops it) and exits with the status of the first.
            """)

    @Argument(
        help: ArgumentHelp(
            "Folders (recursive), files, - (a path or s3:// URI a line on stdin) or s3://bucket/prefix/.", valueName: "source"))
    var sources: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("Where the results go: a folder or s3://bucket/prefix/.", valueName: "dest"))
    var out: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("A result format, repeatable (default json; see --list-formats).", valueName: "name"),
        completion: .custom { _, _, prefix in PluginCompletion.formats().filter { $0.hasPrefix(prefix) } })
    var format: [String] = []

    @Option(
        name: .customLong("collect"),
        help: ArgumentHelp(
            "Also write one document for the whole run: coco, manifest, jsonl or csv, to a file or s3:// URI (repeatable).",
            valueName: "format:file"))
    var collect: [String] = []

    @Option(
        name: .customLong("detections"),
        help: ArgumentHelp("Read each input's saved json result from this folder instead of calling (for --collect).", valueName: "dir"))
    var detections: String?

    @Option(
        name: .customLong("manifest"),
        help: ArgumentHelp("A Ground Truth manifest whose lines' source-ref are inputs (repeatable).", valueName: "file|s3://…"))
    var manifests: [String] = []

    @Flag(name: .customShort("0"), help: "With -: the list on stdin is NUL-separated (find -print0).")
    var nulSeparated = false

    @Flag(help: "Redo every input, even those whose results are present.")
    var force = false

    @Option(help: ArgumentHelp("Take only shard I of N (by the key's FNV-1a hash).", valueName: "i/n"))
    var shard: String?

    @Option(
        help: ArgumentHelp(
            "N shards, this one's index from AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX.", valueName: "n"))
    var shards: Int?

    @Option(
        name: .customLong("source-ref-prefix"),
        help: ArgumentHelp("manifest: s3:// prefix that, with a local input's key, names the picture.", valueName: "uri"))
    var sourceRefPrefix: String?

    @Option(name: .customLong("summary"), help: ArgumentHelp("Also write the run's summary there, as JSON.", valueName: "file"))
    var summary: String?

    @Option(
        name: [.customShort("j"), .customLong("concurrency")], parsing: .unconditional,
        help: ArgumentHelp("Requests in flight at most, 1–256 (default 8; lowered automatically while throttled).", valueName: "n"))
    var concurrency: Int = 8

    @Option(
        name: .customLong("on-error"),
        help: ArgumentHelp("An input that fails: pass (report it and go on, default) or abort (stop the run).", valueName: "pass|abort"))
    var onError: BatchOnError = .pass

    @Option(
        name: .customLong("labels"),
        help: ArgumentHelp("Keep only these label names (comma-separated; repeatable: the union).", valueName: "a,b"))
    var labels: [String] = []

    @Option(
        name: .customLong("thresholds"),
        help: ArgumentHelp(
            "Per label the lowest confidence kept: a JSON file {\"label\": 0–100}, or model (the model's own, from its evaluation).",
            valueName: "file|model"))
    var thresholds: String?

    @Option(
        name: [.customShort("O"), .customLong("plugin-option")],
        help: ArgumentHelp("KEY=VALUE handed to a format or detector plugin (repeatable).", valueName: "key=value"))
    var pluginOptions: [String] = []

    @Flag var progressChoice: StreamOptions.ProgressChoice?

    @OptionGroup var redaction: RedactionOptions
    @OptionGroup var tiles: TileOptions

    @OptionGroup var service: ServiceOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var verbosity: VerbosityOptions

    enum BatchOnError: String, ExpressibleByArgument, CaseIterable {
        case pass, abort
    }

    func validate() throws {
        if out == nil && detections == nil { throw ValidationError("batch needs --out DEST: the folder its results go to") }
        for target in collect where BatchCollector.Target(target) == nil {
            throw ValidationError("--collect wants coco, manifest, jsonl or csv, a colon and a file, got '\(target)'")
        }
        if detections != nil && collect.isEmpty {
            throw ValidationError("--detections in batch reads saved results for --collect: give --collect FORMAT:FILE")
        }
        if detections != nil && out != nil {
            throw ValidationError("--detections in batch makes collected documents only: drop --out (or --detections)")
        }
        if out?.isEmpty == true { throw ValidationError("--out needs a folder") }
        if sources.isEmpty && manifests.isEmpty {
            throw ValidationError("batch needs a source: folders, files, - (a list on stdin), s3://bucket/prefix/ or --manifest FILE")
        }
        if sources.filter({ $0 == "-" }).count > 1 { throw ValidationError("- (the list on stdin) can be given once") }
        if nulSeparated && !sources.contains("-") { throw ValidationError("-0 goes with - (a list on stdin)") }
        if !StreamOptions.concurrencyRange.contains(concurrency) {
            throw ValidationError("-j must be from 1 to 256, got \(concurrency)")
        }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard wants I/N with 0 ≤ I < N, got '\(shard)'") }
        if shard != nil && shards != nil { throw ValidationError("--shard and --shards contradict each other: give one") }
        if let shards, !(1...1_000_000).contains(shards) { throw ValidationError("--shards must be from 1 to 1000000, got \(shards)") }
        for name in format where FormatRegistry.named(name) == nil && !PluginDiscovery.isValidName(name.lowercased()) {
            throw ValidationError("unknown format '\(name)' (see --list-formats)")
        }
        for pair in pluginOptions where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("-O wants KEY=VALUE, got '\(pair)'")
        }
        if let sourceRefPrefix, !sourceRefPrefix.hasPrefix("s3://") {
            throw ValidationError("--source-ref-prefix must be an s3:// URI, got '\(sourceRefPrefix)'")
        }
        if let out, out.hasPrefix("s3://"), S3Location(uri: out + (out.hasSuffix("/") ? "x" : "/x")) == nil {
            throw ValidationError("--out wants a folder or s3://bucket/prefix/, got '\(out)'")
        }
    }

    func execute(environment: [String: String]) throws -> Int32 {
        let plugins = PluginDiscovery(variables: environment)
        if redaction.redact != nil {
            let names = format.isEmpty ? ["json"] : format.map { FormatRegistry.named($0)?.name ?? $0 }
            if let other = names.first(where: { !RedactionOptions.drawingFormats.contains($0) }) {
                throw UsageError("--redact covers regions of the picture: it goes with -f png or jpeg, not \(other)")
            }
        }
        var formats: [FormatDescriptor] = []
        for name in format.isEmpty ? ["json"] : format {
            guard let named = try FormatRegistry.resolve(name, plugins: plugins) else {
                if let unusable = plugins.unusable(.format, named: name.lowercased()) { throw unusable }
                throw UsageError("unknown format '\(name)': neither built in nor a plugin (see --list-formats)")
            }
            if !formats.contains(where: { $0.name == named.name }) { formats.append(named) }
        }
        // Collected documents are made from the json results (read back when an input is skipped).
        let targets = collect.compactMap(BatchCollector.Target.init)
        if !targets.isEmpty && !formats.contains(where: { $0.name == JSONFormat.descriptor.name }) {
            formats.append(JSONFormat.descriptor)
        }
        let wantsManifest =
            formats.contains(where: { $0.name == ManifestFormat.descriptor.name }) || targets.contains { $0.kind == .manifest }
        if wantsManifest && sourceRefPrefix == nil
            && !sources.allSatisfy({ $0.hasPrefix("s3://") }) && !(sources.isEmpty && !manifests.isEmpty)
        {
            throw UsageError("the manifest format names each picture by its s3:// URI: give --source-ref-prefix URI for local inputs")
        }
        var shard = self.shard.flatMap(Shard.init)
        if let shards {
            guard let fromEngine = Shard.fromEngine(count: shards, environment: environment) else {
                throw UsageError("--shards \(shards) needs the shard's index in AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX")
            }
            guard (0..<shards).contains(fromEngine.index) else {
                throw UsageError("the shard index \(fromEngine.index) is not below --shards \(shards)")
            }
            shard = fromEngine
        }
        var c = Configuration()
        c.service = try service.configuration(environment: environment)
        if !service.noCache && service.cache == nil { c.service.cacheDirectory = DetectionCache.defaultRoot(environment) }
        c.service.pluginOptions = pluginOptions.map { pair in
            let equals = pair.firstIndex(of: "=")!
            return PluginOption(name: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
        }
        c.output.formatOptions.plugin.pairs = c.service.pluginOptions
        let labelNames = Set(labels.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty })
        c.output.labels = labelNames.isEmpty ? nil : labelNames
        redaction.apply(to: &c.output.formatOptions.drawing)
        c.tiles = try tiles.configuration
        c.stream.enabled = true
        c.stream.concurrency = concurrency
        c.stream.onError = onError == .abort ? .abort : .skip
        c.stream.progress = progressChoice.map { $0 == .progress }
        c.limits = limits.configuration
        c.verbose = verbosity.verbose
        c.quiet = verbosity.quiet
        var run = BatchRun(
            sources: sources.map { BatchSourceSpec.parse($0, nulSeparated: nulSeparated) } + manifests.map { .manifest($0) },
            destination: out, formats: formats, configuration: c)
        run.collect = targets
        run.replay = detections
        run.shard = shard
        run.force = force
        run.sourceRefPrefix = sourceRefPrefix.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        run.summaryPath = summary
        rf_signals_install(1)
        let diagnostics = StandardErrorDiagnostics(isVerbose: verbosity.verbose)
        if let thresholds {
            run.configuration.output.thresholds = try LabelThresholds.resolve(
                thresholds, service: c.service, variables: environment, diagnostics: diagnostics)
        }
        let (summary, firstFailure) = try run.run(
            variables: environment, diagnostics: diagnostics, exitStatus: { ExitStatus.code(for: $0) },
            interruption: { rf_signals_requested() })
        if !verbosity.quiet { StandardError.say(summary.line) }
        if summary.interrupted { return 128 + rf_signals_requested() }
        return firstFailure.map { ExitStatus.code(for: $0) } ?? ExitStatus.success
    }
}
