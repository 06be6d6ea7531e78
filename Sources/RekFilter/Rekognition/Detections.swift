import FoundationEssentials

/// One label the model found (SPEC §1), as DetectCustomLabels returns it.
public struct CustomLabel: Codable, Sendable, Equatable {
    public var name: String
    /// 0–100.
    public var confidence: Double
    /// Absent for labels of classification models.
    public var geometry: Geometry?

    public init(name: String, confidence: Double, geometry: Geometry? = nil) {
        self.name = name
        self.confidence = confidence
        self.geometry = geometry
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", confidence = "Confidence", geometry = "Geometry"
    }
}

public struct Geometry: Codable, Sendable, Equatable {
    public var boundingBox: BoundingBox?
    public var polygon: [Point]?

    public init(boundingBox: BoundingBox? = nil, polygon: [Point]? = nil) {
        self.boundingBox = boundingBox
        self.polygon = polygon
    }

    enum CodingKeys: String, CodingKey { case boundingBox = "BoundingBox", polygon = "Polygon" }
}

/// Ratios of the upright image's size; may be negative or above 1.
public struct BoundingBox: Codable, Sendable, Equatable {
    public var width: Double
    public var height: Double
    public var left: Double
    public var top: Double

    public init(width: Double, height: Double, left: Double, top: Double) {
        self.width = width
        self.height = height
        self.left = left
        self.top = top
    }

    enum CodingKeys: String, CodingKey { case width = "Width", height = "Height", left = "Left", top = "Top" }
}

public struct Point: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    enum CodingKeys: String, CodingKey { case x = "X", y = "Y" }
}

/// A DetectCustomLabels answer: the labels, and the body exactly as the service sent it.
public struct Detections: Sendable {
    public var labels: [CustomLabel]
    public var raw: [UInt8]

    struct Document: Decodable { var CustomLabels: [CustomLabel]? }

    public init(labels: [CustomLabel], raw: [UInt8]) {
        self.labels = labels
        self.raw = raw
    }

    /// Parses a response body (or a line saved with `-f json`); anything that is not
    /// `{"CustomLabels": [...]}` with finite numbers is refused. Huge but finite coordinates are
    /// kept: every consumer clamps them to the picture.
    public static func parse(_ body: [UInt8]) throws(DetectionsParseError) -> Detections {
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: Data(body)) }
        catch { throw DetectionsParseError("not DetectCustomLabels JSON (\(body.count) bytes)") }
        guard let labels = document.CustomLabels else { throw DetectionsParseError("the JSON has no CustomLabels") }
        for label in labels {
            guard label.confidence.isFinite else { throw DetectionsParseError("label \(label.name) has a non-finite confidence") }
            let box = label.geometry?.boundingBox.map { [$0.left, $0.top, $0.width, $0.height] } ?? []
            let polygon = label.geometry?.polygon?.flatMap { [$0.x, $0.y] } ?? []
            guard (box + polygon).allSatisfy(\.isFinite) else {
                throw DetectionsParseError("label \(label.name) has a coordinate that is not a finite number")
            }
        }
        return Detections(labels: labels, raw: body)
    }
}

/// Detections that cannot be read, from the service or from a file.
public struct DetectionsParseError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
