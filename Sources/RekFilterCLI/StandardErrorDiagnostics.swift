import RekFilter

/// The library's diagnostics, as the executable prints them: each on stderr via `StandardError`,
/// `-v` lines only when verbose, the progress line redrawn in place.
struct StandardErrorDiagnostics: Diagnostics {
    var isVerbose: Bool

    func report(_ message: String) { StandardError.say(message) }
    func verbose(_ message: String) { if isVerbose { StandardError.say(message) } }
    func progress(_ line: String?) { StandardError.write("\r\u{1B}[K" + (line.map { "rekfilter: " + StandardError.oneLine($0) } ?? "")) }
    func endProgress() { StandardError.write("\n") }
    var isTerminal: Bool { StandardError.isTerminal }
}
