import AWSCore
import Foundation
import TestSupport
import Testing

/// IAM Identity Center (SSO) end to end (README, Credentials, region, endpoint): a config with an `sso_session` (or the
/// legacy keys), the token cache `aws sso login` writes, the stub playing the SSO portal and
/// SSO OIDC, then DetectCustomLabels signed with the role's keys and checked by the stub.
@Suite struct SSOTests {
    /// A home with the profile `sso` and a cached login; returns the home and the cache file.
    func home(legacy: Bool = false, token: [String: Any]) throws -> (URL, String) {
        let root = try TestData.scratch()
        let aws = root.appendingPathComponent(".aws")
        try FileManager.default.createDirectory(at: aws.appendingPathComponent("sso/cache"), withIntermediateDirectories: true)
        let config =
            legacy
            ? """
            [profile sso]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            sso_account_id = 123456789012
            sso_role_name = Reader
            """
            : """
            [profile sso]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = Reader
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            """
        try config.write(to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        // The cache is named by the SHA-1 of the session name (legacy: of the start URL).
        let key = legacy ? "https://corp.awsapps.com/start" : "corp"
        let sha1 = try Self.sha1(key)
        let cache = aws.appendingPathComponent("sso/cache/\(sha1).json").path
        try JSONSerialization.data(withJSONObject: token).write(to: URL(fileURLWithPath: cache))
        return (root, cache)
    }

    /// SHA-1 by another implementation (Python's hashlib), as the AWS CLI names the file.
    static func sha1(_ text: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", text]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    static func iso(_ offset: Double) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date().addingTimeInterval(offset))
    }

    func run(_ root: URL) throws -> (Binary.Result, [[String: Any]]) {
        let id = LocalServer.testID()
        let result = try Binary.run(
            ["--profile", "sso", "-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok"],
            stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"),
            environment: [
                "HOME": root.path, "AWS_ENDPOINT_URL_SSO": LocalServer.stub.url + "/sso",
                "AWS_ENDPOINT_URL_SSO_OIDC": LocalServer.stub.url + "/oidc",
            ])
        for secret in ["sso-access-token", "sso-refreshed-token", "sso-refresh-token", "sso-client-secret", "sso-secret"] {
            #expect(!result.stderr.contains(secret) && !result.stdoutText.contains(secret), "no token or secret printed")
        }
        return (result, try LocalServer.stub.requests(id))
    }

    @Test(arguments: [false, true])
    func aCachedLoginSignsWithTheRolesKeys(legacy: Bool) throws {
        let (root, _) = try home(
            legacy: legacy,
            token: [
                "accessToken": "sso-access-token", "expiresAt": Self.iso(3600), "startUrl": "https://corp.awsapps.com/start",
                "region": "eu-west-1",
            ])
        let (result, seen) = try run(root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(seen.count == 1 && seen[0]["access_key"] as? String == "ASIASSO" && seen[0]["signature_ok"] as? Bool == true)
        #expect(seen[0]["signed_token"] as? Bool == true)
        let portal = try LocalServer.stub.requests("sso").last?["query"] as? [String: String]
        #expect(portal == ["account_id": "123456789012", "role_name": "Reader"])
    }

    @Test func anExpiredSessionLoginIsRenewedAndTheCacheRewritten() throws {
        let (root, cache) = try home(token: [
            "accessToken": "sso-old-token", "expiresAt": Self.iso(-60), "refreshToken": "sso-refresh-token", "clientId": "sso-client",
            "clientSecret": "sso-client-secret", "registrationExpiresAt": Self.iso(86_400), "region": "eu-west-1",
            "startUrl": "https://corp.awsapps.com/start",
        ])
        let (result, seen) = try run(root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(seen.first?["access_key"] as? String == "ASIASSO")
        let rewritten = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cache))) as! [String: Any]
        #expect(
            rewritten["accessToken"] as? String == "sso-refreshed-token" && rewritten["refreshToken"] as? String == "sso-refresh-token-2")
        #expect(rewritten["clientId"] as? String == "sso-client", "the registration is kept")
        let mode = try FileManager.default.attributesOfItem(atPath: cache)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test(arguments: [false, true])
    func anExpiredLoginThatCannotBeRenewedIs78AndSaysToLogIn(legacy: Bool) throws {
        let (root, _) = try home(legacy: legacy, token: ["accessToken": "sso-access-token", "expiresAt": Self.iso(-60)])
        let (result, seen) = try run(root)
        #expect(result.status == 78 && result.stdout.isEmpty && seen.isEmpty)
        #expect(result.stderr.contains("aws sso login --profile sso"), "\(result.stderr)")
    }

    @Test func noCachedLoginIs78() throws {
        let (root, cache) = try home(token: [:])
        try FileManager.default.removeItem(atPath: cache)
        let (result, _) = try run(root)
        #expect(result.status == 78 && result.stderr.contains("aws sso login --profile sso"))
    }
}
