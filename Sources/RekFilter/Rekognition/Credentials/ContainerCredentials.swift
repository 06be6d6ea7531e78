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
        var settings = http
        settings.connectTimeout = 2
        settings.timeout = 5
        let response: HTTPResponse
        do { response = try HTTPClient(settings: settings).send(HTTPRequest(method: "GET", url: url, headers: headers)) }
        catch { throw .provider(name, detail: "\(error)") }
        guard response.status == 200 else { throw .provider(name, detail: "the endpoint answered HTTP \(response.status)") }
        return try CredentialDocument.decode(response.body, source: name).credentials(source: name)
    }

    /// HTTPS anywhere; plain HTTP only to loopback or the ECS/EKS link-local addresses.
    static func isAllowed(_ url: String) -> Bool {
        guard let parts = URLParts(url) else { return false }
        if parts.scheme == "https" { return true }
        let host = parts.host
        return host == "localhost" || host.hasPrefix("127.") || host == "[::1]" || host == "169.254.170.2"
            || host == "169.254.170.23" || host == "[fd00:ec2::23]"
    }
}
