extension Detection {
    /// The neutral `DETECTION` object, as plugins speak it and `{"Detections": [...]}` holds it:
    /// coordinates as ratios of the upright picture, as the service gives them.
    public var json: String {
        let d = self
        func number(_ v: Double) -> String { Numbers.exact(v) }
        var text = "{\"label\":\(JSONText.text(d.label)),\"confidence\":\(number(d.confidence)),\"box\":"
        if let b = d.box {
            text += "{\"left\":\(number(b.left)),\"top\":\(number(b.top)),\"width\":\(number(b.width)),\"height\":\(number(b.height))}"
        } else {
            text += "null"
        }
        text +=
            ",\"polygon\":"
            + (d.polygon.map { "[" + $0.map { "{\"x\":\(number($0.x)),\"y\":\(number($0.y))}" }.joined(separator: ",") + "]" } ?? "null")
        text +=
            ",\"points\":"
            + (d.points.map {
                "[" + $0.map { "{\"x\":\(number($0.x)),\"y\":\(number($0.y)),\"name\":\(JSONText.text($0.name))}" }.joined(separator: ",")
                    + "]"
            }
                ?? "null")
        text += ",\"parent\":" + (d.parent.map(JSONText.text) ?? "null")
        if let track = d.track { text += ",\"track\":\(track)" }
        text += "}"
        return text
    }

    /// `{"Detections": [DETECTION, ...]}`: what `-f json` writes for a detector whose own answer
    /// cannot be rebuilt from its detections (a plugin without a response, or after `--labels`).
    @Sendable public static func document(_ detections: [Detection]) -> [UInt8] {
        Array(("{\"Detections\":[" + detections.map(\.json).joined(separator: ",") + "]}").utf8)
    }
}
