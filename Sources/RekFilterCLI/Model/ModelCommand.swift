import ArgumentParser
import CSystem
import RekFilter

/// `rekfilter model SUBCOMMAND` (README, The model's lifecycle): a Custom Labels model's lifecycle. Each subcommand
/// returns its exit status; errors become codes in `ExitStatus`, as for the filter.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "A Custom Labels model's lifecycle: list, status, describe, start, stop, and run a job while it runs.",
        discussion: """
            A model answers only while it runs, and it is billed for every hour it runs, used or not. `rekfilter model run` starts it for one command and stops it after, also when the command fails or is interrupted:

              rekfilter model run -m "$ARN" -- sh -c 'for f in *.jpg; do rekfilter < "$f" > "boxed/$f.png"; done'

            Exit status as the filter's; a model that ends in FAILED is 69, a wait that times out 75; `run` exits with the command's status.
            """,
        subcommands: [
            ModelListCommand.self, ModelStatusCommand.self, ModelDescribeCommand.self, ModelStartCommand.self, ModelStopCommand.self,
            ModelRunCommand.self,
        ]
    )
}

/// What every model subcommand does when parsed: its work, and its exit status.
protocol ModelSubcommand: RunnableCommand {}

/// `-f text` (one line per version) or `-f json` (the service's answers as they came).
enum ModelOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `-f`: for the subcommands that print (all but `run`, whose stdout is its command's).
struct ModelFormatOption: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("text (a line per version) or json (the service's answers).", valueName: "text|json"))
    var format: ModelOutputFormat = .text
}

/// The flags every model subcommand takes: the connection, verbosity.
struct ModelCommonOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var verbosity: VerbosityOptions

    var quiet: Bool { verbosity.quiet }
    var verbose: Bool { verbosity.verbose }

    /// The signed, retried client, resolved as the filter resolves it (the model's region when
    /// nothing else names one).
    func client(model: String?, environment: [String: String], diagnostics: any Diagnostics) throws -> RekognitionClient {
        var service = ServiceConfiguration()
        connection.apply(to: &service)
        service.model = model
        return try ServiceSession(service: service, variables: environment, diagnostics: diagnostics, verbose: verbose, quiet: quiet)
            .makeClient()
    }

    func diagnostics() -> StandardErrorDiagnostics { StandardErrorDiagnostics(isVerbose: verbose) }

    /// The model's lifecycle over that client. SIGINT/SIGTERM/SIGHUP are counted from here on
    /// (never fatal): a wait ends on one, and `model run` passes them to its command.
    func lifecycle(
        _ model: ModelVersionARN, waiting: WaitPolicy = WaitPolicy(), environment: [String: String], diagnostics: StandardErrorDiagnostics
    ) throws -> ModelLifecycle {
        rf_forward_install()
        return ModelLifecycle(
            model: model, client: try client(model: model.arn, environment: environment, diagnostics: diagnostics), waiting: waiting,
            interruption: { rf_forward_signal() }, progress: progress(diagnostics))
    }

    /// The wait's progress line: on a terminal, unless --quiet.
    func progress(_ diagnostics: StandardErrorDiagnostics) -> ((String?) -> Void)? {
        guard diagnostics.isTerminal, !quiet else { return nil }
        return { diagnostics.progress($0) }
    }
}

/// `-m ARN` (or REKFILTER_MODEL), checked.
struct ModelOption: ParsableArguments {
    @Option(
        name: [.customShort("m"), .customLong("model"), .customLong("project-version-arn")],
        help: ArgumentHelp("The model version ARN (or REKFILTER_MODEL).", valueName: "arn"))
    var model: String?

    func resolve(_ environment: [String: String]) throws -> ModelVersionARN {
        guard let arn = model ?? environment["REKFILTER_MODEL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw UsageError("no model: give -m ARN (or set REKFILTER_MODEL)")
        }
        return try Self.check(arn)
    }

    /// The ARN taken apart, or the usage error every command gives for a malformed one.
    static func check(_ arn: String) throws -> ModelVersionARN {
        guard let parsed = ModelVersionARN(arn) else {
            throw UsageError("malformed model ARN '\(arn)': expected arn:aws:rekognition:REGION:ACCOUNT:project/NAME/version/NAME/NUMBER")
        }
        return parsed
    }
}

/// How a command waits for a status.
struct WaitOptions: ParsableArguments {
    @Option(name: .customLong("poll"), parsing: .unconditional, help: ArgumentHelp("Seconds between status checks.", valueName: "s"))
    var poll: Double = 30

    @Option(
        name: .customLong("wait-timeout"), parsing: .unconditional,
        help: ArgumentHelp("Most seconds to wait; then exit 75.", valueName: "s"))
    var waitTimeout: Double = 3600

    func validate() throws {
        guard poll.isFinite, poll > 0, poll <= 3600 else {
            throw ValidationError("--poll must be a number of seconds above 0 and at most 3600, got \(RekfilterCommand.show(poll))")
        }
        guard waitTimeout.isFinite, waitTimeout > 0, waitTimeout <= 7 * 86_400 else {
            throw ValidationError(
                "--wait-timeout must be a number of seconds above 0 and at most 604800 (a week), got \(RekfilterCommand.show(waitTimeout))")
        }
    }

    var policy: WaitPolicy { WaitPolicy(poll: poll, timeout: waitTimeout) }
}

/// The inference units a start asks for.
struct UnitOptions: ParsableArguments {
    @Option(name: .customLong("min-units"), parsing: .unconditional, help: ArgumentHelp("Inference units to start with.", valueName: "n"))
    var minUnits = 1

    @Option(
        name: .customLong("max-units"), parsing: .unconditional,
        help: ArgumentHelp("Most inference units when the model scales (default: no scaling).", valueName: "n"))
    var maxUnits: Int?

    func validate() throws {
        guard (1...10_000).contains(minUnits) else { throw ValidationError("--min-units must be from 1 to 10000, got \(minUnits)") }
        if let maxUnits, !(minUnits...10_000).contains(maxUnits) {
            throw ValidationError("--max-units must be from --min-units (\(minUnits)) to 10000, got \(maxUnits)")
        }
    }
}

/// Writes text to stdout through the checked sink.
enum ModelOutput {
    static func write(_ text: String) throws {
        let out = try OutputSink(path: nil, binary: false)
        try out.write(text)
        try out.finish()
    }

    /// A status line, or the answer as it came.
    static func describe(_ description: ModelDescription, body: [UInt8], format: ModelOutputFormat) throws {
        switch format {
        case .text: try write(StandardError.oneLine(description.line) + "\n")
        case .json: try write(String(decoding: body, as: UTF8.self) + "\n")
        }
    }
}
