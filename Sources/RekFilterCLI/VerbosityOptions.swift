import ArgumentParser

/// `-q` and `-v`, the same in every command.
struct VerbosityOptions: ParsableArguments, Sendable {
    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print each attempt (status, error, request id, time) on stderr; never a secret.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other") }
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: VerbosityOptions {
        var options = VerbosityOptions()
        options.quiet = false
        options.verbose = false
        return options
    }
}
