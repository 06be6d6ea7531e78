import ArgumentParser
import RekFilter

/// Every option and flag of the filter's command line by name, with the property its value lands
/// in: how `make fuzz`'s `cli` target builds a command from each input without ArgumentParser.
/// A parse there costs a millisecond of reflection (3 under the sanitizers), so a fuzzer driving
/// it spent nine tenths of its time inside ArgumentParser; through this table it spends it in
/// rekfilter's own checks. `OptionTableTests` keeps the table complete (every name `--help` shows)
/// and in step (each setting, made both ways, gives the same configuration or the same refusal).
///
/// Values convert as ArgumentParser converts them (`ExpressibleByArgument.init(argument:)`);
/// where it is stricter — a value that starts with `-` for an option not declared
/// `.unconditional`, an exclusive flag given twice — the table takes it, which only widens what
/// the checks behind it are fuzzed with.
public struct OptionTable: Sendable {
    /// One option or flag: its names as typed, and what a value (or its presence) sets.
    struct Entry: Sendable {
        let names: [String]
        let takesValue: Bool
        /// The property set: two names for one (`--progress`, `--no-progress`) are one setting.
        let property: @Sendable () -> AnyKeyPath
        /// Each value is added (`--labels`, `-O`); anything else set twice is left to
        /// ArgumentParser.
        var repeatable = false
        /// False when the value does not convert: ArgumentParser's usage error.
        let apply: @Sendable (inout RekfilterCommand, String) -> Bool
    }

    let entries: [Entry]
    private let index: [String: Int]

    /// The filter's table, made once.
    public static let shared = OptionTable()

    public init() {
        entries = Self.filter
        var index: [String: Int] = [:]
        for (i, entry) in entries.enumerated() { for name in entry.names { index[name] = i } }
        self.index = index
    }

    /// Every name the table knows, as typed (`-m`, `--model`, …).
    public var names: Set<String> { Set(index.keys) }

