#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import CSystem
import RekFilter

/// Parses the command line, runs the library, and maps the outcome to an exit status.
func run() -> Int32 {
    // A reader that goes away is seen as EPIPE on write (and handled), not a fatal signal.
    signal(SIGPIPE, SIG_IGN)
    let command: RekfilterCommand
    do {
        command = try RekfilterCommand.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
        // --help and --version are "errors" that succeed: their text goes to stdout.
        if RekfilterCommand.exitCode(for: error) == .success {
            print(RekfilterCommand.fullMessage(for: error))
            return ExitStatus.success
        }
        StandardError.say(RekfilterCommand.message(for: error) + " (see rekfilter --help)")
        return ExitStatus.usage
    }
    do {
        if command.listFormats {
            for format in OutputFormats.all {
                print("\(format.name)\t\(format.mediaType)\t\(format.summary)")
            }
            return ExitStatus.success
        }
        let environment = AWSEnvironment.processVariables()
        let options = try command.options(environment: environment)
        let input = { try StandardInput.readAll(limit: options.limits.maxInputBytes) }
        if command.dryRun {
            let report = try DryRun(limits: options.limits).run(input())
            if !options.quiet { StandardError.say(report) }
            return ExitStatus.success
        }
        rf_signals_install(options.stream ? 1 : 0)
        let sink = try OutputSink(path: options.output, binary: options.format.isBinary)
        if options.stream {
            if isatty(0) == 1 { throw IOError.stdinIsTerminal }
            let summary = try StreamPipeline(options: options, variables: environment).run(input: 0, sink: sink)
            if summary.interruptedBy != 0 { return 128 + summary.interruptedBy }
            if let failure = summary.firstFailure { return ExitStatus.code(for: failure) }
            return options.exitStatusOnNoLabels && summary.labelsKept == 0 ? ExitStatus.noLabels : ExitStatus.success
        }
        let readInput: () throws -> [UInt8] = options.s3 == nil ? input : {
            // With --s3, stdin is optional: a terminal means "fetch the pixels from S3".
            isatty(0) == 1 ? [] : try input()
        }
        let kept = try SingleImagePipeline(options: options, variables: environment).run(readInput: readInput, sink: sink)
        return options.exitStatusOnNoLabels && kept == 0 ? ExitStatus.noLabels : ExitStatus.success
    } catch {
        StandardError.say("\(error)")
        return ExitStatus.code(for: error)
    }
}

exit(run())
