import FoundationEssentials

/// StopProjectVersion (README, The model's lifecycle): the model stops serving and billing.
public struct StopProjectVersion: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.StopProjectVersion"

    public var modelARN: String

    public init(modelARN: String) { self.modelARN = modelARN }

    public func body() -> RequestBody {
        .object([#""ProjectVersionArn":"# + JSONText.text(modelARN)])
    }

    /// The status the model moved to (STOPPING).
    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> ModelStatus {
        try ModelStatus.answer(body, of: "StopProjectVersion")
    }

    public static func summary(_ output: ModelStatus) -> String { output.rawValue }
}
