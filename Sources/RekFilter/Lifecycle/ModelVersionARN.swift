/// A model version ARN taken apart (README, The model's lifecycle): `arn:P:rekognition:R:A:project/PROJECT/version/VERSION/TS`.
/// The project's own ARN has another timestamp and is not derivable: DescribeProjects finds it.
public struct ModelVersionARN: Sendable, Equatable {
    public let arn: String
    public let region: String
    public let project: String
    public let version: String

    public init?(_ arn: String) {
        guard ModelARN.isValid(arn) else { return nil }
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let resource = fields[5].split(separator: "/", omittingEmptySubsequences: false)
        self.arn = arn
        region = String(fields[3])
        project = String(resource[1])
        version = String(resource[3])
    }
}
