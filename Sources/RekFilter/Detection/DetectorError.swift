/// A detector used in a way it cannot serve (a programming error, reported rather than trapped).
public enum DetectorError: Error, CustomStringConvertible, Sendable {
    case noPicture(String)

    public var description: String {
        switch self {
        case .noPicture(let name): return "internal error: the \(name) detector was given no picture to look at"
        }
    }
}
