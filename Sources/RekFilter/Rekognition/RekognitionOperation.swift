/// One Rekognition API operation, as the transport needs it: its awsJson1_1 target, its body,
/// and how to read its answer. Each operation is one file in `Operations/`.
public protocol RekognitionOperation {
    associatedtype Output
    /// `RekognitionService.DetectCustomLabels`, …
    static var target: String { get }
    func body() -> RequestBody
    /// Reads a 200 answer; a body that is not the operation's JSON is an error.
    func decode(_ body: [UInt8]) throws(DetectionsParseError) -> Output
    /// A few words on an answer, for `-v` ("3 labels").
    static func summary(_ output: Output) -> String
}
