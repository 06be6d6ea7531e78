/// One model version as DescribeProjectVersions describes it: what `model status` and
/// `model list` print.
public struct ModelDescription: Decodable, Sendable {
    public var arn: String
    public var status: ModelStatus
    public var statusMessage: String?
    public var minInferenceUnits: Int?
    public var maxInferenceUnits: Int?

    enum CodingKeys: String, CodingKey {
        case arn = "ProjectVersionArn"
        case status = "Status"
        case statusMessage = "StatusMessage"
        case minInferenceUnits = "MinInferenceUnits"
        case maxInferenceUnits = "MaxInferenceUnits"
    }

    public init(
        arn: String, status: ModelStatus, statusMessage: String? = nil, minInferenceUnits: Int? = nil, maxInferenceUnits: Int? = nil
    ) {
        self.arn = arn
        self.status = status
        self.statusMessage = statusMessage
        self.minInferenceUnits = minInferenceUnits
        self.maxInferenceUnits = maxInferenceUnits
    }

    /// `1`, `1-4` (scales between), or `-` (not set: the model never ran).
    public var inferenceUnits: String {
        guard let low = minInferenceUnits else { return "-" }
        guard let high = maxInferenceUnits, high != low else { return "\(low)" }
        return "\(low)-\(high)"
    }

    /// `RUNNING  1-2  arn:…  (message)`: status padded so that a list lines up.
    public var line: String {
        let status = status.rawValue.padding(to: 20)
        let units = inferenceUnits.padding(to: 5)
        let message = statusMessage.map { $0.isEmpty ? "" : "  (\($0))" } ?? ""
        return "\(status) \(units) \(arn)\(message)"
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
