/// EC2 instance metadata, IMDSv2 only: PUT a session token, then GET the role's credentials.
/// AWS_EC2_METADATA_SERVICE_ENDPOINT moves it; AWS_EC2_METADATA_DISABLED=true turns it off.
/// Not being on EC2 (nothing answers) means "not configured", not an error.
public struct InstanceMetadataCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var http: HTTPSettings
    public var name: String { "EC2 instance metadata" }

    public func load() throws(CredentialError) -> Credentials? {
        if env.env("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" { return nil }
        var base = env.env("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? env.value("ec2_metadata_service_endpoint") ?? "http://169.254.169.254"
        while base.hasSuffix("/") { base.removeLast() }
        var settings = http
        settings.connectTimeout = Double(env.env("AWS_METADATA_SERVICE_TIMEOUT") ?? "") ?? 1
        settings.timeout = settings.connectTimeout * 2
        let client = HTTPClient(settings: settings)

        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try client.send(
                HTTPRequest(
                    method: "PUT", url: base + "/latest/api/token",
                    headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]))
        } catch {
            return nil  // no metadata service here
        }
        guard tokenResponse.status == 200 else {
            if tokenResponse.status == 403 { throw .provider(name, detail: "IMDS refused a session token (IMDSv2 disabled or hop limit)") }
            return nil
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let headers = [(name: "X-aws-ec2-metadata-token", value: token)]
        let path = base + "/latest/meta-data/iam/security-credentials/"
        do {
            let roles = try client.send(HTTPRequest(method: "GET", url: path, headers: headers))
            guard roles.status == 200,
                let role = String(decoding: roles.body, as: UTF8.self).split(separator: "\n").first.map(String.init)
            else {
                throw CredentialError.provider(name, detail: "the instance has no IAM role (HTTP \(roles.status))")
            }
            let document = try client.send(HTTPRequest(method: "GET", url: path + role, headers: headers))
            guard document.status == 200 else { throw CredentialError.provider(name, detail: "HTTP \(document.status) for role \(role)") }
            return try CredentialDocument.decode(document.body, source: name).credentials(source: name)
        } catch let error as CredentialError {
            throw error
        } catch {
            throw .provider(name, detail: "\(error)")
        }
    }
}
