import ArgumentParser
import RekFilter

/// `rekfilter model run -m ARN -- COMMAND [ARG…]`: the model running for one command, and
/// stopped after it if this run started it.
struct ModelRunCommand: ModelSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start the model if it is not running, run COMMAND with REKFILTER_MODEL set, then stop the model if this run started it.",
        discussion: """
            The model is stopped also when COMMAND fails, and on SIGINT, SIGTERM or SIGHUP (passed to COMMAND first). The exit status is COMMAND's (128 + the signal when it was signalled); if the model cannot be stopped, rekfilter says so and exits non-zero.

              rekfilter model run -m "$ARN" -- sh -c 'ffmpeg ... | rekfilter --stream -f jpeg | ffmpeg ...'
            """)

    @OptionGroup var model: ModelOption
    @OptionGroup var units: UnitOptions
    @OptionGroup var wait: WaitOptions
    @OptionGroup var common: ModelCommonOptions

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command to run, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("no command to run: rekfilter model run -m ARN -- COMMAND [ARG…]") }
    }

    func execute(environment: [String: String]) throws -> Int32 {
        let arn = try model.resolve(environment)
        let diagnostics = common.diagnostics()
        // ModelRun sets the lifecycle's interruption to the signals it has not yet acted on.
        let lifecycle = try common.lifecycle(arn, waiting: wait.policy, environment: environment, diagnostics: diagnostics)
        var variables = environment
        variables["REKFILTER_MODEL"] = arn.arn
        var run = ModelRun(
            lifecycle: lifecycle, command: ChildCommand(arguments: command, variables: variables),
            diagnostics: diagnostics)
        run.quiet = common.quiet
        run.minInferenceUnits = units.minUnits
        run.maxInferenceUnits = units.maxUnits
        let outcome = try run.run()
        if let failure = outcome.stopFailure {
            StandardError.say(ModelRun.stillBilling(arn.arn, failure))
            return outcome.commandStatus != 0 ? outcome.commandStatus : ExitStatus.code(for: failure)
        }
        return outcome.commandStatus
    }
}
