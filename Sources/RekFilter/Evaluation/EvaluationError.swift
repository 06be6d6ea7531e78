/// What stops an evaluation, said with what to do about it.
public enum EvaluationError: Error, Equatable, Sendable {
    case cannotRead(String, String)
    /// The truth is neither a COCO dataset nor a manifest of object-detection lines.
    case badTruth(String, String)
    case badPredictions(String, String)
    /// A COCO results file names pictures by the truth's ids: the truth must be a COCO dataset.
    case resultsNeedCOCOTruth(String)
}

extension EvaluationError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotRead(let path, let why): return "cannot read \(path): \(why)"
        case .badTruth(let path, let what): return "the truth \(path): \(what)"
        case .badPredictions(let path, let what): return "the predictions \(path): \(what)"
        case .resultsNeedCOCOTruth(let path):
            return "\(path) is a COCO results file, which names pictures by image_id: give a COCO dataset as --truth"
        }
    }
}
