import FoundationEssentials

/// DetectCustomLabels (README, What it does with your image): a Custom Labels model version's detections in one picture.
public struct DetectCustomLabels: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DetectCustomLabels"
    /// What the operation is called among detectors.
    public static let detectorName = "custom-labels"

    public var modelARN: String
    public var image: ImageReference
    public var minConfidence: Double?
    public var maxResults: Int?

    public init(modelARN: String, image: ImageReference, minConfidence: Double? = nil, maxResults: Int? = nil) {
        self.modelARN = modelARN
        self.image = image
        self.minConfidence = minConfidence
        self.maxResults = maxResults
    }

    public func body() -> RequestBody {
        var members = [#""ProjectVersionArn":"# + JSONText.text(modelARN)]
        if let minConfidence { members.append(#""MinConfidence":"# + Numbers.exact(minConfidence)) }
        if let maxResults { members.append(#""MaxResults":\#(maxResults)"#) }
        return .image(image, members: members)
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        try Self.parse(body)
    }

    public static func summary(_ output: FrameDetections) -> String { counted(output.detections.count, "label") }

    /// `{"CustomLabels": [...]}` — an answer, or a line `-f json` wrote — as neutral detections,
    /// the body kept as it came. Non-finite numbers are refused; huge finite ones are kept (every
    /// consumer clamps them to the picture).
    public static func parse(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        struct Document: Decodable {
            var labels: [CustomLabel]?
            enum CodingKeys: String, CodingKey { case labels = "CustomLabels" }
        }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: Data(body)) } catch {
            throw DetectionsParseError("not DetectCustomLabels JSON (\(body.count) bytes)")
        }
        guard let labels = document.labels else { throw DetectionsParseError("the JSON has no CustomLabels") }
        let detections = labels.map(\.detection)
        for detection in detections where !detection.isFinite {
            throw DetectionsParseError("label \(detection.label) has a number that is not finite")
        }
        return FrameDetections(detector: detectorName, detections: detections, response: body, encode: encode)
    }

    /// Parses one answer and drops it, on a thread with time to spare before the first real one:
    /// the first parse costs 0.45 ms (the types' metadata, JSONDecoder's first use), the next
    /// 0.03 ms.
    @Sendable public static func warmUp() {
        let answer =
            #"{"CustomLabels":[{"Name":"a","Confidence":97.5,"Geometry":{"BoundingBox":{"Width":0.5,"Height":0.5,"Left":0,"Top":0},"Polygon":[{"X":0,"Y":0}]}}]}"#
        _ = try? parse(Array(answer.utf8))
    }

    /// Detections written back in the operation's own shape (after `--labels` filtered them).
    @Sendable public static func encode(_ detections: [Detection]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let labels = (try? encoder.encode(detections.map(CustomLabel.init))).map { [UInt8]($0) } ?? Array("[]".utf8)
        return Array(#"{"CustomLabels":"#.utf8) + labels + [UInt8(ascii: "}")]
    }
}

/// One label as DetectCustomLabels writes it.
struct CustomLabel: Codable {
    struct Shape: Codable {
        var box: BoundingBox?
        var polygon: [Point]?
        enum CodingKeys: String, CodingKey {
            case box = "BoundingBox"
            case polygon = "Polygon"
        }
    }

    var name: String
    var confidence: Double
    /// Absent for labels of classification models.
    var geometry: Shape?
    /// `--track`: rekfilter's, not the service's.
    var trackId: Int?

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case confidence = "Confidence"
        case geometry = "Geometry"
        case trackId = "TrackId"
    }

    init(_ detection: Detection) {
        name = detection.label
        confidence = detection.confidence
        geometry = detection.box == nil && detection.polygon == nil ? nil : Shape(box: detection.box, polygon: detection.polygon)
        trackId = detection.track
    }

    var detection: Detection {
        Detection(label: name, confidence: confidence, box: geometry?.box, polygon: geometry?.polygon, track: trackId)
    }
}
