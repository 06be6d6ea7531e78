/// DetectProtectiveEquipment (`--detect ppe`): person boxes, and each piece of equipment's box
/// (its label the equipment type, its parent the person). With `--required-equipment`, a person
/// missing any of it is tagged `person MISSING FACE_COVER` — its own label, so its own colour.
public struct DetectProtectiveEquipment: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DetectProtectiveEquipment"
    public static let detectorName = "ppe"

    public var image: ImageReference
    public var minConfidence: Double?
    /// FACE_COVER, HAND_COVER, HEAD_COVER.
    public var required: [String] = []

    public func body() -> RequestBody {
        guard !required.isEmpty else { return .image(image, members: []) }
        // The service wants both members of SummarizationAttributes; 80 is its console's default.
        let summary =
            "\"SummarizationAttributes\":{\"MinConfidence\":\(Numbers.exact(minConfidence ?? 80)),"
            + "\"RequiredEquipmentTypes\":[" + required.map(JSONText.text).joined(separator: ",") + "]}"
        return .image(image, members: [summary])
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        struct Answer: Decodable {
            struct Person: Decodable {
                struct Part: Decodable {
                    struct Equipment: Decodable {
                        var box: BoundingBox?
                        var confidence: Double?
                        var type: String?
                        enum CodingKeys: String, CodingKey {
                            case box = "BoundingBox"
                            case confidence = "Confidence"
                            case type = "Type"
                        }
                    }
                    var equipment: [Equipment]?
                    enum CodingKeys: String, CodingKey { case equipment = "EquipmentDetections" }
                }
                var id: Int?
                var box: BoundingBox?
                var confidence: Double?
                var parts: [Part]?
                enum CodingKeys: String, CodingKey {
                    case id = "Id"
                    case box = "BoundingBox"
                    case confidence = "Confidence"
                    case parts = "BodyParts"
                }
            }
            struct Summary: Decodable {
                var without: [Int]?
                enum CodingKeys: String, CodingKey { case without = "PersonsWithoutRequiredEquipment" }
            }
            var persons: [Person]
            var summary: Summary?
            enum CodingKeys: String, CodingKey {
                case persons = "Persons"
                case summary = "Summary"
            }
        }
        let answer = try ImageOperations.decode(Answer.self, body, operation: "DetectProtectiveEquipment")
        let lacking = Set(answer.summary?.without ?? [])
        var detections: [Detection] = []
        for (n, person) in answer.persons.enumerated() {
            let id = person.id ?? n
            let equipment = (person.parts ?? []).flatMap { $0.equipment ?? [] }
            var label = "person"
            if lacking.contains(id) {
                let worn = Set(equipment.compactMap(\.type))
                let missing = required.filter { !worn.contains($0) }
                label += " MISSING " + (missing.isEmpty ? "required equipment" : missing.joined(separator: ", "))
            }
            detections.append(Detection(label: label, confidence: person.confidence ?? 0, box: person.box))
            for item in equipment {
                detections.append(
                    Detection(label: item.type ?? "equipment", confidence: item.confidence ?? 0, box: item.box, parent: "person \(id)"))
            }
        }
        return try ImageOperations.found(detections, detector: Self.detectorName, body: body)
    }

    public static func summary(_ output: FrameDetections) -> String {
        counted(output.detections.count, "person or equipment", "persons and equipment")
    }
}
