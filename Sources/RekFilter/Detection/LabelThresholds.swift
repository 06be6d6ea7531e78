import Basics
import FoundationEssentials

/// `--thresholds` (README, Is the model good enough?): per label the lowest confidence (0–100)
/// kept, applied after the service answers; labels not named keep everything.
public struct LabelThresholds: Sendable, Equatable {
    public var floors: [String: Double]

    public init(_ floors: [String: Double]) { self.floors = floors }

    /// `{"label": confidence 0–100, …}`.
    public static func load(_ path: String) throws -> LabelThresholds {
        let bytes: [UInt8]
        switch Files.contents(path, limit: 16 << 20) {
        case .success(let b): bytes = b
        case .failure(let f): throw ThresholdsFileError.unreadable(path, f.reason)
        }
        guard let floors = try? JSONDecoder().decode([String: Double].self, from: Data(bytes)) else {
            throw ThresholdsFileError.invalid(path, "not a JSON object of label: confidence 0–100")
        }
        if let bad = floors.first(where: { !($0.value >= 0 && $0.value <= 100) }) {
            throw ThresholdsFileError.invalid(path, "the threshold of \(bad.key) is \(bad.value), not 0–100")
        }
        return LabelThresholds(floors)
    }

    public func keeps(_ detection: Detection) -> Bool { detection.confidence >= (floors[detection.label] ?? -1) }
}

/// A `--thresholds FILE` that cannot be used.
public enum ThresholdsFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String, String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let why): return "cannot read the thresholds file \(path): \(why)"
        case .invalid(let path, let what): return "the thresholds file \(path): \(what)"
        }
    }
}
