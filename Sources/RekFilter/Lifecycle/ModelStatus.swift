import FoundationEssentials

/// A model version's status, as DescribeProjectVersions names it (README, The model's lifecycle). Statuses the
/// service adds later are kept by name.
public struct ModelStatus: RawRepresentable, Hashable, Sendable, Decodable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public var description: String { rawValue }

    public static let starting = ModelStatus(rawValue: "STARTING")
    public static let running = ModelStatus(rawValue: "RUNNING")
    public static let failed = ModelStatus(rawValue: "FAILED")
    public static let stopping = ModelStatus(rawValue: "STOPPING")
    public static let stopped = ModelStatus(rawValue: "STOPPED")
    public static let trainingCompleted = ModelStatus(rawValue: "TRAINING_COMPLETED")

    /// Whether StartProjectVersion can be asked of a model in this status: a trained model
    /// that is not serving (a FAILED start may be tried again).
    public var canStart: Bool { [.stopped, .trainingCompleted, .failed].contains(self) }

    /// `{"Status": "STARTING"}`, the answer of StartProjectVersion and StopProjectVersion.
    static func answer(_ body: [UInt8], of operation: String) throws(DetectionsParseError) -> ModelStatus {
        struct Document: Decodable {
            var status: ModelStatus?
            enum CodingKeys: String, CodingKey { case status = "Status" }
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(body)) else {
            throw DetectionsParseError("not a \(operation) answer (\(body.count) bytes)")
        }
        return document.status ?? ModelStatus(rawValue: "UNKNOWN")
    }
}
