import FoundationEssentials

/// StartProjectVersion (README, The model's lifecycle): the model starts serving, and billing, with this many
/// inference units (more, up to the maximum, when it scales).
public struct StartProjectVersion: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.StartProjectVersion"

    public var modelARN: String
    public var minInferenceUnits: Int
    public var maxInferenceUnits: Int?

    public init(modelARN: String, minInferenceUnits: Int = 1, maxInferenceUnits: Int? = nil) {
        self.modelARN = modelARN
        self.minInferenceUnits = minInferenceUnits
        self.maxInferenceUnits = maxInferenceUnits
    }

    public func body() -> RequestBody {
        var members = [#""ProjectVersionArn":"# + JSONText.text(modelARN), #""MinInferenceUnits":\#(minInferenceUnits)"#]
        if let maxInferenceUnits { members.append(#""MaxInferenceUnits":\#(maxInferenceUnits)"#) }
        return .object(members)
    }

    /// The status the model moved to (STARTING).
    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> ModelStatus {
        try ModelStatus.answer(body, of: "StartProjectVersion")
    }

    public static func summary(_ output: ModelStatus) -> String { output.rawValue }
}
