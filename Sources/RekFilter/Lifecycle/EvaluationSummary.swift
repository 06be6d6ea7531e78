import AWSCore
import Basics
import FoundationEssentials

/// The evaluation summary file Custom Labels writes at training (named by
/// DescribeProjectVersions' `EvaluationResult.Summary.S3Object`): the model's precision, recall
/// and F1, and per label the same with the threshold it assumed — a ratio 0–1, where
/// detections' confidences are 0–100 (README, Is the model good enough?).
public struct EvaluationSummary: Sendable, Equatable {
    public struct Label: Sendable, Equatable {
        public var name: String
        public var testingImages: Int?
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
        /// 0–1, as the file has it.
        public var threshold: Double?
    }

    public var version: Int
    public var f1: Double?
    public var precision: Double?
    public var recall: Double?
    public var labels: [Label]
    /// The file as it came, for `-f json`.
    public var bytes: [UInt8]

    /// The only version of the file the Custom Labels guide documents.
    static let knownVersion = 1

    public static func parse(_ bytes: [UInt8], from place: String) throws -> EvaluationSummary {
        struct Metrics: Decodable {
            var f1, precision, recall, threshold: Double?
            enum CodingKeys: String, CodingKey {
                case f1 = "F1Score"
                case precision = "Precision"
                case recall = "Recall"
                case threshold = "Threshold"
            }
        }
        struct File: Decodable {
            struct LabelResult: Decodable {
                var label: String
                var testingImages: Int?
                var metrics: Metrics?
                enum CodingKeys: String, CodingKey {
                    case label = "Label"
                    case testingImages = "NumberOfTestingImages"
                    case metrics = "Metrics"
                }
            }
            var version: Int?
            var aggregated: Metrics?
            var labels: [LabelResult]?
            enum CodingKeys: String, CodingKey {
                case version = "Version"
                case aggregated = "AggregatedEvaluationResults"
                case labels = "LabelEvaluationResults"
            }
        }
        guard let file = try? JSONDecoder().decode(File.self, from: Data(bytes)) else {
            throw ModelEvaluationError.unreadable(place, "not the JSON of an evaluation summary")
        }
        guard let version = file.version else { throw ModelEvaluationError.unreadable(place, "no Version") }
        guard version == knownVersion else {
            throw ModelEvaluationError.unreadable(place, "Version \(version), where rekfilter reads Version \(knownVersion)")
        }
        guard let labels = file.labels else { throw ModelEvaluationError.unreadable(place, "no LabelEvaluationResults") }
        return EvaluationSummary(
            version: version, f1: file.aggregated?.f1, precision: file.aggregated?.precision, recall: file.aggregated?.recall,
            labels: labels.map {
                Label(
                    name: $0.label, testingImages: $0.testingImages, precision: $0.metrics?.precision, recall: $0.metrics?.recall,
                    f1: $0.metrics?.f1, threshold: $0.metrics?.threshold)
            }, bytes: bytes)
    }

    /// Per label its threshold as a confidence 0–100.
    public var thresholds: LabelThresholds {
        LabelThresholds(Dictionary(labels.compactMap { l in l.threshold.map { (l.name, $0 * 100) } }, uniquingKeysWith: { a, _ in a }))
    }

    /// The model's summary: from the cache when it is there (keyed by the model ARN and the
    /// file's S3 location), else DescribeProjectVersions, then a signed S3 GET.
    public static func fetch(
        _ model: ModelVersionARN, client: RekognitionClient, s3: () throws -> S3Client, cache: DetectionCache?
    ) throws -> EvaluationSummary {
        let (description, _) = try ModelLifecycle(model: model, client: client).describe()
        guard let evaluation = description.evaluation else { throw ModelEvaluationError.noEvaluation(model.arn) }
        guard let location = evaluation.summary else { throw ModelEvaluationError.noSummary(model.arn) }
        let place = "s3://\(location.bucket)/\(location.key)"
        let key = SigV4Signer.hexSHA256(Array("evaluation-summary\n\(model.arn)\n\(place)\n\(location.version ?? "")".utf8))
        if let cached = cache?.read(key), let summary = try? parse(cached, from: place) { return summary }
        let bytes: [UInt8]
        do {
            bytes = try s3().getObject(location, maxBytes: 64 << 20)
        } catch {
            throw ModelEvaluationError.unreadable(place, "\(error)")
        }
        let summary = try parse(bytes, from: place)
        cache?.write(key, bytes)
        return summary
    }
}

extension LabelThresholds {
    /// `--thresholds FILE`, or `--thresholds model`: the model's own, from its evaluation
    /// summary (with the run's service settings; kept in the run's cache when it has one).
    public static func resolve(
        _ spec: String, service: ServiceConfiguration, variables: [String: String], diagnostics: any Diagnostics
    ) throws -> LabelThresholds {
        guard spec == "model" else { return try load(spec) }
        guard let arn = service.model.flatMap(ModelVersionARN.init) else {
            throw UsageError("--thresholds model reads the model's own: give -m ARN (or set REKFILTER_MODEL)")
        }
        let session = try ServiceSession(service: service, variables: variables, diagnostics: diagnostics, quiet: true)
        return try EvaluationSummary.fetch(arn, client: session.makeClient(), s3: session.makeS3Client, cache: session.cache)
            .thresholds
    }
}

/// Why the model's own evaluation cannot be had.
public enum ModelEvaluationError: Error, Equatable, Sendable {
    case noEvaluation(String)
    case noSummary(String)
    case unreadable(String, String)
}

extension ModelEvaluationError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noEvaluation(let arn):
            return
                "the model \(arn) has no evaluation (EvaluationResult): it was not evaluated at training, so it has no thresholds of its own"
        case .noSummary(let arn): return "the model \(arn) names no evaluation summary file (EvaluationResult.Summary.S3Object)"
        case .unreadable(let place, let why): return "cannot use the evaluation summary \(place): \(why)"
        }
    }
}
