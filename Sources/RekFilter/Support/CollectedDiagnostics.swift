import Basics

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
