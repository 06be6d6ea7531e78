/// DetectFaces (`--detect faces`): face boxes with their landmark points; with
/// `--attributes ALL` (or a list naming AGE_RANGE / EMOTIONS), a compact tag such as
/// `face 25–35 HAPPY`.
public struct DetectFaces: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DetectFaces"
    public static let detectorName = "faces"

    public var image: ImageReference
    /// `DEFAULT`, `ALL`, or attribute names (AGE_RANGE, EMOTIONS, …).
    public var attributes: [String] = ["DEFAULT"]

    public func body() -> RequestBody {
        .image(image, members: ["\"Attributes\":[" + attributes.map(JSONText.text).joined(separator: ",") + "]"])
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        struct Answer: Decodable {
            struct Face: Decodable {
                struct Mark: Decodable {
                    var type: String?
                    var x: Double?
                    var y: Double?
                    enum CodingKeys: String, CodingKey {
                        case type = "Type"
                        case x = "X"
                        case y = "Y"
                    }
                }
                struct Range: Decodable {
                    var low: Int?
                    var high: Int?
                    enum CodingKeys: String, CodingKey {
                        case low = "Low"
                        case high = "High"
                    }
                }
                struct Emotion: Decodable {
                    var type: String
                    var confidence: Double
                    enum CodingKeys: String, CodingKey {
                        case type = "Type"
                        case confidence = "Confidence"
                    }
                }
                var box: BoundingBox?
                var confidence: Double?
                var landmarks: [Mark]?
                var age: Range?
                var emotions: [Emotion]?
                enum CodingKeys: String, CodingKey {
                    case box = "BoundingBox"
                    case confidence = "Confidence"
                    case landmarks = "Landmarks"
                    case age = "AgeRange"
                    case emotions = "Emotions"
                }
            }
            var faces: [Face]
            enum CodingKeys: String, CodingKey { case faces = "FaceDetails" }
        }
        let answer = try ImageOperations.decode(Answer.self, body, operation: "DetectFaces")
        let detections = answer.faces.map { face -> Detection in
            var label = "face"
            if let low = face.age?.low, let high = face.age?.high { label += " \(low)–\(high)" }
            if let top = face.emotions?.max(by: { $0.confidence < $1.confidence }) { label += " \(top.type)" }
            let points = (face.landmarks ?? []).compactMap { mark -> Landmark? in
                guard let x = mark.x, let y = mark.y else { return nil }
                return Landmark(x: x, y: y, name: mark.type ?? "")
            }
            return Detection(label: label, confidence: face.confidence ?? 0, box: face.box, points: points.isEmpty ? nil : points)
        }
        return try ImageOperations.found(detections, detector: Self.detectorName, body: body)
    }

    public static func summary(_ output: FrameDetections) -> String { counted(output.detections.count, "face") }
}
