import Basics

/// ECS task roles and EKS Pod Identity: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (at
/// 169.254.170.2) or _FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE].
public struct ContainerCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var http: HTTPSettings
    public var name: String { "container" }

    public func load() throws(CredentialError) -> Credentials? {
        let url: String
        if let relative = env.env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = "http://169.254.170.2" + relative
        } else if let full = env.env("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            guard Self.isAllowed(full) else {
                throw .provider(name, detail: "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback/container address")
            }
            url = full
        } else {
            return nil
        }
        var headers = [(name: String, value: String)]()
        if let file = env.env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            guard let token = Files.readText(file)?.trimmingCharacters(in: " \t\r\n") else {
                throw .provider(name, detail: "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
            headers.append(("Authorization", token))
        } else if let token = env.env("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
            headers.append(("Authorization", token))
        }
        // A line break in the token would let it write headers of its own (as botocore refuses).
        if headers.contains(where: { $0.value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) }) {
            throw .provider(name, detail: "the container authorization token contains a line break")
        }
        var settings = http
        settings.connectTimeout = 2
        settings.timeout = 5
        // As botocore's ContainerMetadataFetcher: three attempts, a second apart, while the
        // endpoint does not answer or answers 5xx (an agent still starting).
        let client = AWSClient(
            region: "", credentials: nil, retry: FixedRetry(maxAttempts: 3, delay: 1), http: HTTPClient(settings: settings))
        let body: [UInt8]
        do {
            body = try client.send(AWSRequest(service: "", method: "GET", url: url, headers: headers, signed: false), decode: { $0.body })
        } catch {
            if case .service(_, _, let status, _) = error { throw .provider(name, detail: "the endpoint answered HTTP \(status)") }
            throw .provider(name, detail: "\(error)")
        }
        return try CredentialDocument.decode(body, source: name).credentials(source: name)
    }
    /// HTTPS anywhere; plain HTTP only to loopback (an IP literal, or `localhost` as botocore
    /// allows) or the ECS/EKS addresses 169.254.170.2, 169.254.170.23 and fd00:ec2::23 — never
    /// to a name such as `127.example.com`, which anyone can point anywhere.
    package static func isAllowed(_ url: String) -> Bool {
        guard let parts = URLParts(url) else { return false }
        if parts.scheme == "https" { return true }
        if parts.isLoopback { return true }
        let containerHosts: [[UInt8]] = [[169, 254, 170, 2], [169, 254, 170, 23], IPAddress.v6("fd00:ec2::23")!]
        return parts.ipAddress.map(containerHosts.contains) ?? false
    }
}
