import Basics

/// The two STS calls the chain needs, over the Query protocol (form-encoded POST, XML reply).
/// Endpoint: the configured one (AWS_ENDPOINT_URL_STS, …), else the regional STS endpoint of
/// the run's region (`--region` first, as for Rekognition; us-east-1 when none), FIPS and
/// dual-stack as configured.
package struct STSClient {
    package var env: AWSEnvironment
    package var profile: String
    package var http: HTTPSettings

    package var region: String { env.region() ?? "us-east-1" }

    package var endpoint: String {
        if let url = env.configuredEndpoint(service: "STS") { return url }
        return (try? Endpoint.regional(service: "sts", region: region, variant: env.endpointVariant()))
            ?? "https://sts.us-east-1.amazonaws.com"
    }

    package func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, duration: Int?,
        using base: Credentials, source: String
    ) throws(CredentialError) -> Credentials {
        var form = [("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let externalId { form.append(("ExternalId", externalId)) }
        if let duration { form.append(("DurationSeconds", String(duration))) }
        return try call(form, signedWith: base, resultTag: "AssumeRoleResult", source: source)
    }

    package func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, tokenFile: String,
        source: String
    ) throws(CredentialError) -> Credentials {
        guard let token = Files.readText(tokenFile)?.trimmingCharacters(in: " \t\r\n"), !token.isEmpty else {
            throw .provider(source, detail: "cannot read the web identity token file \(tokenFile)")
        }
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleArn),
            ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ]
        return try call(form, signedWith: nil, resultTag: "AssumeRoleWithWebIdentityResult", source: source)
    }

    private func call(
        _ form: [(String, String)], signedWith credentials: Credentials?, resultTag: String,
        source: String
    ) throws(CredentialError) -> Credentials {
        let body = Array(form.map { "\(SigV4Signer.percentEncode($0.0))=\(SigV4Signer.percentEncode($0.1))" }.joined(separator: "&").utf8)
        let request = AWSRequest(
            service: "sts", url: endpoint, headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: body, signed: credentials != nil, errors: .xml)
        let client = AWSClient(
            region: region, credentials: credentials.map { CredentialCache(fixed: $0) }, retry: RetryPolicy(env: env),
            http: HTTPClient(settings: http))
        do {
            return try client.send(
                request,
                decode: { response throws(CredentialError) in
                    try Self.credentials(in: response.body, resultTag: resultTag, source: source)
                })
        } catch {
            switch error {
            case .service(let type, let message, _, _):
                throw .provider(source, detail: "STS \(form[0].1) failed: \(type)\(message.isEmpty ? "" : ": \(message)")")
            case .badResponse: throw .provider(source, detail: "STS returned no credentials")
            case .credentials(let inner): throw inner
            default: throw .provider(source, detail: "STS: \(error)")
            }
        }
    }

    /// The temporary keys in an STS answer's `<resultTag>`.
    static func credentials(in body: [UInt8], resultTag: String, source: String) throws(CredentialError) -> Credentials {
        let xml = String(decoding: body, as: UTF8.self)
        guard let result = XML.value(resultTag, in: xml), let id = XML.value("AccessKeyId", in: result),
            let secret = XML.value("SecretAccessKey", in: result), let token = XML.value("SessionToken", in: result)
        else {
            throw .provider(source, detail: "STS returned no credentials")
        }
        return Credentials(
            accessKeyId: id, secretAccessKey: secret, sessionToken: token,
            expiration: XML.value("Expiration", in: result).flatMap(WallClock.parseISO8601), source: source)
    }
}
