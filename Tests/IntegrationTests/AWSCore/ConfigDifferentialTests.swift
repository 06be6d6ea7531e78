import Foundation
import TestSupport
import Testing

@testable import AWSCore
@testable import RekFilter

/// The shared files and settings as botocore (what the AWS CLI runs) reads them, case by case:
/// the corpus `Tests/Data/config-corpus.json` is resolved by botocore itself
/// (`scripts/botocore-resolve.py`) and by rekfilter, and what each would sign with and where —
/// access key, session token, region, endpoint, retry mode, attempts — must be equal, or both
/// must refuse the configuration. A drift is caught by the reference, not by a hand-written
/// expectation. Role and web-identity cases go to the stub's STS.
@Suite struct ConfigDifferentialTests {
    struct Case: Decodable {
        var name: String
        var config: String?
        var credentials: String?
        var env: [String: String]?
        var files: [String: String]?
        var profile: String?
    }

    struct Outcome: Decodable, Equatable, CustomStringConvertible {
        var accessKey: String?
        var token: String?
        var region: String?
        var endpoint: String?
        var retryMode: String?
        var maxAttempts: Int?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case accessKey = "access_key"
            case token, region, endpoint, error
            case retryMode = "retry_mode"
            case maxAttempts = "max_attempts"
        }

        /// Equal when both refuse (the error's kind is botocore's own class name), or both resolve the same.
        static func agree(_ a: Outcome, _ b: Outcome) -> Bool {
            if a.error != nil || b.error != nil { return (a.error != nil) == (b.error != nil) }
            return a.accessKey == b.accessKey && a.token == b.token && a.region == b.region && a.endpoint == b.endpoint
                && a.retryMode == b.retryMode && a.maxAttempts == b.maxAttempts
        }

        var description: String {
            if let error { return "error \(error)" }
            return
                "key \(accessKey ?? "-") token \(token ?? "-") region \(region ?? "-") \(endpoint ?? "-") \(retryMode ?? "-")/\(maxAttempts ?? 0)"
        }
    }

    static let corpusURL = TestData.projectRoot.appendingPathComponent("Tests/Data/config-corpus.json")

    static let corpus: [Case] = {
        struct Corpus: Decodable { var cases: [Case] }
        return (try? JSONDecoder().decode(Corpus.self, from: Data(contentsOf: corpusURL)).cases) ?? []
    }()

    /// botocore's answers, all cases in one run of the reference script.
    static func botocore() throws -> [String: Outcome] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", TestData.projectRoot.appendingPathComponent("scripts/botocore-resolve.py").path, corpusURL.path,
            LocalServer.stub.url,
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try JSONDecoder().decode([String: Outcome].self, from: data)
    }

    /// rekfilter's answer for a case, through the session the filter builds.
    static func rekfilter(_ test: Case) throws -> Outcome {
        let home = try TestData.scratch()
        let aws = home.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "{home}", with: home.path).replacingOccurrences(of: "{stub}", with: LocalServer.stub.url)
        }
        if let config = test.config { try Data(fill(config).utf8).write(to: aws.appendingPathComponent("config")) }
        if let credentials = test.credentials { try Data(fill(credentials).utf8).write(to: aws.appendingPathComponent("credentials")) }
        for (name, text) in test.files ?? [:] { try Data(text.utf8).write(to: home.appendingPathComponent(name)) }
        var variables = [
            "HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": aws.appendingPathComponent("config").path,
            "AWS_SHARED_CREDENTIALS_FILE": aws.appendingPathComponent("credentials").path,
        ]
        for (key, value) in test.env ?? [:] { variables[key] = fill(value) }
        let region = AWSEnvironment(variables: variables, profile: test.profile).region()
        var service = ServiceConfiguration()
        service.profile = test.profile
        service.region = region ?? "us-east-1"  // as the reference creates its client
        do {
            let session = try ServiceSession(service: service, variables: variables, diagnostics: CollectedDiagnostics())
            var outcome = Outcome(
                region: region, endpoint: session.endpoint.url, retryMode: session.retry.mode.rawValue,
                maxAttempts: session.retry.maxAttempts)
            switch Result(catching: { () throws(CredentialError) -> Credentials in try session.credentials.credentials() }) {
            case .success(let credentials):
                outcome.accessKey = credentials.accessKeyId
                outcome.token = credentials.sessionToken.flatMap { $0.isEmpty ? nil : $0 }
            case .failure(.none):
                break  // no credentials anywhere: botocore's get_credentials() answers None
            case .failure(let error):
                return Outcome(error: "\(error)")
            }
            return outcome
        } catch {
            return Outcome(error: "\(type(of: error))")
        }
    }

    @Test func everyCaseResolvesAsBotocoreResolvesIt() throws {
        #expect(Self.corpus.count >= 40)
        let reference = try Self.botocore()
        #expect(reference.count == Self.corpus.count)
        var disagreements: [String] = []
        for test in Self.corpus {
            let theirs = try #require(reference[test.name], "botocore answered \(test.name)")
            let ours = try Self.rekfilter(test)
            if !Outcome.agree(theirs, ours) { disagreements.append("\(test.name): botocore \(theirs), rekfilter \(ours)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }
}
