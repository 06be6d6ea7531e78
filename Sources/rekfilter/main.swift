#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import RekFilter

func run() -> Int32 {
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
        guard command.dryRun else {
            throw UsageError(description: "no model: give --model ARN, or --dry-run to check the image only")
        }
        let input = try StandardInput.readAll(limit: command.limits.maxInputBytes)
        let report = try DryRun(limits: command.limits).run(input)
        if !command.quiet { StandardError.say(report) }
        return ExitStatus.success
    } catch {
        StandardError.say("\(error)")
        return ExitStatus.code(for: error)
    }
}

exit(run())
