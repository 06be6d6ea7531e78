/// A plugin that cannot be used, or that failed while running (README, Exit status; docs/plugins.md): a handshake that
/// fails makes it unusable (69); one that fails while running stops the run (70).
public enum PluginError: Error, CustomStringConvertible, Sendable {
    case cannotStart(String, String)
    /// `--rekfilter-plugin-info` did not give a usable answer.
    case handshake(String, String)
    /// Asked for by name, found nowhere.
    case notFound(String)
    /// Exited non-zero, died, broke the protocol or stopped reading while running.
    case failed(String, String)
    /// A detector plugin's final `error` answer for a picture.
    case answered(String, String)
    /// A detector plugin's `retryable` error, still so after the last attempt (75, as the service's).
    case stillFailing(String, String, attempts: Int)
    /// A detector plugin that gave no answer within `--timeout` (75, as the service's timeouts).
    case timedOut(String, seconds: Double)
    /// Named like a plugin but not executable: it is not run (said in the lists and when asked for).
    case notExecutable(String)

    public var description: String {
        switch self {
        case .cannotStart(let path, let reason): return "plugin \(path) cannot be started: \(reason)"
        case .handshake(let path, let reason): return "plugin \(path) cannot be used: \(reason)"
        case .notFound(let name): return "no plugin \(name) in REKFILTER_PLUGIN_PATH, the plugin folder or PATH"
        case .failed(let path, let reason): return "plugin \(path) \(reason)"
        case .answered(let path, let message): return "detector plugin \(path) failed on the picture: \(message)"
        case .stillFailing(let path, let message, let attempts):
            return "detector plugin \(path) failed on the picture \(attempts) times: \(message)"
        case .timedOut(let path, let seconds):
            return "detector plugin \(path) gave no answer within \(Numbers.exact(seconds)) s (--timeout) and was stopped"
        case .notExecutable(let path): return "plugin \(path) is not executable, so it is not used (chmod +x it)"
        }
    }
}
