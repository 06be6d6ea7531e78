/// Where the library's messages go. The library reports; the executable decides how (one line
/// on stderr each, `rekfilter: ` first); tests collect them. Passed in, never global.
public protocol Diagnostics: Sendable {
    /// One message, without the program's prefix.
    func report(_ message: String)
    /// A `-v` line: dropped unless the run is verbose.
    func verbose(_ message: String)
    /// The progress line, redrawn in place; nil erases it.
    func progress(_ line: String?)
    /// Leaves the progress line as it is and moves on to the next line.
    func endProgress()
    /// Whether the messages go to a terminal (progress is shown only there unless asked for).
    var isTerminal: Bool { get }
}

extension Diagnostics {
    public func warning(_ message: String) { report("warning: " + message) }
    public func info(_ message: String) { report(message) }
    public func error(_ message: String) { report(message) }
}

/// Messages kept in memory (tests), or dropped.
public final class CollectedDiagnostics: Diagnostics {
    private let lines = Locked<[String]>([])
    let keepsVerbose: Bool

    public init(verbose: Bool = false) { keepsVerbose = verbose }

    public func report(_ message: String) { lines.withLock { $0.append(message) } }
    public func verbose(_ message: String) { if keepsVerbose { report(message) } }
    public func progress(_ line: String?) {}
    public func endProgress() {}
    public var isTerminal: Bool { false }
    public var messages: [String] { lines.withLock { $0 } }
}