    /// The command `arguments` make on top of `template` (a parse of no arguments: the defaults),
    /// or nil where ArgumentParser would stop before any check: an unknown name, a value
    /// missing or not converting. `--name=value` is taken as ArgumentParser takes it.
    public func command(_ arguments: [String], template: RekfilterCommand) -> RekfilterCommand? {
        var command = template
        var i = 0
        while i < arguments.count {
            var name = arguments[i]
            var attached: String?
            if name.hasPrefix("--"), let equals = name.firstIndex(of: "=") {
                attached = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let at = index[name] else { return nil }
            let entry = entries[at]
            i += 1
            var value = ""
            if entry.takesValue {
                if let attached {
                    value = attached
                } else {
                    guard i < arguments.count else { return nil }
                    value = arguments[i]
                    i += 1
                }
            } else if attached != nil {
                return nil
            }
            guard entry.apply(&command, value) else { return nil }
        }
        return command
    }

    /// The filter's command made from `arguments` without ArgumentParser, where that surely gives
    /// what its parse gives: every word a known name or its value, no value empty after `=` or
    /// starting with `-` (but `-` itself), nothing but a repeatable option set twice, every
    /// check passed. Otherwise nil, and
    /// ArgumentParser parses (and words any refusal). The common command line so skips the
    /// parse's reflection, most of a millisecond even once a process has warmed up and several
    /// the first time (OptionTableTests: both ways agree).
    public func quickCommand(_ arguments: [String]) -> RekfilterCommand? {
        var set = Set<AnyKeyPath>()
        var expectsValue = false
        for word in arguments {
            if expectsValue {
                if word.count > 1 && word.hasPrefix("-") { return nil }
                expectsValue = false
                continue
            }
            let name = word.hasPrefix("--") ? String(word.prefix(while: { $0 != "=" })) : word
            guard let at = index[name] else { return nil }
            if !set.insert(entries[at].property()).inserted && !entries[at].repeatable { return nil }
            if name.count == word.count {
                expectsValue = entries[at].takesValue
            } else {
                // `--name=value`: ArgumentParser calls an empty value missing.
                let value = word.dropFirst(name.count + 1)
                if value.isEmpty || (value.count > 1 && value.hasPrefix("-")) { return nil }
            }
        }
        guard let command = command(arguments, template: Self.defaults()), (try? command.validateAsParsed()) != nil else { return nil }
        return command
    }

    /// The command a parse of no arguments gives, made without ArgumentParser from each group's
    /// `unset` values.
    public static func defaults() -> RekfilterCommand { RekfilterCommand.unset }

    // MARK: - The entries

    typealias Path<Value> = WritableKeyPath<RekfilterCommand, Value> & Sendable
    /// A key path made only when its option is given: made all at start-up, they took a few
    /// tenths of a millisecond (the runtime keeps each once made).
    typealias LazyPath<Value> = @Sendable () -> Path<Value>

    static func option<Value: ExpressibleByArgument>(_ names: String..., at path: @autoclosure @escaping LazyPath<Value>) -> Entry {
        converting(names, path) { $0 = $1 }
    }

    static func option<Value: ExpressibleByArgument>(_ names: String..., at path: @autoclosure @escaping LazyPath<Value?>) -> Entry {
        converting(names, path) { $0 = $1 }
    }

    /// A repeatable option: each value is added.
    static func option<Value: ExpressibleByArgument>(_ names: String..., appendingTo path: @autoclosure @escaping LazyPath<[Value]>)
        -> Entry
    {
        converting(names, path, repeatable: true) { $0.append($1) }
    }

    /// An option whose text converts as ArgumentParser converts it, then is stored at `path`.
    private static func converting<Value: ExpressibleByArgument, Stored>(
        _ names: [String], _ path: @escaping LazyPath<Stored>, repeatable: Bool = false,
        store: @escaping @Sendable (inout Stored, Value) -> Void
    ) -> Entry {
        Entry(
            names: names, takesValue: true, property: { path() }, repeatable: repeatable,
            apply: { command, text in
                guard let value = Value(argument: text) else { return false }
                store(&command[keyPath: path()], value)
                return true
            })
    }

    static func flag(_ names: String..., at path: @autoclosure @escaping LazyPath<Bool>) -> Entry {
        Entry(
            names: names, takesValue: false, property: { path() },
            apply: { command, _ in
                command[keyPath: path()] = true
                return true
            })
    }

    static func flag<Value: Sendable>(_ names: String..., at path: @autoclosure @escaping LazyPath<Value?>, setting value: Value)
        -> Entry
    {
        Entry(
            names: names, takesValue: false, property: { path() },
            apply: { command, _ in
                command[keyPath: path()] = value
                return true
            })
    }

    /// In `--help`'s order.
    static let filter: [Entry] = [
        option("--detect", at: \.service.detect),
        option("--text-level", at: \.service.textLevel),
        option("--attributes", at: \.service.attributes),
        option("--required-equipment", at: \.service.requiredEquipment),
        option("-m", "--model", "--project-version-arn", at: \.service.model),
        option("--min-confidence", at: \.service.minConfidence),
        option("--max-results", at: \.service.maxResults),
        option("--region", at: \.service.connection.region),
        option("--profile", at: \.service.connection.profile),
        option("--endpoint-url", at: \.service.connection.endpointURL),
        flag("--fips", at: \.service.connection.fips),
        flag("--dualstack", at: \.service.connection.dualstack),
        option("--max-attempts", at: \.service.connection.maxAttempts),
        option("--connect-timeout", at: \.service.connection.connectTimeout),
        option("--timeout", at: \.service.connection.timeout),
        option("--cache", at: \.service.cache),
        flag("--no-cache", at: \.service.noCache),
        option("--s3", at: \.object.s3),
        option("--s3-version", at: \.object.s3Version),
        option("-f", "--format", at: \.output.format),
        option("-o", "--output", at: \.output.output),
        option("--labels", appendingTo: \.output.labels),
        option("--thresholds", at: \.output.thresholds),
        option("--quality", at: \.output.quality),
        option("--png-compression", at: \.output.pngCompression),
        option("--font", at: \.output.font),
        option("--redact", at: \.output.redaction.redact),
        option("--redact-labels", at: \.output.redaction.redactLabels),
        flag("--boxes", at: \.output.redaction.boxes),
        option("--crop-padding", at: \.output.cropPadding),
        flag("--svg-embed", at: \.output.svgEmbed),
        flag("-e", "--exit-status", at: \.output.exitStatus),
        option("--source-ref", at: \.output.sourceRef),
        option("-O", "--plugin-option", appendingTo: \.output.pluginOptions),
        option("--manifest-attribute", at: \.output.manifestAttribute),
        option("--classes", at: \.output.classes),
        option("--image-name", at: \.output.imageName),
        option("--tile", at: \.tiles.tile),
        option("--tile-overlap", at: \.tiles.tileOverlap),
        option("--merge-iou", at: \.tiles.mergeIoU),
        flag("--stream", at: \.stream.stream),
        option("-j", "--concurrency", at: \.stream.concurrency),
        option("--every", at: \.stream.every),
        option("--on-error", at: \.stream.onError),
        flag("--track", at: \.stream.track),
        option("--track-buffer", at: \.stream.trackBuffer),
        flag("--progress", at: \.stream.progressChoice, setting: .progress),
        flag("--no-progress", at: \.stream.progressChoice, setting: .noProgress),
        option("--max-input-bytes", at: \.limits.maxInputBytes),
        option("--max-pixels", at: \.limits.maxPixels),
        option("--detections", at: \.detections),
        flag("--dry-run", at: \.dryRun),
        flag("--list-formats", at: \.listFormats),
        flag("--list-detectors", at: \.listDetectors),
        flag("-q", "--quiet", at: \.verbosity.quiet),
        flag("-v", "--verbose", at: \.verbosity.verbose),
    ]
}

extension RekfilterCommand {
    /// Whether `other` makes the same run: the same configuration, or the same refusal to make
    /// one, and the same listing or dry run. How the quick path is held to ArgumentParser's
    /// parse (OptionTableTests, and the `cli-parse` fuzz target).
    public func runsAs(_ other: RekfilterCommand, environment: [String: String]) -> Bool {
        /// The configuration, or the refusal's words.
        func made(_ command: RekfilterCommand) -> (Configuration?, String?) {
            do { return (try command.configuration(environment: environment), nil) } catch { return (nil, "\(error)") }
        }
        return made(self) == made(other) && dryRun == other.dryRun && listFormats == other.listFormats
            && listDetectors == other.listDetectors
    }

    /// The checks ArgumentParser runs after a parse, in its order: each option group's as it is
    /// decoded (a nested group before the group holding it), then the command's own.
    public func validateAsParsed() throws {
        try service.connection.validate()
        try service.validate()
        try object.validate()
        try output.redaction.validate()
        try output.validate()
        try tiles.validate()
        try stream.validate()
        try limits.validate()
        try verbosity.validate()
        try validate()
    }
}
