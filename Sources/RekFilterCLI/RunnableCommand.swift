import ArgumentParser

/// A subcommand that runs itself once parsed (`rekfilter model …`, `rekfilter batch …`): its
/// exit status from the process's environment.
protocol RunnableCommand: ParsableCommand {
    func execute(environment: [String: String]) throws -> Int32
}
