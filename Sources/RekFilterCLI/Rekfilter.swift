import AWSCore
import ArgumentParser
import CSystem
import Glibc
import RekFilter

/// The program: parses the command line, runs the library, and maps the outcome to an exit
/// status. The executable is one call to `Rekfilter.main`.
public enum Rekfilter {
    public static func main(_ arguments: [String]) -> Int32 {
        // Before any file is opened: a closed stdin, stdout or stderr is opened on /dev/null,
        // so that no file or socket of ours takes its number.
        StandardDescriptors.reopenClosed()
        // A reader that goes away is seen as EPIPE on write (and handled), not a fatal signal.
        signal(SIGPIPE, SIG_IGN)
        // A picture in a file on stdin is read while the command line is parsed and the client
        // set up; not for a stream (read frame by frame), a subcommand (stdin is not a picture)
        // or `--version`. Then, on that thread, the first decoding of an answer is done ahead
        // (the types' metadata, JSONDecoder's first use: 0.45 ms that would otherwise fall
        // between the service's answer and the output).
        let subcommand = subcommandName(arguments)
        let asksVersion = subcommand == nil && arguments.contains("--version")
        if subcommand == nil, !asksVersion {
            ReadAhead.start(fd: arguments.contains("--stream") ? nil : 0, then: DetectCustomLabels.warmUp)
        }
        let parsed: any ParsableCommand
        do {
            // `--version` is the filter's (a model run's COMMAND may have its own).
            if asksVersion {
                guard arguments.count == 1 else { throw ValidationError("--version takes no other arguments") }
                return writeToStdout(RekFilterVersion.full)
            }
            // One command tree: the filter at the root, `model` (and its subcommands) and `batch`
            // below it, so that help, the man page and the completions know every command. A
            // subcommand itself is parsed from its own name down: the filter's own `-m` would
            // otherwise take the subcommand's (ArgumentParser lets a parent's options follow a
            // subcommand).
            let helpWords: Set = ["-h", "--help", "help", "--experimental-dump-help"]
            let asksHelp = arguments.prefix(while: { $0 != "--" }).contains(where: helpWords.contains)
            if subcommand == "model", !asksHelp {
                parsed = try ModelCommand.parseAsRoot(Array(arguments.dropFirst()))
            } else if subcommand == "batch", !asksHelp {
                parsed = try BatchCommand.parseAsRoot(Array(arguments.dropFirst()))
            } else if subcommand == "eval", !asksHelp {
                parsed = try EvalCommand.parseAsRoot(Array(arguments.dropFirst()))
            } else if let quick = OptionTable.shared.quickCommand(arguments) {
                parsed = quick  // the common command line, without ArgumentParser's reflection
            } else {
                parsed = try RekfilterCommand.parseAsRoot(arguments)
            }
            if !(parsed is RekfilterCommand) && !(parsed is any RunnableCommand) {
                // `rekfilter help …` and `rekfilter model` alone: their help (the latter also says what is missing).
                if parsed is ModelCommand {
                    throw ValidationError("rekfilter model wants a subcommand: list, status, describe, start, stop or run")
                }
                var help = parsed
                try help.run()
            }
        } catch {
            // --help and --version are "errors" that succeed: their text goes to stdout.
            if RekfilterCommand.exitCode(for: error) == .success {
                return writeToStdout(RekfilterCommand.fullMessage(for: error) + "\n")
            }
            StandardError.say(usageMessage(for: error, subcommand: subcommand))
            return ExitStatus.usage
        }
        do {
            if let subcommand = parsed as? any RunnableCommand {
                return try subcommand.execute(environment: AWSEnvironment.processVariables())
            }
            guard let command = parsed as? RekfilterCommand else { return ExitStatus.usage }
            if command.listFormats || command.listDetectors {
                let plugins = PluginDiscovery(variables: AWSEnvironment.processVariables())
                return writeToStdout(command.listFormats ? PluginListing.formats(plugins) : PluginListing.detectors(plugins))
            }
            return try run(command)
        } catch {
            StandardError.say("\(error)")
            return ExitStatus.code(for: error)
        }
    }

