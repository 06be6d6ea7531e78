/// EC2 instance metadata as botocore reads it: IMDSv2 (PUT a session token, then GET the
/// role's credentials), falling back to IMDSv1 (no token) when the token request is refused
/// with 403, 404 or 405 — unless AWS_EC2_METADATA_V1_DISABLED / `ec2_metadata_v1_disabled`.
/// AWS_EC2_METADATA_SERVICE_ENDPOINT moves it; `..._ENDPOINT_MODE=IPv6` uses [fd00:ec2::254];
/// AWS_METADATA_SERVICE_TIMEOUT and `_NUM_ATTEMPTS` as in botocore; AWS_EC2_METADATA_DISABLED=true
/// turns it off. Not being on EC2 (nothing answers) means "not configured", not an error.
public struct InstanceMetadataCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var http: HTTPSettings
    public var name: String { "EC2 instance metadata" }

    /// The metadata service's address.
    var base: String {
        var base =
            env.setting(env: ["AWS_EC2_METADATA_SERVICE_ENDPOINT"], config: "ec2_metadata_service_endpoint")
            ?? (env.setting(env: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"], config: "ec2_metadata_service_endpoint_mode")?
                .lowercased() == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254")
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    public func load() throws(CredentialError) -> Credentials? {
        if env.env("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" { return nil }
        var settings = http
        settings.connectTimeout =
            env.setting(env: ["AWS_METADATA_SERVICE_TIMEOUT"], config: "metadata_service_timeout").flatMap { Double($0) } ?? 1
        settings.timeout = settings.connectTimeout * 2
        let attempts = max(
            1, env.setting(env: ["AWS_METADATA_SERVICE_NUM_ATTEMPTS"], config: "metadata_service_num_attempts").flatMap { Int($0) } ?? 1)
        let client = HTTPClient(settings: settings)
        /// A request, tried up to `attempts` times while nothing answers or the answer is 5xx.
        func send(_ request: HTTPRequest) -> HTTPResponse? {
            for _ in 0..<attempts {
                if let response = try? client.send(request), response.status < 500 { return response }
            }
            return nil
        }

        guard
            let tokenResponse = send(
                HTTPRequest(method: "PUT", url: base + "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]))
        else { return nil }  // no metadata service here
        var headers: [(name: String, value: String)] = []
        switch tokenResponse.status {
        case 200:
            headers = [("X-aws-ec2-metadata-token", String(decoding: tokenResponse.body, as: UTF8.self))]
        case 403, 404, 405:
            guard !env.isEnabled(env: "AWS_EC2_METADATA_V1_DISABLED", config: "ec2_metadata_v1_disabled") else {
                throw .provider(name, detail: "IMDS refused a session token (HTTP \(tokenResponse.status)) and IMDSv1 is disabled")
            }
        default:
            return nil
        }
        let path = base + "/latest/meta-data/iam/security-credentials/"
        guard let roles = send(HTTPRequest(method: "GET", url: path, headers: headers)) else {
            throw .provider(name, detail: "no answer for the instance's role")
        }
        guard roles.status == 200, let role = String(decoding: roles.body, as: UTF8.self).split(separator: "\n").first.map(String.init)
        else {
            throw .provider(name, detail: "the instance has no IAM role (HTTP \(roles.status))")
        }
        guard let document = send(HTTPRequest(method: "GET", url: path + role, headers: headers)), document.status == 200 else {
            throw .provider(name, detail: "no credentials for role \(role)")
        }
        return try CredentialDocument.decode(document.body, source: name).credentials(source: name)
    }
}
