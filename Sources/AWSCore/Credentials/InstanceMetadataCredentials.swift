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
    package var base: String {
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
        // As botocore's IMDSFetcher: each request tried `attempts` times at once while nothing
        // answers or the answer is 5xx.
        let client = AWSClient(
            region: "", credentials: nil, retry: FixedRetry(maxAttempts: attempts, delay: 0), http: HTTPClient(settings: settings))
        func send(_ method: String, _ url: String, _ headers: [(name: String, value: String)]) -> Result<[UInt8], ServiceError> {
            Result { () throws(ServiceError) in
                try client.send(AWSRequest(service: "", method: method, url: url, headers: headers, signed: false), decode: { $0.body })
            }
        }
        /// The HTTP status of an answer that is not a success, nil when nothing answered.
        func status(_ error: ServiceError) -> Int? {
            if case .service(_, _, let status, _) = error, status < 500 { return status }
            return nil
        }

        var headers: [(name: String, value: String)] = []
        switch send("PUT", base + "/latest/api/token", [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]) {
        case .success(let token):
            headers = [("X-aws-ec2-metadata-token", String(decoding: token, as: UTF8.self))]
        case .failure(let error):
            guard let refused = status(error), [403, 404, 405].contains(refused) else { return nil }  // no metadata service here
            guard !env.isEnabled(env: "AWS_EC2_METADATA_V1_DISABLED", config: "ec2_metadata_v1_disabled") else {
                throw .provider(name, detail: "IMDS refused a session token (HTTP \(refused)) and IMDSv1 is disabled")
            }
        }
        let path = base + "/latest/meta-data/iam/security-credentials/"
        let role: String
        switch send("GET", path, headers) {
        case .success(let roles):
            guard let first = String(decoding: roles, as: UTF8.self).split(separator: "\n").first else {
                throw .provider(name, detail: "the instance has no IAM role (HTTP 200)")
            }
            role = String(first)
        case .failure(let error):
            guard let refused = status(error) else { throw .provider(name, detail: "no answer for the instance's role") }
            throw .provider(name, detail: "the instance has no IAM role (HTTP \(refused))")
        }
        guard case .success(let document) = send("GET", path + role, headers) else {
            throw .provider(name, detail: "no credentials for role \(role)")
        }
        return try CredentialDocument.decode(document, source: name).credentials(source: name)
    }
}
