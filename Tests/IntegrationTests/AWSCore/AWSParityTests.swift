import Foundation
import TestSupport
import Testing

@testable import AWSCore
@testable import RekFilter

/// Where botocore (what the AWS CLI runs) decides, rekfilter decides the same (README, Credentials, region, endpoint): the
/// chain's order, profile errors, settings, retry modes, IMDSv1 fallback. On the injected
/// environment; network providers against the local stub.
@Suite struct AWSParityTests {
    func resolve(_ env: AWSEnvironment) throws -> Credentials {
        try CredentialChain.resolve(CredentialChain.standard(env))
    }

    let noIMDS = ["AWS_EC2_METADATA_DISABLED": "true"]
    var sts: [String: String] { noIMDS.merging(["AWS_ENDPOINT_URL_STS": LocalServer.stub.url + "/sts"]) { a, _ in a } }

    @Test func credentialsFileKeysBeatCredentialProcessWhichBeatsConfigFileKeys() throws {
        let process = #"credential_process = printf '{"Version":1,"AccessKeyId":"AKIDPROC","SecretAccessKey":"s"}'"#
        let both = try AWSHome(
            config: "[default]\n\(process)\n", credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n")
        #expect(try resolve(both.environment(noIMDS)).accessKeyId == "AKIDFILE")
        let config = try AWSHome(config: "[default]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s\n\(process)\n")
        #expect(try resolve(config.environment(noIMDS)).accessKeyId == "AKIDPROC")
    }

    /// Shared files that are not regular files, cannot be read, or begin with a BOM: passed
    /// over (a FIFO never blocks), named when credentials are missing, or refused by name.
    @Test func oddSharedFilesAreSaidNotSilent() throws {
        let home = try AWSHome()
        let fifo = home.root.appendingPathComponent("config-fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let started = Date()
        let env = AWSEnvironment(variables: ["HOME": home.root.path, "AWS_CONFIG_FILE": fifo, "AWS_EC2_METADATA_DISABLED": "true"])
        #expect(Date().timeIntervalSince(started) < 2, "a FIFO must not be read")
        #expect(env.fileError == nil)
        // A regular file that cannot be read (as root every mode can be read, so: /proc/self/mem).
        let unreadable = AWSEnvironment(variables: [
            "HOME": home.root.path, "AWS_SHARED_CREDENTIALS_FILE": "/proc/self/mem", "AWS_EC2_METADATA_DISABLED": "true",
        ])
        #expect {
            try resolve(unreadable)
        } throws: { error in
            "\(error)".contains("/proc/self/mem cannot be read: Input/output error")
        }
        let bom = try AWSHome(credentials: "\u{FEFF}[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n")
        #expect(bom.environment().fileError?.contains("byte-order mark (BOM)") == true)
    }

    /// A damaged SSO token cache is said to be damaged, not "no login".
    @Test func aDamagedSSOCacheIsSaid() throws {
        let home = try AWSHome(
            config: "[default]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = r\n"
                + "[sso-session s]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n")
        let cache = home.root.appendingPathComponent(".aws/sso/cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        // The AWS CLI's cache name: the SHA-1 of the session name, "s" (hashlib.sha1(b"s")).
        let name = "a0f1490a20d0211c997b44bc357e1972deab8ae3.json"
        try "{not json".write(to: cache.appendingPathComponent(name), atomically: true, encoding: .utf8)
        #expect {
            try resolve(home.environment(noIMDS))
        } throws: { error in
            "\(error)".contains("is damaged") && "\(error)".contains("aws sso login")
        }
    }

    @Test func theOlderSessionTokenNameIsRead() throws {
        let home = try AWSHome(credentials: "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\naws_security_token = OLD\n")
        #expect(try resolve(home.environment(noIMDS)).sessionToken == "OLD")
    }

    @Test func anExplicitProfileSwitchesOffWebIdentityFromTheEnvironment() throws {
        let home = try AWSHome(credentials: "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n")
        let token = home.root.appendingPathComponent("token").path
        try "the-web-identity-token".write(toFile: token, atomically: true, encoding: .utf8)
        let vars = sts.merging(["AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web"]) { a, _ in a }
        // AWS_PROFILE names the profile, but web identity comes first in the chain.
        #expect(try resolve(home.environment(vars.merging(["AWS_PROFILE": "dev"]) { a, _ in a })).accessKeyId == "ASIAWEBID")
        // --profile switches the environment's web identity off.
        #expect(try resolve(home.environment(vars, profile: "dev")).accessKeyId == "AKIDDEV")
    }

    @Test func sourceProfileAndCredentialSourceTogetherAreAConfigurationError() throws {
        let home = try AWSHome(
            config: """
                [profile both]
                role_arn = arn:aws:iam::123456789012:role/r
                source_profile = base
                credential_source = Environment
                [profile base]
                aws_access_key_id = AKIDSTUB
                aws_secret_access_key = stub-secret
                """)
        #expect {
            try resolve(home.environment(sts, profile: "both"))
        } throws: {
            "\($0)".contains("both source_profile and credential_source")
        }
    }

    @Test func aSourceProfileWithKeysAndItsOwnRoleGivesItsKeys() throws {
        let home = try AWSHome(
            config: """
                [profile top]
                role_arn = arn:aws:iam::123456789012:role/top
                source_profile = middle
                role_session_name = parity-\(UUID().uuidString.prefix(8))
                [profile middle]
                role_arn = arn:aws:iam::123456789012:role/middle
                source_profile = nowhere
                aws_access_key_id = AKIDSTUB
                aws_secret_access_key = stub-secret
                """)
        let session = home.environment(sts, profile: "top").value("role_session_name", profile: "top")
        let found = try resolve(home.environment(sts, profile: "top"))
        #expect(found.accessKeyId == "ASIASTSROLE")
        // One AssumeRole (top's), signed with middle's keys: middle's own role is not assumed.
        let calls = try LocalServer.stub.requests("sts").filter { $0["session"] as? String == session }
        #expect(calls.count == 1 && calls.first?["role"] as? String == "arn:aws:iam::123456789012:role/top")
    }

