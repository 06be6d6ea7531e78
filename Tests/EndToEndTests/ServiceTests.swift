import Foundation
import TestSupport
import Testing

/// The built binary against the stub: exit codes for every kind of answer (README, Exit status), retries,
/// signatures, and never a secret on stdout or stderr.
@Suite struct ServiceTests {
    let image = TestData.path("exif-orientation/Landscape_1.jpg")

    func run(_ scenario: String, _ extra: [String] = [], env: [String: String] = [:], id: String = LocalServer.testID()) throws -> (
        Binary.Result, [[String: Any]]
    ) {
        let result = try Binary.run(
            ["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "\(LocalServer.stub.url)/\(id)/\(scenario)", "-v"] + extra,
            stdinPath: image, environment: StubEnvironment.keys.merging(env) { _, b in b })
        // The secret and any signature must never be printed, whatever happened.
        #expect(!result.stderr.contains(StubEnvironment.secretKey) && !result.stdoutText.contains(StubEnvironment.secretKey))
        #expect(!result.stderr.contains("Signature="))
        return (result, try LocalServer.stub.requests(id))
    }

    @Test func successPrintsTheDetectionsAsJSON() throws {
        let (result, seen) = try run("ok")
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect((object["CustomLabels"] as! [[String: Any]])[0]["Name"] as? String == "widget")
        #expect(object["Image"] as! [String: Int] == ["Width": 1800, "Height": 1200])
        #expect(seen.count == 1 && seen[0]["signature_ok"] as? Bool == true)
        #expect(seen[0]["ImageBytes"] as? Int == (try TestData.bytes("exif-orientation/Landscape_1.jpg")).count)
        #expect(result.stderr.contains("attempt 1/3: HTTP 200"))
        #expect(result.stderr.contains("request id stub-"))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var scenario: String
        var status: Int32
        var attempts: Int
        var mentions: String
        var testDescription: String { scenario }
    }

    @Test(arguments: [
        Case(scenario: "fail=ThrottlingException:400:2", status: 0, attempts: 3, mentions: "HTTP 200"),
        Case(scenario: "fail=ThrottlingException:500:9", status: 75, attempts: 3, mentions: "throttled"),
        Case(scenario: "fail=ProvisionedThroughputExceededException:400:9", status: 75, attempts: 3, mentions: "capacity"),
        Case(scenario: "fail=LimitExceededException:400:9", status: 75, attempts: 3, mentions: "LimitExceeded"),
        Case(scenario: "fail=InternalServerError:500:9", status: 75, attempts: 3, mentions: "internal"),
        Case(scenario: "status=503:9", status: 75, attempts: 3, mentions: "503"),
        Case(scenario: "status=502:2", status: 0, attempts: 3, mentions: "HTTP 200"),
        Case(scenario: "drop=9", status: 75, attempts: 3, mentions: "connection"),
        Case(scenario: "fail=AccessDeniedException:400:9", status: 77, attempts: 1, mentions: "access denied"),
        Case(scenario: "fail=UnrecognizedClientException:400:9", status: 77, attempts: 1, mentions: "not recognized"),
        Case(scenario: "fail=ExpiredTokenException:400:9", status: 77, attempts: 1, mentions: "expired"),
        Case(scenario: "fail=ResourceNotFoundException:400:9", status: 69, attempts: 1, mentions: "not found"),
        Case(scenario: "fail=ResourceNotReadyException:400:9", status: 69, attempts: 1, mentions: "not running"),
        Case(scenario: "fail=InvalidImageFormatException:400:9", status: 65, attempts: 1, mentions: "image format"),
        Case(scenario: "fail=InvalidParameterException:400:9", status: 65, attempts: 1, mentions: "parameter"),
        Case(scenario: "fail=InvalidS3ObjectException:400:9", status: 66, attempts: 1, mentions: "S3"),
        Case(scenario: "garbage", status: 69, attempts: 1, mentions: "unexpected answer"),
    ])
    func answerBecomesItsExitCode(_ c: Case) throws {
        let (result, seen) = try run(c.scenario)
        #expect(result.status == c.status, "\(result.stderr)")
        #expect(seen.count == c.attempts)
        #expect(result.stderr.contains(c.mentions), "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("rekfilter: ") })
        if c.status != 0 { #expect(result.stdout.isEmpty) }
    }

    @Test func imageTooLargeShrinksOnceAndRetries() throws {
        let (ok, seen) = try run("fail=ImageTooLargeException:400:1")
        #expect(ok.status == 0)
        #expect(seen.count == 2)
        let first = seen[0]["ImageBytes"] as! Int
        let second = seen[1]["ImageBytes"] as! Int
        #expect(second <= first * 3 / 4)
        let (refused, twice) = try run("fail=ImageTooLargeException:400:9")
        #expect(refused.status == 65)
        #expect(twice.count == 2)
    }

    @Test func maxAttemptsFromFlagAndEnvironment() throws {
        let (flag, seenFlag) = try run("fail=ThrottlingException:400:9", ["--max-attempts", "5"])
        #expect(flag.status == 75 && seenFlag.count == 5)
        let (env, seenEnv) = try run("fail=ThrottlingException:400:9", env: ["AWS_MAX_ATTEMPTS": "1"])
        #expect(env.status == 75 && seenEnv.count == 1)
    }

    @Test func slowAnswerTimesOutAsTemporary() throws {
        let (result, seen) = try run("slow=3000", ["--timeout", "0.5", "--max-attempts", "2"])
        #expect(result.status == 75)
        #expect(seen.count == 2)
        #expect(result.stderr.contains("timed out"))
    }

    @Test func wrongSecretIsNotPermitted() throws {
        let (result, _) = try run("ok", env: ["AWS_SECRET_ACCESS_KEY": "wrong-secret-value"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("signature"))
        #expect(!result.stderr.contains("wrong-secret-value"))
    }

    @Test func temporaryCredentialsSendAndSignTheToken() throws {
        let id = LocalServer.testID()
        let (result, seen) = try run(
            "ok", env: ["AWS_ACCESS_KEY_ID": "ASIASTSROLE", "AWS_SECRET_ACCESS_KEY": "sts-secret", "AWS_SESSION_TOKEN": "sts-token"], id: id
        )
        #expect(result.status == 0)
        #expect(seen[0]["signed_token"] as? Bool == true && seen[0]["signature_ok"] as? Bool == true)
        #expect(!result.stderr.contains("sts-token"))
    }

    @Test func noCredentialsIsAConfigurationError() throws {
        let result = try Binary.run(["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", LocalServer.stub.url], stdinPath: image)
        #expect(result.status == 78)
        #expect(result.stderr.contains("no AWS credentials"))
    }

    @Test func unreachableHostsAreUnavailable() throws {
        // Port 9 on loopback: nothing listens, the connection is refused.
        let refused = try Binary.run(
            ["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "http://127.0.0.1:9", "--max-attempts", "2"],
            stdinPath: image, environment: StubEnvironment.keys)
        #expect(refused.status == 69)
        #expect(refused.stderr.contains("cannot connect"))
        let dns = try Binary.run(
            ["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "http://no-such-host.invalid", "--max-attempts", "1"],
            stdinPath: image, environment: StubEnvironment.keys)
        #expect(dns.status == 69)
        #expect(dns.stderr.contains("resolve"))
    }

    /// Proxy variables are honoured in both spellings, and NO_PROXY exempts hosts: a proxy on a
    /// dead port breaks the call; exempting the endpoint from it lets the call through.
    @Test(arguments: ["HTTP_PROXY", "http_proxy"])
    func proxyVariablesAreHonoured(_ variable: String) throws {
        let (proxied, seen) = try run("ok", ["--max-attempts", "1"], env: [variable: "http://127.0.0.1:9"])
        #expect(proxied.status == 69 && seen.isEmpty)
        let (exempt, seenExempt) = try run("ok", env: [variable: "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1"])
        #expect(exempt.status == 0 && seenExempt.count == 1)
    }

    @Test func malformedARNIsAUsageErrorBeforeAnyCall() throws {
        let result = try Binary.run(
            ["-m", "arn:aws:rekognition:us-east-1:1:project/x", "-f", "json"], stdinPath: image, environment: StubEnvironment.keys)
        #expect(result.status == 64)
        #expect(result.stderr.contains("malformed model ARN"))
    }

    @Test func modelFromTheEnvironment() throws {
        let id = LocalServer.testID()
        let result = try Binary.run(
            ["-f", "json", "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok"], stdinPath: image,
            environment: StubEnvironment.keys.merging(["REKFILTER_MODEL": StubEnvironment.model]) { a, _ in a })
        #expect(result.status == 0)
        #expect(try LocalServer.stub.requests(id).first?["ProjectVersionArn"] as? String == StubEnvironment.model)
    }

    @Test func minConfidenceAndMaxResultsAreSent() throws {
        let (result, seen) = try run("ok", ["--min-confidence", "80", "--max-results", "3"])
        #expect(result.status == 0)
        #expect(seen[0]["MinConfidence"] as? Int == 80 && seen[0]["MaxResults"] as? Int == 3)
    }

    @Test func labelsFilterAndExitStatus() throws {
        let (kept, _) = try run("ok", ["--labels", "widget", "-e"])
        #expect(kept.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(kept.stdout)) as! [String: Any]
        #expect((object["CustomLabels"] as! [Any]).count == 1)
        let (none, _) = try run("ok", ["--labels", "gadget", "-e"])
        #expect(none.status == 1)
        let empty = try JSONSerialization.jsonObject(with: Data(none.stdout)) as! [String: Any]
        #expect((empty["CustomLabels"] as! [Any]).isEmpty)
    }

    @Test func regionAndSigningScopeFollowTheARN() throws {
        let (_, seen) = try run("ok")
        #expect((seen[0]["scope"] as? String)?.contains("/eu-west-1/rekognition/") == true)
        let (_, flagged) = try run("ok", ["--region", "ap-northeast-1"])
        #expect((flagged[0]["scope"] as? String)?.contains("/ap-northeast-1/rekognition/") == true)
    }

    @Test func profileWithAssumeRoleEndToEnd() throws {
        let home = try TestData.scratch()
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try "[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/ci\nsource_profile = base\n"
            .write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        try "[base]\naws_access_key_id = AKIDSTUB\naws_secret_access_key = stub-secret\n"
            .write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        let id = LocalServer.testID()
        let result = try Binary.run(
            ["-m", StubEnvironment.model, "-f", "json", "--profile", "ci", "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok"],
            stdinPath: image, environment: ["HOME": home.path, "AWS_ENDPOINT_URL_STS": LocalServer.stub.url + "/sts"])
        #expect(result.status == 0, "\(result.stderr)")
        let seen = try LocalServer.stub.requests(id)
        #expect(seen[0]["access_key"] as? String == "ASIASTSROLE" && seen[0]["signature_ok"] as? Bool == true)
    }
}
