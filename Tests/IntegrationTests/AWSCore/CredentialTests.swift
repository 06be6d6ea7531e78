import Foundation
import TestSupport
import Testing

@testable import AWSCore
@testable import Basics
@testable import RekFilter

/// The chain (README, Credentials, region, endpoint), each network provider against the local stub at its overridable endpoint.
@Suite struct CredentialTests {
    func resolve(_ env: AWSEnvironment) throws -> Credentials {
        try CredentialChain.resolve(CredentialChain.standard(env))
    }

    let noIMDS = ["AWS_EC2_METADATA_DISABLED": "true"]

    @Test func environmentVariables() throws {
        let env = try AWSHome().environment(
            noIMDS.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"]) { a, _ in a })
        let c = try resolve(env)
        #expect(c.accessKeyId == "AKIDENV" && c.sessionToken == "t" && c.source == "environment")
    }

    @Test func halfSetEnvironmentIsAnError() throws {
        let env = try AWSHome().environment(noIMDS.merging(["AWS_ACCESS_KEY_ID": "AKIDENV"]) { a, _ in a })
        #expect(throws: CredentialError.self) { try resolve(env) }
    }

    @Test func environmentBeatsTheDefaultProfileButNotAnExplicitOne() throws {
        let home = try AWSHome(
            credentials:
                "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\naws_session_token = devtoken\n"
        )
        let vars = noIMDS.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"]) { a, _ in a }
        #expect(try resolve(home.environment(vars)).accessKeyId == "AKIDENV")
        let dev = try resolve(home.environment(vars, profile: "dev"))
        #expect(dev.accessKeyId == "AKIDDEV" && dev.sessionToken == "devtoken" && dev.source == "profile dev")
        #expect(try resolve(home.environment(noIMDS)).accessKeyId == "AKIDDEFAULT")
        #expect(try resolve(home.environment(noIMDS.merging(["AWS_PROFILE": "dev"]) { a, _ in a })).accessKeyId == "AKIDDEV")
    }

    @Test func configFileProfilesUseTheProfilePrefix() throws {
        let home = try AWSHome(
            config:
                "[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s\n[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s\n"
        )
        #expect(try resolve(home.environment(noIMDS, profile: "cfg")).accessKeyId == "AKIDCFG")
        #expect(try resolve(home.environment(noIMDS)).accessKeyId == "AKIDDEF")
    }

    @Test func missingExplicitProfileIsAnError() throws {
        let home = try AWSHome()
        #expect(throws: CredentialError.self) { try resolve(home.environment(noIMDS, profile: "nope")) }
    }

    @Test func nothingAnywhereNamesWhereItLooked() throws {
        do {
            _ = try resolve(try AWSHome().environment(noIMDS))
            Issue.record("found credentials")
        } catch let error as CredentialError {
            guard case .none(let searched) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(searched.contains("environment") && searched.contains("profile default"))
        }
    }

    @Test func credentialProcess() throws {
        let home = try AWSHome()
        let script = home.root.appendingPathComponent("creds.sh")
        try """
        #!/bin/sh
        echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2099-01-01T00:00:00Z"}'
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try "[default]\ncredential_process = \(script.path) --profile x\n".write(
            to: home.root.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let c = try resolve(home.environment(noIMDS))
        #expect(c.accessKeyId == "AKIDPROC" && c.sessionToken == "proctoken")
        #expect(c.expiration == WallClock.parseISO8601("2099-01-01T00:00:00Z"))
    }

    @Test func failingCredentialProcessIsAnError() throws {
        let home = try AWSHome(config: "[default]\ncredential_process = sh -c 'exit 3'\n")
        do {
            _ = try resolve(home.environment(noIMDS))
            Issue.record("resolved")
        } catch let error as CredentialError {
            #expect("\(error)".contains("status 3"))
        }
        let wrongVersion = try AWSHome(
            config: "[default]\ncredential_process = echo '{\"Version\": 2, \"AccessKeyId\": \"a\", \"SecretAccessKey\": \"b\"}'\n")
        #expect(throws: CredentialError.self) { try resolve(wrongVersion.environment(noIMDS)) }
    }

    @Test func assumeRoleWithSourceProfileSignsWithTheSourceKeys() throws {
        let stub = LocalServer.stub
        let home = try AWSHome(
            config:
                "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\nexternal_id = ext-1\nrole_session_name = my-session\n",
            credentials: "[base]\naws_access_key_id = AKIDSTUB\naws_secret_access_key = stub-secret\n")
        let c = try resolve(home.environment(noIMDS.merging(["AWS_ENDPOINT_URL_STS": stub.url + "/sts"]) { a, _ in a }, profile: "role"))
        #expect(c.accessKeyId == "ASIASTSROLE" && c.sessionToken == "sts-token")
        #expect(c.expiration! > WallClock.now() + 3000)
        let calls = try stub.requests("sts")
        #expect(calls.contains { $0["session"] as? String == "my-session" && $0["external_id"] as? String == "ext-1" })
    }

    @Test func assumeRoleWithBadSourceKeysFailsClearly() throws {
        let stub = LocalServer.stub
        let home = try AWSHome(
            config: "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n",
            credentials: "[base]\naws_access_key_id = AKIDSTUB\naws_secret_access_key = wrong\n")
        do {
            _ = try resolve(home.environment(noIMDS.merging(["AWS_ENDPOINT_URL_STS": stub.url + "/sts"]) { a, _ in a }, profile: "role"))
            Issue.record("resolved")
        } catch let error as CredentialError {
            #expect("\(error)".contains("SignatureDoesNotMatch"))
            #expect(!"\(error)".contains("wrong"))
        }
    }

    @Test func sourceProfileLoopIsDetected() throws {
        let home = try AWSHome(
            config:
                "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
        )
        do {
            _ = try resolve(home.environment(noIMDS.merging(["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9"]) { a, _ in a }, profile: "a"))
            Issue.record("resolved")
        } catch let error as CredentialError {
            #expect("\(error)".contains("loop"))
        }
    }

    @Test func webIdentityFromEnvironment() throws {
        let home = try AWSHome()
        let token = home.root.appendingPathComponent("token")
        try "the-web-identity-token\n".write(to: token, atomically: true, encoding: .utf8)
        let c = try resolve(
            home.environment(
                noIMDS.merging([
                    "AWS_WEB_IDENTITY_TOKEN_FILE": token.path, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
                    "AWS_ENDPOINT_URL_STS": LocalServer.stub.url + "/sts",
                ]) { a, _ in a }))
        #expect(c.accessKeyId == "ASIAWEBID" && c.sessionToken == "webid-token" && c.source == "web identity")
    }

    @Test func webIdentityFromProfile() throws {
        let home = try AWSHome()
        let token = home.root.appendingPathComponent("token")
        try "the-web-identity-token".write(to: token, atomically: true, encoding: .utf8)
        try "[default]\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = \(token.path)\n"
            .write(to: home.root.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let c = try resolve(home.environment(noIMDS.merging(["AWS_ENDPOINT_URL_STS": LocalServer.stub.url + "/sts"]) { a, _ in a }))
        #expect(c.accessKeyId == "ASIAWEBID")
    }

    @Test func containerCredentialsWithTokenFile() throws {
        let home = try AWSHome()
        let tokenFile = home.root.appendingPathComponent("auth")
        try "container-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let c = try resolve(
            home.environment(
                noIMDS.merging([
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": LocalServer.stub.url + "/container/creds",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
                ]) { a, _ in a }))
        #expect(c.accessKeyId == "ASIACONTAINER" && c.sessionToken == "container-session-token")
        #expect(c.expiration != nil)
    }

    @Test func containerFullURIMustBeLocalOrHTTPS() {
        #expect(ContainerCredentials.isAllowed("http://127.0.0.1:80/x"))
        #expect(ContainerCredentials.isAllowed("http://169.254.170.23/v1/credentials"))
        #expect(ContainerCredentials.isAllowed("https://example.com/creds"))
        #expect(!ContainerCredentials.isAllowed("http://example.com/creds"))
        // botocore's rule: IP literals that are loopback, the ECS/EKS addresses, and localhost.
        for allowed in [
            "http://127.1.2.3/c", "http://[::1]:8080/c", "http://169.254.170.2/v2/x", "http://[fd00:ec2::23]/c",
            "http://localhost:9/c", "http://[fd00:ec2:0::23]/c",
        ] {
            #expect(ContainerCredentials.isAllowed(allowed), "\(allowed)")
        }
        // Names are names, whatever they look like; shorthand addresses are not literals.
        for refused in [
            "http://127.example.com/creds", "http://127.0.0.1.nip.io/c", "http://169.254.170.2.evil.com/c",
            "http://127.1/c", "http://0177.0.0.1/c", "http://[::2]/c", "http://169.254.170.3/c", "http://localhost.evil.com/c",
        ] {
            #expect(!ContainerCredentials.isAllowed(refused), "\(refused)")
        }
    }

    @Test func loopbackIsAnAddressNotAPrefix() {
        #expect(URLParts("http://127.0.0.1:5000")!.isLoopback)
        #expect(URLParts("http://[::1]/")!.isLoopback)
        #expect(URLParts("http://LOCALHOST/")!.isLoopback)
        #expect(!URLParts("http://127.example.com/")!.isLoopback)
        #expect(!URLParts("http://10.0.0.1/")!.isLoopback)
    }

    @Test func instanceMetadataV2() throws {
        let home = try AWSHome()
        let c = try resolve(home.environment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": LocalServer.stub.url + "/imds/"]))
        #expect(c.accessKeyId == "ASIAIMDS" && c.sessionToken == "imds-token" && c.source == "EC2 instance metadata")
    }

    @Test func instanceMetadataAbsentMeansNotConfigured() throws {
        // Nothing listens on port 9 of loopback: connection refused, so the chain goes on to "none".
        let env = try AWSHome().environment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"])
        #expect(
            throws: CredentialError.none(searched: ["environment", "profile default", "web identity", "container", "EC2 instance metadata"])
        ) {
            try resolve(env)
        }
    }

    /// Temporary credentials are reused until the refresh window, then fetched anew.
    @Test func cacheRefreshesBeforeExpiry() throws {
        final class Counting: CredentialProvider, @unchecked Sendable {
            var calls = 0
            let name = "counting"
            let now: Double
            init(now: Double) { self.now = now }
            func load() throws(CredentialError) -> Credentials? {
                calls += 1
                return Credentials(
                    accessKeyId: "ASIA\(calls)", secretAccessKey: "s", sessionToken: "t", expiration: now + 600, source: name)
            }
        }
        final class Clock: @unchecked Sendable { var t = 1_000_000.0 }
        let clock = Clock()
        let provider = Counting(now: clock.t)
        let cache = CredentialCache(chain: [provider], refreshWindow: 300, now: { clock.t })
        #expect(try cache.credentials().accessKeyId == "ASIA1")
        clock.t += 200
        #expect(try cache.credentials().accessKeyId == "ASIA1")
        clock.t += 150  // 250 s left: inside the window
        #expect(try cache.credentials().accessKeyId == "ASIA2")
        #expect(provider.calls == 2)
    }

    @Test func descriptionNeverShowsTheSecret() {
        let c = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "topsecret", sessionToken: "tokentoken", source: "environment")
        #expect(!"\(c)".contains("topsecret") && !"\(c)".contains("tokentoken") && !"\(c)".contains("AKIDEXAMPLE"))
    }
}