    @Test func settingsComeFromFlagEnvironmentProfileInThatOrder() throws {
        let home = try AWSHome(
            config: "[default]\nregion = us-west-2\nretry_mode = adaptive\nmax_attempts = 7\nuse_dualstack_endpoint = true\n",
            credentials: "[default]\nregion = eu-north-1\n")
        let env = home.environment()
        // botocore merges the credentials file's section over the config file's.
        #expect(env.region() == "eu-north-1")
        #expect(home.environment(["AWS_DEFAULT_REGION": "ap-south-1"]).region() == "ap-south-1")
        #expect(
            home.environment(["AWS_REGION": "ca-central-1", "AWS_DEFAULT_REGION": "ap-south-1"]).region(flag: "sa-east-1") == "sa-east-1")
        #expect(try env.integer(env: "AWS_MAX_ATTEMPTS", config: "max_attempts") == 7)
        #expect(try home.environment(["AWS_MAX_ATTEMPTS": "2"]).integer(env: "AWS_MAX_ATTEMPTS", config: "max_attempts") == 2)
        #expect(env.endpointVariant() == EndpointVariant(fips: false, dualStack: true))
        #expect(try RetryPolicy.mode(env.setting(env: ["AWS_RETRY_MODE"], config: "retry_mode")) == .adaptive)
        #expect(try RetryPolicy.mode("legacy") == .standard)
        #expect(throws: ServiceError.self) { try RetryPolicy.mode("fast") }
    }

    @Test func aNonNumericMaxAttemptsIsAnErrorNotIgnored() throws {
        let home = try AWSHome(config: "[default]\nmax_attempts = three\nregion = eu-west-1\n")
        #expect {
            try ServiceSession(
                service: ServiceConfiguration(), variables: home.environment().variables, diagnostics: CollectedDiagnostics())
        } throws: {
            "\($0)".contains("max_attempts") && "\($0)".contains("three")
        }
    }

    @Test func instanceMetadataFallsBackToIMDSv1UnlessDisabled() throws {
        let vars = ["AWS_EC2_METADATA_SERVICE_ENDPOINT": LocalServer.stub.url + "/imdsv1"]
        let found = try resolve(try AWSHome().environment(vars))
        #expect(found.accessKeyId == "ASIAIMDS" && found.sessionToken == "imds-token")
        let disabled = try AWSHome().environment(vars.merging(["AWS_EC2_METADATA_V1_DISABLED": "true"]) { a, _ in a })
        #expect {
            try resolve(disabled)
        } throws: {
            "\($0)".contains("IMDSv1 is disabled")
        }
    }

    @Test func instanceMetadataInIPv6ModeUsesItsAddress() throws {
        let env = try AWSHome().environment(["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"])
        #expect(InstanceMetadataCredentials(env: env, http: HTTPSettings()).base == "http://[fd00:ec2::254]")
        #expect(InstanceMetadataCredentials(env: try AWSHome().environment(), http: HTTPSettings()).base == "http://169.254.169.254")
    }

    @Test func stsFollowsTheRegionFlagAndTheVariant() throws {
        var env = try AWSHome(config: "[default]\nregion = eu-west-1\n").environment()
        env.regionFlag = "us-gov-west-1"
        env.variantFlags = EndpointVariant(fips: true)
        #expect(STSClient(env: env, profile: "default", http: HTTPSettings()).endpoint == "https://sts.us-gov-west-1.amazonaws.com")
        env.variantFlags = EndpointVariant(dualStack: true)
        env.regionFlag = "cn-north-1"
        #expect(
            STSClient(env: env, profile: "default", http: HTTPSettings()).endpoint == "https://sts.cn-north-1.api.amazonwebservices.com.cn")
        let ignored = try AWSHome().environment([
            "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ])
        #expect(STSClient(env: ignored, profile: "default", http: HTTPSettings()).endpoint == "https://sts.us-east-1.amazonaws.com")
    }

    /// The adaptive mode's rate limiter against a stub that throttles beyond 20 calls a second:
    /// 60 calls in a row, none fails (default attempts), and the limiter settles under the rate.
    @Test func adaptiveModeKeepsUnderTheServicesRate() throws {
        let id = LocalServer.testID()
        let retry = RetryPolicy(maxAttempts: 3, mode: .adaptive)
        let client = try RekognitionClient(
            endpoint: Endpoint(url: "\(LocalServer.stub.url)/\(id)/rate=20", region: "eu-west-1"),
            credentials: CredentialCache(chain: [StaticProvider()]), retry: retry, http: HTTPClient())
        let arn = StubEnvironment.model
        var failures = 0
        for _ in 0..<60 {
            do { _ = try client.send(DetectCustomLabels(modelARN: arn, image: .bytes([1, 2, 3]))) } catch { failures += 1 }
        }
        let seen = try LocalServer.stub.requests(id)
        let throttled = seen.filter { $0["throttled"] as? Bool == true }.count
        #expect(failures == 0)
        #expect(throttled < 15, "\(throttled) throttled answers of \(seen.count)")
        #expect((retry.rateLimiter?.rate ?? 99) <= 25)
    }
}

/// The stub's known keys, for in-process clients.
struct StaticProvider: CredentialProvider {
    var name: String { "test keys" }
    func load() throws(CredentialError) -> Credentials? {
        Credentials(accessKeyId: StubEnvironment.accessKey, secretAccessKey: StubEnvironment.secretKey, source: name)
    }
}
