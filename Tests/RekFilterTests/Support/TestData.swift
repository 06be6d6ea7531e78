import Foundation

/// Paths into ../shared/testdata (override with REKFILTER_TESTDATA).
enum TestData {
    static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["REKFILTER_TESTDATA"] { return URL(fileURLWithPath: path) }
        // Tests/RekFilterTests/Support/TestData.swift → project root → ../shared/testdata
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/testdata")
    }()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relative)))
    }

    static func files(in folder: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
            .filter { $0.hasSuffix(suffix) }.sorted()
    }
}
