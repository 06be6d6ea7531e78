/// A plugin that cannot be used, or that failed while running (SPEC §6, §8): a handshake that
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

    public var description: String {
        switch self {
        case .cannotStart(let path, let reason): return "plugin \(path) cannot be started: \(reason)"
        case .handshake(let path, let reason): return "plugin \(path) cannot be used: \(reason)"
        case .notFound(let name): return "no plugin \(name) in REKFILTER_PLUGIN_PATH, the plugin folder or PATH"
        case .failed(let path, let reason): return "plugin \(path) \(reason)"
        case .answered(let path, let message): return "detector plugin \(path) failed on the picture: \(message)"
        }
    }
}
