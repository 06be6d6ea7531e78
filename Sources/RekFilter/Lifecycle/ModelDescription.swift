import AWSCore

/// One model version as DescribeProjectVersions describes it: what `model status` and
/// `model list` print.
public struct ModelDescription: Decodable, Sendable {
    public var arn: String
    public var status: ModelStatus
    public var statusMessage: String?
    public var minInferenceUnits: Int?
    public var maxInferenceUnits: Int?
    /// The evaluation made at training: its F1 and where its summary file is.
    public var evaluation: EvaluationResult?

    public struct EvaluationResult: Decodable, Sendable, Equatable {
        public var f1: Double?
        public var summary: S3Location?

        enum CodingKeys: String, CodingKey {
            case f1 = "F1Score"
            case summary = "Summary"
        }
        struct Summary: Decodable {
            var object: Object?
            enum CodingKeys: String, CodingKey { case object = "S3Object" }
        }
        struct Object: Decodable {
            var bucket: String
            var name: String
            var version: String?
            enum CodingKeys: String, CodingKey {
                case bucket = "Bucket"
                case name = "Name"
                case version = "Version"
            }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            f1 = try c.decodeIfPresent(Double.self, forKey: .f1)
            summary = try c.decodeIfPresent(Summary.self, forKey: .summary)?.object.map {
                S3Location(bucket: $0.bucket, key: $0.name, version: $0.version)
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case arn = "ProjectVersionArn"
        case status = "Status"
        case statusMessage = "StatusMessage"
        case minInferenceUnits = "MinInferenceUnits"
        case maxInferenceUnits = "MaxInferenceUnits"
        case evaluation = "EvaluationResult"
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
