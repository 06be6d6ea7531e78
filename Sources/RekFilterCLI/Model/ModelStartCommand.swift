import ArgumentParser
import RekFilter

/// `rekfilter model start -m ARN`: starts the model (unless it runs or is starting) and waits
/// until it is RUNNING.
struct ModelStartCommand: ModelSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the model version (billing starts) and wait until it is RUNNING.",
        discussion: "Already RUNNING or STARTING: no new start, only the wait. Remember to stop it: rekfilter model stop -m ARN.")

    @OptionGroup var model: ModelOption
    @OptionGroup var units: UnitOptions
    @OptionGroup var wait: WaitOptions

    @Flag(name: .customLong("no-wait"), help: "Return once the start is asked for.")
    var noWait = false

    @OptionGroup var common: ModelCommonOptions
    @OptionGroup var output: ModelFormatOption

    func execute(environment: [String: String]) throws -> Int32 {
        let arn = try model.resolve(environment)
        let diagnostics = common.diagnostics()
        let lifecycle = try common.lifecycle(arn, waiting: wait.policy, environment: environment, diagnostics: diagnostics)
        let outcome: ModelLifecycle.StartOutcome
        do {
            outcome = try lifecycle.start(minInferenceUnits: units.minUnits, maxInferenceUnits: units.maxUnits)
        } catch LifecycleError.interrupted(let signal) {
            StandardError.say("interrupted before the model was started: nothing was started")
            return 128 + signal
        }
        if !common.quiet {
            switch outcome {
            case .started: diagnostics.info("starting the model; it is billed until it is stopped (rekfilter model stop -m \(arn.arn))")
            case .alreadyStarting: diagnostics.info("the model is already starting: no new start")
            case .alreadyRunning: diagnostics.info("the model is already running: no new start")
            }
        }
        do {
            try lifecycle.checkInterruption()
            let (description, body) = noWait || outcome == .alreadyRunning ? try lifecycle.describe() : try lifecycle.wait(for: .running)
            try lifecycle.checkInterruption()
            try ModelOutput.describe(description, body: body, format: output.format)
            return ExitStatus.success
        } catch LifecycleError.interrupted(let signal) {
            // Only the wait ends: the start was asked for and goes on.
            StandardError.say("stopped waiting; the model goes on starting and bills once running: rekfilter model stop -m \(arn.arn)")
            return 128 + signal
        }
    }
}
