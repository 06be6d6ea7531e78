import CSystem

/// `rekfilter model run` (README, The model's lifecycle): the model running for as long as a command runs, and
/// stopped after it — also when the command fails or is signalled — if this run started it.
public struct ModelRun {
    public let lifecycle: ModelLifecycle
    public var minInferenceUnits = 1
    public var maxInferenceUnits: Int?
    /// Errors only on stderr (no word on starting and stopping).
    public var quiet = false
    public let command: ChildCommand
    let diagnostics: any Diagnostics

    public init(lifecycle: ModelLifecycle, command: ChildCommand, diagnostics: any Diagnostics) {
        self.lifecycle = lifecycle
        self.command = command
        self.diagnostics = diagnostics
    }

    public struct Outcome: Sendable {
        /// The command's status as a shell reports it (128 + signal when signalled).
        public var commandStatus: Int32
        /// Whether this run started the model (and so stopped it).
        public var started: Bool
        /// Why the model this run started could not be stopped: it is still billing.
        public var stopFailure: (any Error)?
    }

    /// Starts (and waits), runs the command, stops. Throws only before the command ran (the
    /// model then stopped again if this run had started it).
    public func run() throws -> Outcome {
        let arn = lifecycle.model.arn
        // Signals are counted (rf_forward_install): a wait ends on one it has not yet acted on.
        let mark = SignalMark()
        lifecycle.interruption = { rf_forward_count() > mark.acted ? Int32(rf_forward_signal()) : 0 }
        // A command that cannot run is said before anything is started (and billed).
        if let (reason, status) = command.cannotRun() { throw LifecycleError.commandNotFound(reason, status: status) }
        let started = try lifecycle.start(minInferenceUnits: minInferenceUnits, maxInferenceUnits: maxInferenceUnits) == .started
        if started { info("starting the model; it will be stopped when the command ends (\(arn))") }
        do {
            try lifecycle.checkInterruption()
            let (running, _) = try lifecycle.wait(for: .running)
            diagnostics.verbose("the model is \(running.status) with \(running.inferenceUnits) inference units")
            // The last chance before the command: a signal now means no command at all.
            try lifecycle.checkInterruption()
        } catch {
            mark.acted = rf_forward_count()  // the stop goes on through the signal that ended the wait
            if started, let failure = stop(after: "the wait ended (\(error))") { diagnostics.error(Self.stillBilling(arn, failure)) }
            throw error
        }
        let ended = command.run()
        mark.acted = rf_forward_count()  // the command has had its signals; the stop goes on
        if let failure = ended.startFailure { diagnostics.error(failure) }
        guard started else {
            info("the command ended; the model was running before this run, so it is left running (rekfilter model stop -m \(arn))")
            return Outcome(commandStatus: ended.status, started: false)
        }
        return Outcome(commandStatus: ended.status, started: true, stopFailure: stop(after: "the command ended"))
    }

    /// Stops the model this run started and waits until it is stopped; the error if that failed.
    private func stop(after reason: String) -> (any Error)? {
        info("\(reason); stopping the model (\(lifecycle.model.arn))")
        do {
            try lifecycle.stopPatiently()
        } catch {
            return error
        }
        do {
            _ = try lifecycle.wait(for: .stopped)
            info("the model is stopped")
        } catch LifecycleError.interrupted {
            // A second signal: the stop was asked for and is under way; stop waiting for it.
            info("the model is stopping (not waiting for it)")
        } catch {
            return error
        }
        return nil
    }

    private func info(_ message: String) { if !quiet { diagnostics.info(message) } }

    /// The message for a model left running: loud, with the fix.
    public static func stillBilling(_ arn: String, _ failure: any Error) -> String {
        "THE MODEL IS STILL RUNNING AND BILLING: stopping it failed: \(failure). Stop it now: rekfilter model stop -m \(arn)"
    }
}

/// How many signals the run has acted on: a further one (a second Ctrl-C) ends the stop's wait.
private final class SignalMark {
    var acted: Int32 = 0
}
