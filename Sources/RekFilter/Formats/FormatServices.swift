/// What a run lends its format beside the options (which are values only): where to say
/// things, whether the run was asked to stop, and the environment a plugin runs in. Made by the
/// driver from its own services, never part of the configuration.
public struct FormatServices: Sendable {
    /// Font problems and what the data-set formats leave out; nil: nowhere.
    public var diagnostics: (any Diagnostics)?
    /// `--quiet`: warnings of the data-set formats are not said.
    public var quiet = false
    /// Whether SIGINT/SIGTERM asked the run to stop (a format plugin then gets 5 s, not 20).
    public var interrupted: @Sendable () -> Bool = { false }
    /// The environment a plugin runs in (less the credentials, which it never sees).
    public var variables: [String: String] = [:]

    public init(
        diagnostics: (any Diagnostics)? = nil, quiet: Bool = false, interrupted: @escaping @Sendable () -> Bool = { false },
        variables: [String: String] = [:]
    ) {
        self.diagnostics = diagnostics
        self.quiet = quiet
        self.interrupted = interrupted
        self.variables = variables
    }

    /// Where the data-set formats' warnings go: nowhere under `--quiet`.
    public var warnings: (any Diagnostics)? { quiet ? nil : diagnostics }
}
