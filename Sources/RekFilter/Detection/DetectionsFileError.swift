/// `--detections FILE` that cannot be used.
public enum DetectionsFileError: Error, CustomStringConvertible, Sendable {
    case unreadable(String, reason: String)
    case invalid(String, String)
    /// A stream frame that the JSON Lines file has no line for.
    case missingFrame(String, frame: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read detections file \(path): \(reason)"
        case .invalid(let path, let detail):
            return "detections file \(path) is not rekfilter/Rekognition JSON: \(detail) (expected what -f json writes)"
        case .missingFrame(let path, let frame): return "detections file \(path) has no line for frame \(frame)"
        }
    }
}
