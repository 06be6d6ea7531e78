/// DetectText (`--detect text`): lines (or words) as polygons tagged with their text.
public struct DetectText: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DetectText"
    public static let detectorName = "text"

    public enum Level: String, Sendable, CaseIterable {
        case line
        case word
    }

    public var image: ImageReference
    /// Words below this confidence are left out by the service (its word filter).
    public var minConfidence: Double?
    public var level = Level.line

    public func body() -> RequestBody {
        var members: [String] = []
        if let minConfidence { members.append("\"Filters\":{\"WordFilter\":{\"MinConfidence\":" + Numbers.exact(minConfidence) + "}}") }
        return .image(image, members: members)
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        struct Answer: Decodable {
            struct Text: Decodable {
                var text: String
                var type: String
                var confidence: Double
                var geometry: WireGeometry?
                enum CodingKeys: String, CodingKey {
                    case text = "DetectedText"
                    case type = "Type"
                    case confidence = "Confidence"
                    case geometry = "Geometry"
                }
            }
            var texts: [Text]
            enum CodingKeys: String, CodingKey { case texts = "TextDetections" }
        }
        let answer = try ImageOperations.decode(Answer.self, body, operation: "DetectText")
        let kept = answer.texts.filter { $0.type.lowercased() == level.rawValue }
        let detections = kept.map {
            Detection(label: $0.text, confidence: $0.confidence, box: $0.geometry?.box, polygon: $0.geometry?.polygon)
        }
        return try ImageOperations.found(detections, detector: Self.detectorName, body: body)
    }

    public static func summary(_ output: FrameDetections) -> String { counted(output.detections.count, "text") }
}
