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
}
