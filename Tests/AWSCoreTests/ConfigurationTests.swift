import Foundation
import TestSupport
import Testing

@testable import AWSCore

@Suite struct AWSConfigFileTests {
    @Test func parsesSectionsCommentsAndNestingAsBotocore() throws {
        let file = try AWSConfigFile.parse(
            """
            # comment
            [default]
            region = eu-west-1 ; not a comment: botocore keeps it
            output=json
            Key: colon

            [profile  dev ]
            role_arn = arn:aws:iam::123456789012:role/dev
            source_profile = default
            services = local
            ; another comment
            [services local]
            rekognition =
              endpoint_url = http://localhost:4566
            s3 =
              endpoint_url = http://localhost:9000
            [profile "with space"]
            region = us-east-2
            """)
        #expect(file.sections["default"]?["region"] == "eu-west-1 ; not a comment: botocore keeps it")
        #expect(file.sections["default"]?["output"] == "json")
        #expect(file.sections["default"]?["key"] == "colon")
        let profiles = file.named("profile")
        #expect(profiles["dev"]?["source_profile"] == "default")
        #expect(profiles["with space"]?["region"] == "us-east-2")
        #expect(file.named("services")["local"]?["rekognition.endpoint_url"] == "http://localhost:4566")
        #expect(file.named("services")["local"]?["s3.endpoint_url"] == "http://localhost:9000")
    }

    @Test(arguments: [
        ("[default]\nkey = a\nkey = b\n", 3, "appears twice"),
        ("[default]\nregion = a\n[default]\n", 3, "appears twice"),
        ("region = a\n[default]\n", 1, "before any [section]"),
        ("[default]\n[broken\nkey = x\n", 2, "neither"),
        ("[default]\n= value\n", 2, "without a key"),
    ])
    func filesBotocoreRefusesAreRefusedWithTheLine(text: String, line: Int, says: String) {
        #expect {
            try AWSConfigFile.parse(text)
        } throws: {
            ($0 as? AWSConfigFile.ParseError)?.line == line && "\($0)".contains(says)
        }
    }

    @Test func credentialsFileWinsOverConfigForKeys() throws {
        let home = try AWSHome(
            config: "[profile dev]\naws_access_key_id = FROMCONFIG\nregion = us-west-2\n",
            credentials: "[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s\n")
        let env = home.environment(profile: "dev")
        #expect(env.value("aws_access_key_id") == "FROMCREDS")
        #expect(env.value("region") == "us-west-2")
    }

    @Test func filesComeFromTheirVariables() throws {
        let home = try AWSHome()
        let other = try AWSHome(config: "[default]\nregion = ap-south-1\n")
        let env = home.environment(["AWS_CONFIG_FILE": other.root.appendingPathComponent(".aws/config").path])
        #expect(env.value("region") == "ap-south-1")
    }
}

@Suite struct EndpointTests {
    let arn = "arn:aws:rekognition:eu-central-1:123456789012:project/p/version/v/1"

