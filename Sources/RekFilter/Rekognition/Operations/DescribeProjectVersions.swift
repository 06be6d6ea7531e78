import FoundationEssentials

/// DescribeProjectVersions (README, The model's lifecycle): a project's model versions, or the ones named, with
/// their status and inference units.
public struct DescribeProjectVersions: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DescribeProjectVersions"

    public var projectARN: String
    public var versionNames: [String]?
    public var nextToken: String?

    public init(projectARN: String, versionNames: [String]? = nil, nextToken: String? = nil) {
        self.projectARN = projectARN
        self.versionNames = versionNames
        self.nextToken = nextToken
    }

    public struct Page: Sendable {
        public var versions: [ModelDescription]
        public var nextToken: String?
        /// The answer as it came, for `-f json`.
        public var body: [UInt8]
    }

    public func body() -> RequestBody {
        var members = [#""ProjectArn":"# + JSONText.text(projectARN)]
        if let versionNames { members.append(#""VersionNames":["# + versionNames.map(JSONText.text).joined(separator: ",") + "]") }
        if let nextToken { members.append(#""NextToken":"# + JSONText.text(nextToken)) }
        return .object(members)
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> Page {
        struct Document: Decodable {
            var versions: [ModelDescription]?
            var nextToken: String?
            enum CodingKeys: String, CodingKey {
                case versions = "ProjectVersionDescriptions"
                case nextToken = "NextToken"
            }
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(body)), let versions = document.versions
        else { throw DetectionsParseError("not a DescribeProjectVersions answer (\(body.count) bytes)") }
        return Page(versions: versions, nextToken: document.nextToken.flatMap { $0.isEmpty ? nil : $0 }, body: body)
    }

    public static func summary(_ output: Page) -> String { output.versions.map(\.status.rawValue).joined(separator: ", ") }
}