    /// ArgumentParser's message, with a pointer to --help unless it already points somewhere.
    /// `model`, `batch` or `eval` when the command line starts with one.
    static func subcommandName(_ arguments: [String]) -> String? {
        ["model", "batch", "eval"].contains(arguments.first ?? "") ? arguments.first : nil
    }

    static func usageMessage(for error: Error, subcommand: String? = nil) -> String {
        var message = RekfilterCommand.message(for: error)
        // A word that is not a flag: the picture named where stdin should bring it, most often.
        if subcommand == nil, let quoted = message.split(separator: "'").dropFirst().first, message.hasPrefix("Unexpected argument"),
            !quoted.hasPrefix("-")
        {
            message = "unexpected argument '\(quoted)'; the image goes on stdin (rekfilter -m ARN < \(quoted))"
        }
        return message.contains("(see ") ? message : message + " (see rekfilter \(subcommand.map { $0 + " " } ?? "")--help)"
    }

    /// Text for stdout (help, version, lists), checked: a full disk is exit 74, a closed pipe is not an error.
    static func writeToStdout(_ text: String) -> Int32 {
        do {
            let out = try OutputSink(path: nil, binary: false)
            try out.write(text)
            try out.finish()
            return ExitStatus.success
        } catch {
            StandardError.say("\(error)")
            return ExitStatus.code(for: error)
        }
    }

    static func run(_ command: RekfilterCommand) throws -> Int32 {
        let environment = AWSEnvironment.processVariables()
        let options = try command.configuration(environment: environment)
        let input = { try StandardInput.readAll(limit: options.limits.maxInputBytes) }
        if command.dryRun {
            // What would be sent is fitted to the detector that would get it; a replay sends
            // nothing, but its file must be readable JSON all the same.
            var fitter: ImageFitter?
            if let file = options.detectionsFile {
                _ = try ReplayDetector.factory(path: file, stream: options.stream.enabled)
            } else {
                fitter = ImageFitter(limits: options.service.detectorPlugin?.limits ?? BuiltInDetectors.limits(options.service.detector))
            }
            var dryRun = DryRun(limits: options.limits, fitter: fitter)
            dryRun.tiles = options.tiles
            if options.stream.enabled {
                if isatty(0) == 1 { throw IOError.stdinIsTerminal }
                let report = try dryRun.runStream(fd: 0, verbose: options.verbose) { if !options.quiet { StandardError.say($0) } }
                if let failure = report.firstFailure { return ExitStatus.code(for: failure) }
                return ExitStatus.success
            }
            let report = try dryRun.report(input())
            if !options.quiet { report.forEach(StandardError.say) }
            return ExitStatus.success
        }
        rf_signals_install(options.stream.enabled ? 1 : 0)
        let diagnostics = StandardErrorDiagnostics(isVerbose: options.verbose)
        var configured = options
        if let spec = command.output.thresholds {
            configured.output.thresholds = try LabelThresholds.resolve(
                spec, service: options.service, variables: environment, diagnostics: diagnostics)
        }
        let driver = try Driver(options: configured, variables: environment, diagnostics: diagnostics)
        let sink = try OutputSink(path: options.output.path, binary: options.output.format.isBinary)
        let summary: Driver.Summary
        if options.stream.enabled {
            if isatty(0) == 1 { throw IOError.stdinIsTerminal }
            summary = try driver.run(
                source: StreamSource(fd: 0, maxFrameBytes: options.limits.maxInputBytes), sink: sink,
                interruption: { rf_signals_requested() })
            if summary.interruptedBy != 0 { return 128 + summary.interruptedBy }
            if let failure = summary.firstFailure { return ExitStatus.code(for: failure) }
        } else {
            // With --s3, stdin is optional: a terminal or nothing there means "fetch the pixels from S3".
            let read: () throws -> [UInt8] =
                options.service.s3 == nil
                ? input
                : {
                    let piped = isatty(0) == 1 ? [] : try input()
                    return piped.isEmpty ? try driver.fetchS3Object() : piped
                }
            summary = try driver.run(source: SingleImageSource(read: read), sink: sink)
        }
        return options.output.exitStatusOnNoLabels && summary.labelsKept == 0 ? ExitStatus.noLabels : ExitStatus.success
    }
}
