/// DetectLabels (`--detect labels`): objects and scenes. Each instance becomes a box tagged
/// with its label (and its first parent); a label without instances is image-level.
public struct DetectLabels: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DetectLabels"
    public static let detectorName = "labels"

    public var image: ImageReference
    public var maxLabels: Int?
    public var minConfidence: Double?

    public func body() -> RequestBody {
        var members: [String] = []
        if let maxLabels { members.append("\"MaxLabels\":\(maxLabels)") }
        if let minConfidence { members.append("\"MinConfidence\":" + Numbers.exact(minConfidence)) }
        return .image(image, members: members)
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        struct Answer: Decodable {
            struct Label: Decodable {
                struct Instance: Decodable {
                    var box: BoundingBox?
                    var confidence: Double?
                    enum CodingKeys: String, CodingKey {
                        case box = "BoundingBox"
                        case confidence = "Confidence"
                    }
                }
                struct Parent: Decodable {
                    var name: String
                    enum CodingKeys: String, CodingKey { case name = "Name" }
                }
                var name: String
                var confidence: Double
                var instances: [Instance]?
                var parents: [Parent]?
                enum CodingKeys: String, CodingKey {
                    case name = "Name"
                    case confidence = "Confidence"
                    case instances = "Instances"
                    case parents = "Parents"
                }
            }
            var labels: [Label]
            enum CodingKeys: String, CodingKey { case labels = "Labels" }
        }
        let answer = try ImageOperations.decode(Answer.self, body, operation: "DetectLabels")
        var detections: [Detection] = []
        for label in answer.labels {
            let parent = label.parents?.first?.name
            let boxed = (label.instances ?? []).filter { $0.box != nil }
            if boxed.isEmpty {
                detections.append(Detection(label: label.name, confidence: label.confidence, parent: parent))
            }
            for instance in boxed {
                detections.append(
                    Detection(label: label.name, confidence: instance.confidence ?? label.confidence, box: instance.box, parent: parent))
            }
        }
        return try ImageOperations.found(detections, detector: Self.detectorName, body: body)
    }

    public static func summary(_ output: FrameDetections) -> String { counted(output.detections.count, "label") }
}
