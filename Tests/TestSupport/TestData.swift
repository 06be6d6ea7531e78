import Foundation

/// Paths into Tests/Data — the corpora with their licences, see its README — (another copy with
/// REKFILTER_TESTDATA) and the project itself.
public enum TestData {
    /// The project's root folder.
    public static let projectRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["REKFILTER_TESTDATA"] { return URL(fileURLWithPath: path) }
        return projectRoot.appendingPathComponent("Tests/Data")
    }()

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
    public static func path(_ relative: String) -> String { url(relative).path }

    public static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relative)))
    }

    public static func files(in folder: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
            .filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// A fresh scratch folder for one test.
    public static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rekfilter-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
