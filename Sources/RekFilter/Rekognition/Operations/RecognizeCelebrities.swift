/// RecognizeCelebrities (`--detect celebrities`): face boxes tagged with the name; faces not
/// recognized are `face`.
public struct RecognizeCelebrities: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.RecognizeCelebrities"
    public static let detectorName = "celebrities"

    public var image: ImageReference

    public func body() -> RequestBody { .image(image, members: []) }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        struct Face: Decodable {
            var box: BoundingBox?
            var confidence: Double?
            enum CodingKeys: String, CodingKey {
                case box = "BoundingBox"
                case confidence = "Confidence"
            }
        }
        struct Answer: Decodable {
            struct Celebrity: Decodable {
                var name: String
                var match: Double?
                var face: Face?
                enum CodingKeys: String, CodingKey {
                    case name = "Name"
                    case match = "MatchConfidence"
                    case face = "Face"
                }
            }
            var celebrities: [Celebrity]?
            var unrecognized: [Face]?
            enum CodingKeys: String, CodingKey {
                case celebrities = "CelebrityFaces"
                case unrecognized = "UnrecognizedFaces"
            }
        }
        let answer = try ImageOperations.decode(Answer.self, body, operation: "RecognizeCelebrities")
        var detections = (answer.celebrities ?? []).map {
            Detection(label: $0.name, confidence: $0.match ?? $0.face?.confidence ?? 0, box: $0.face?.box)
        }
        detections += (answer.unrecognized ?? []).map { Detection(label: "face", confidence: $0.confidence ?? 0, box: $0.box) }
        return try ImageOperations.found(detections, detector: Self.detectorName, body: body)
    }

    public static func summary(_ output: FrameDetections) -> String { counted(output.detections.count, "face") }
}
