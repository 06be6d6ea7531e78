/// A model version ARN taken apart (README, The model's lifecycle): `arn:P:rekognition:R:A:project/PROJECT/version/VERSION/TS`.
/// The project's own ARN has another timestamp and is not derivable: DescribeProjects finds it.
public struct ModelVersionARN: Sendable, Equatable {
    public let arn: String
    public let region: String
    public let project: String
    public let version: String

    public init?(_ arn: String) {
        guard Self.isValid(arn) else { return nil }
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let resource = fields[5].split(separator: "/", omittingEmptySubsequences: false)
        self.arn = arn
        region = String(fields[3])
        project = String(resource[1])
        version = String(resource[3])
    }

    /// `arn:PARTITION:rekognition:REGION:ACCOUNT:project/NAME/version/NAME/NUMBER`
    public static func isValid(_ arn: String) -> Bool {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "rekognition" else { return false }
        func lowerDigitDash(_ s: Substring) -> Bool {
            !s.isEmpty && s.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
        }
        guard lowerDigitDash(parts[1]), lowerDigitDash(parts[3]) else { return false }
        guard parts[4].count == 12, parts[4].allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return false }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        func name(_ s: Substring) -> Bool {
            (1...255).contains(s.count)
                && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
        }
        return resource.count == 5 && resource[0] == "project" && name(resource[1]) && resource[2] == "version"
            && name(resource[3]) && !resource[4].isEmpty && resource[4].allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    /// The region field of a valid ARN.
    public static func region(_ arn: String) -> String? {
        guard isValid(arn) else { return nil }
        return String(arn.split(separator: ":", omittingEmptySubsequences: false)[3])
    }
}
