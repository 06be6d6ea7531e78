import ArgumentParser
import RekFilter

/// `rekfilter model stop -m ARN`: stops the model (unless it is stopped or stopping) and waits
/// until it is STOPPED.
struct ModelStopCommand: ModelSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop the model version (billing ends) and wait until it is STOPPED.",
        discussion: "Already STOPPED or STOPPING: no new stop, only the wait.")

    @OptionGroup var model: ModelOption
    @OptionGroup var wait: WaitOptions

    @Flag(name: .customLong("no-wait"), help: "Return once the stop is asked for.")
    var noWait = false

    @OptionGroup var common: ModelCommonOptions
    @OptionGroup var output: ModelFormatOption

    func execute(environment: [String: String]) throws -> Int32 {
        let arn = try model.resolve(environment)
        let diagnostics = common.diagnostics()
        let lifecycle = try common.lifecycle(arn, waiting: wait.policy, environment: environment, diagnostics: diagnostics)
        let asked = try lifecycle.stop()
        if !common.quiet { diagnostics.info(asked ? "stopping the model" : "the model is not running: no new stop") }
        do {
            let (description, body) = noWait ? try lifecycle.describe() : try lifecycle.wait(for: .stopped)
            try ModelOutput.describe(description, body: body, format: output.format)
            return ExitStatus.success
        } catch LifecycleError.interrupted(let signal) {
            StandardError.say("stopped waiting; the model goes on stopping (rekfilter model status -m \(arn.arn) shows it)")
            return 128 + signal
        }
    }
}
