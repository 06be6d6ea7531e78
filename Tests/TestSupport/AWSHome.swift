import AWSCore
import Foundation
import RekFilter

/// A scratch home with ~/.aws/config and ~/.aws/credentials.
public struct AWSHome {
    public let root: URL

    public init(config: String = "", credentials: String = "") throws {
        root = try TestData.scratch()
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try config.write(to: root.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        try credentials.write(to: root.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
    }

    public func environment(_ variables: [String: String] = [:], profile: String? = nil) -> AWSEnvironment {
        AWSEnvironment(variables: variables.merging(["HOME": root.path]) { a, _ in a }, profile: profile)
    }
}
