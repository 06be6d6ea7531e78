import FoundationEssentials

/// Reads back what `-f json` wrote (`--detections FILE`), for every detector: the operation is
/// recognised by its answer's own key (`CustomLabels`, `Labels`, `FaceDetails`, `TextDetections`,
/// `Persons`, `ModerationLabels`, `CelebrityFaces`/`UnrecognizedFaces`), and the neutral
/// `{"Detections": [...]}` that plugins and `--labels` runs write (or `Detections` beside a
/// plugin's own response) is read first, as it is.
enum SavedDetections {
    /// A member that is there, whatever its value.
    private struct Present: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    private struct Keys: Decodable {
        var customLabels, labels, faces, text, persons, moderation, celebrities, unrecognized, detections: Present?
        enum CodingKeys: String, CodingKey {
            case customLabels = "CustomLabels"
            case labels = "Labels"
            case faces = "FaceDetails"
            case text = "TextDetections"
            case persons = "Persons"
            case moderation = "ModerationLabels"
            case celebrities = "CelebrityFaces"
            case unrecognized = "UnrecognizedFaces"
            case detections = "Detections"
        }
    }

    private struct Neutral: Decodable {
        var detections: [Wire]
        enum CodingKeys: String, CodingKey { case detections = "Detections" }
    }

    static func parse(_ body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        let keys: Keys
        do { keys = try JSONDecoder().decode(Keys.self, from: Data(body)) } catch {
            throw DetectionsParseError("not a JSON object")
        }
        // First: a plugin's saved answer has them beside its own response, whatever that holds.
        if keys.detections != nil {
            let neutral: Neutral
            do { neutral = try JSONDecoder().decode(Neutral.self, from: Data(body)) } catch {
                throw DetectionsParseError("its Detections are not the plugin protocol's DETECTION objects")
            }
            let detections = neutral.detections.map(\.detection)
            for detection in detections where !detection.isFinite {
                throw DetectionsParseError("\(detection.label) has a number that is not finite")
            }
            return FrameDetections(detector: "saved", detections: detections, response: nil, encode: Detection.document)
        }
        let none = ImageReference.bytes([])
        if keys.customLabels != nil { return try DetectCustomLabels.parse(body) }
        if keys.labels != nil { return try DetectLabels(image: none).decode(body) }
        if keys.faces != nil { return try DetectFaces(image: none).decode(body) }
        if keys.text != nil { return try DetectText(image: none).decode(body) }
        if keys.persons != nil { return try DetectProtectiveEquipment(image: none).decode(body) }
        if keys.moderation != nil { return try DetectModerationLabels(image: none).decode(body) }
        if keys.celebrities != nil || keys.unrecognized != nil { return try RecognizeCelebrities(image: none).decode(body) }
        throw DetectionsParseError(
            "no CustomLabels, Labels, FaceDetails, TextDetections, Persons, ModerationLabels, CelebrityFaces or Detections in it")
    }
}
