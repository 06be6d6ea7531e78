import FoundationEssentials

/// What the general image operations of Rekognition share (README, Detectors): their limits — 5 MB of
/// bytes and at least 80 px a side, no other bound — and how a filtered answer is written back
/// (the neutral detections, `{"Detections": [...]}`, since the operation's own shape cannot be
/// rebuilt from them without loss).
public enum ImageOperations {
    public static let limits = ServiceLimits(maxBytes: 5 * 1024 * 1024, maxSide: 1 << 20, minSide: 80, maxAspectRatio: 1 << 20)

    /// A filtered answer, written back in the neutral shape.
    @Sendable public static func encode(_ detections: [Detection]) -> [UInt8] { Detection.document(detections) }

    /// Decodes an answer, or says it is not the operation's JSON.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], operation: String) throws(DetectionsParseError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(body)) } catch {
            throw DetectionsParseError("not \(operation) JSON (\(body.count) bytes)")
        }
    }

    /// The detections, checked for non-finite numbers, with the body kept as it came.
    static func found(_ detections: [Detection], detector: String, body: [UInt8]) throws(DetectionsParseError) -> FrameDetections {
        for detection in detections where !detection.isFinite {
            throw DetectionsParseError("\(detection.label) has a number that is not finite")
        }
        return FrameDetections(detector: detector, detections: detections, response: body, encode: encode)
    }
}

/// Geometry as every Rekognition operation writes it.
struct WireGeometry: Decodable {
    var box: BoundingBox?
    var polygon: [Point]?
    enum CodingKeys: String, CodingKey {
        case box = "BoundingBox"
        case polygon = "Polygon"
    }
}
