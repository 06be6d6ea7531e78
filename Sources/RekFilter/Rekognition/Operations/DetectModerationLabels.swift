/// DetectModerationLabels (`--detect moderation`): image-level labels with their parents.
public struct DetectModerationLabels: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DetectModerationLabels"
    public static let detectorName = "moderation"

    public var image: ImageReference
    public var minConfidence: Double?

    public func body() -> RequestBody {
        .image(image, members: minConfidence.map { ["\"MinConfidence\":" + Numbers.exact($0)] } ?? [])
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        struct Answer: Decodable {
            struct Label: Decodable {
                var name: String
                var confidence: Double
                var parent: String?
                enum CodingKeys: String, CodingKey {
                    case name = "Name"
                    case confidence = "Confidence"
                    case parent = "ParentName"
                }
            }
            var labels: [Label]
            enum CodingKeys: String, CodingKey { case labels = "ModerationLabels" }
        }
        let answer = try ImageOperations.decode(Answer.self, body, operation: "DetectModerationLabels")
        let detections = answer.labels.map {
            Detection(label: $0.name, confidence: $0.confidence, parent: ($0.parent?.isEmpty ?? true) ? nil : $0.parent)
        }
        return try ImageOperations.found(detections, detector: Self.detectorName, body: body)
    }

    public static func summary(_ output: FrameDetections) -> String { counted(output.detections.count, "label") }
}
