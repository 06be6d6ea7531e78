import FoundationEssentials

/// DescribeProjects (README, The model's lifecycle): the Custom Labels projects, or the one named — how a version
/// ARN's project ARN is found (it carries another timestamp than the version's).
public struct DescribeProjects: RekognitionOperation, Sendable {
    public static let target = "RekognitionService.DescribeProjects"

    public var projectNames: [String]?
    public var nextToken: String?

    public init(projectNames: [String]? = nil, nextToken: String? = nil) {
        self.projectNames = projectNames
        self.nextToken = nextToken
    }

    public struct Page: Sendable {
        public var projectARNs: [String]
        public var nextToken: String?
        /// The answer as it came, for `-f json`.
        public var body: [UInt8]
    }

    public func body() -> RequestBody {
        var members: [String] = []
        if let projectNames { members.append(#""ProjectNames":["# + projectNames.map(JSONText.text).joined(separator: ",") + "]") }
        if let nextToken { members.append(#""NextToken":"# + JSONText.text(nextToken)) }
        return .object(members)
    }

    public func decode(_ body: [UInt8]) throws(DetectionsParseError) -> Page {
        struct Document: Decodable {
            struct Project: Decodable {
                var arn: String
                enum CodingKeys: String, CodingKey { case arn = "ProjectArn" }
            }
            var projects: [Project]?
            var nextToken: String?
            enum CodingKeys: String, CodingKey {
                case projects = "ProjectDescriptions"
                case nextToken = "NextToken"
            }
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(body)), let projects = document.projects
        else { throw DetectionsParseError("not a DescribeProjects answer (\(body.count) bytes)") }
        return Page(projectARNs: projects.map(\.arn), nextToken: document.nextToken.flatMap { $0.isEmpty ? nil : $0 }, body: body)
    }

    public static func summary(_ output: Page) -> String { counted(output.projectARNs.count, "project") }
}
