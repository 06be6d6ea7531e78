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