    @Test func regionPrecedence() throws {
        let home = try AWSHome(config: "[default]\nregion = us-west-2\n")
        func region(_ flag: String?, _ vars: [String: String]) throws -> String {
            try Endpoint.resolve(
                service: "rekognition", region: flag, endpointURL: nil, fallbackRegion: "eu-central-1", env: home.environment(vars)
            ).region
        }
        #expect(try region("ca-central-1", ["AWS_REGION": "us-east-2"]) == "ca-central-1")
        #expect(try region(nil, ["AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "sa-east-1"]) == "us-east-2")
        #expect(try region(nil, ["AWS_DEFAULT_REGION": "sa-east-1"]) == "sa-east-1")
        #expect(try region(nil, [:]) == "us-west-2")
        let empty = try AWSHome()
        #expect(
            try Endpoint.resolve(
                service: "rekognition", region: nil, endpointURL: nil, fallbackRegion: "eu-central-1", env: empty.environment()
            ).region
                == "eu-central-1")
    }

    /// The region is signed into every request: it is checked with an endpoint URL too (a CR/LF
    /// would have been a header line of its own), and a malformed URL is a configuration error
    /// however it is malformed.
    @Test func regionAndEndpointURLAreCheckedAlways() throws {
        let env = try AWSHome().environment()
        #expect(throws: ServiceError.self) {
            try Endpoint.resolve(service: "rekognition", region: "eu-west-1\r\nX-Evil: 1", endpointURL: "http://127.0.0.1:9", env: env)
        }
        for url in ["http://[::1", "http://[::1]x", "http://[zz]:80", "http://[::1]:99999", "ftp://x", "http://a b", "http://"] {
            #expect(URLParts(url) == nil, "\(url)")
            #expect(throws: ServiceError.self) {
                try Endpoint.resolve(service: "rekognition", region: "eu-west-1", endpointURL: url, env: env)
            }
        }
        #expect(URLParts("http://[::1]:4566")?.port == 4566)
        #expect(URLParts("http://[::1]")?.host == "[::1]")
    }

    /// S3 and IAM Identity Center endpoints are built in the same place as every other, in the
    /// region's partition, with S3's own FIPS and dual-stack names.
    @Test func s3AndSSOEndpoints() {
        #expect(Endpoint.s3(bucket: "b", region: "eu-west-1", variant: EndpointVariant()) == "https://b.s3.eu-west-1.amazonaws.com")
        #expect(
            Endpoint.s3(bucket: "b", region: "us-east-1", variant: EndpointVariant(fips: true, dualStack: true))
                == "https://b.s3-fips.dualstack.us-east-1.amazonaws.com")
        #expect(Endpoint.s3(bucket: "b", region: "cn-north-1", variant: EndpointVariant()) == "https://b.s3.cn-north-1.amazonaws.com.cn")
        #expect(Endpoint.sso("portal.sso", region: "eu-west-1") == "https://portal.sso.eu-west-1.amazonaws.com")
        #expect(Endpoint.sso("oidc", region: "us-gov-west-1") == "https://oidc.us-gov-west-1.amazonaws.com")
    }

    @Test func regionalFIPSAndChinaEndpoints() throws {
        let env = try AWSHome().environment()
        #expect(
            try Endpoint.resolve(service: "rekognition", region: "us-east-1", endpointURL: nil, env: env).url
                == "https://rekognition.us-east-1.amazonaws.com")
        #expect(
            try Endpoint.resolve(
                service: "rekognition", region: "us-east-1", endpointURL: nil, variant: EndpointVariant(fips: true), env: env
            ).url
                == "https://rekognition-fips.us-east-1.amazonaws.com")
        #expect(
            try Endpoint.resolve(service: "rekognition", region: "cn-north-1", endpointURL: nil, env: env).url
                == "https://rekognition.cn-north-1.amazonaws.com.cn")
        let fipsEnv = try AWSHome().environment(["AWS_USE_FIPS_ENDPOINT": "true"])
        #expect(
            try Endpoint.resolve(service: "rekognition", region: "us-west-2", endpointURL: nil, env: fipsEnv).url
                == "https://rekognition-fips.us-west-2.amazonaws.com")
    }

    @Test func endpointURLPrecedence() throws {
        let home = try AWSHome(
            config: """
                [default]
                services = local
                endpoint_url = http://profile:1
                [services local]
                rekognition =
                  endpoint_url = http://services:2
                """)
        func url(_ flag: String?, _ vars: [String: String]) throws -> String {
            try Endpoint.resolve(service: "rekognition", region: "us-east-1", endpointURL: flag, env: home.environment(vars)).url
        }
        #expect(try url("http://flag:0", ["AWS_ENDPOINT_URL_REKOGNITION": "http://svc:3"]) == "http://flag:0")
        #expect(try url(nil, ["AWS_ENDPOINT_URL_REKOGNITION": "http://svc:3", "AWS_ENDPOINT_URL": "http://all:4"]) == "http://svc:3")
        #expect(try url(nil, ["AWS_ENDPOINT_URL": "http://all:4"]) == "http://all:4")
        #expect(try url(nil, [:]) == "http://services:2")
        #expect(try url(nil, ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) == "https://rekognition.us-east-1.amazonaws.com")
        let plain = try AWSHome(config: "[default]\nendpoint_url = http://profile:1\n")
        #expect(
            try Endpoint.resolve(service: "rekognition", region: "us-east-1", endpointURL: nil, env: plain.environment()).url
                == "http://profile:1")
    }

    @Test func urlParts() {
        let u = URLParts("http://127.0.0.1:8080/a/b?x=1")!
        #expect(u.host == "127.0.0.1" && u.port == 8080 && u.path == "/a/b" && u.query == "x=1" && u.hostHeader == "127.0.0.1:8080")
        #expect(URLParts("https://rekognition.us-east-1.amazonaws.com:443")!.hostHeader == "rekognition.us-east-1.amazonaws.com")
        #expect(URLParts("https://[::1]:9000/")!.host == "[::1]")
        #expect(URLParts("ftp://x") == nil)
        #expect(URLParts("http://host:notaport/") == nil)
    }
}
