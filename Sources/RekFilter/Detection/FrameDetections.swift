/// What a detector found in one picture: the neutral detections, and the answer exactly as its
/// source gave it (the service's body), which `-f json` writes byte for byte.
public struct FrameDetections: Sendable {
    /// The detector's name (`custom-labels`, …).
    public var detector: String
    public var detections: [Detection]
    /// The response body as it came; nil when there is none, or it no longer matches the
    /// detections (after `--labels`): `responseJSON` then writes it anew.
    public var response: [UInt8]?
    /// Writes detections in the detector's own response shape.
    public var encode: @Sendable ([Detection]) -> [UInt8]
    /// Whether `response` holds the detections (a service's answer does; a detector plugin's
    /// own `response` need not, so `-f json` adds them as `Detections`, to be replayed).
    public var responseHoldsDetections = true
    /// How many tiles the picture was sent as (`--tile`); nil when it was sent whole.
    public var tiles: Int?

    public init(
        detector: String, detections: [Detection], response: [UInt8]?,
        encode: @escaping @Sendable ([Detection]) -> [UInt8]
    ) {
        self.detector = detector
        self.detections = detections
        self.response = response
        self.encode = encode
    }

    /// `--labels`: only the detections with these labels (the response is then written anew).
    public func keeping(_ labels: Set<String>?, thresholds: LabelThresholds? = nil) -> FrameDetections {
        guard labels != nil || thresholds != nil else { return self }
        var kept = self
        kept.detections = detections.filter { (labels?.contains($0.label) ?? true) && (thresholds?.keeps($0) ?? true) }
        // The answer as it came no longer says what is kept: written anew.
        if kept.detections.count != detections.count || labels != nil { kept.response = nil }
        return kept
    }

    /// No detections, in the same detector's shape (a frame written undrawn).
    public var emptied: FrameDetections {
        FrameDetections(detector: detector, detections: [], response: nil, encode: encode)
    }

    /// The response as it came, or the detections in the detector's response shape.
    public var responseJSON: [UInt8] { response ?? encode(detections) }
}
