/// The two STS calls the chain needs, over the Query protocol (form-encoded POST, XML reply).
/// Endpoint: the configured one (AWS_ENDPOINT_URL_STS, …), else the regional STS endpoint of
/// the run's region (`--region` first, as for Rekognition; us-east-1 when none), FIPS and
/// dual-stack as configured.
struct STSClient {
    var env: AWSEnvironment
    var profile: String
    var http: HTTPSettings

    var region: String { env.region() ?? "us-east-1" }

    var endpoint: String {
        if let url = env.configuredEndpoint(service: "STS") { return url }
        return (try? Endpoint.regional(service: "sts", region: region, variant: env.endpointVariant()))
            ?? "https://sts.us-east-1.amazonaws.com"
    }

    func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, duration: Int?,
        using base: Credentials, source: String
    ) throws(CredentialError) -> Credentials {
        var form = [("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let externalId { form.append(("ExternalId", externalId)) }
        if let duration { form.append(("DurationSeconds", String(duration))) }
        return try call(form, signedWith: base, resultTag: "AssumeRoleResult", source: source)
    }

    func assumeRoleWithWebIdentity(
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
        var request = HTTPRequest(
            method: "POST", url: endpoint,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body)
        if let credentials {
            guard let url = URLParts(endpoint) else { throw .provider(source, detail: "invalid STS endpoint \(endpoint)") }
            let signer = SigV4Signer(credentials: credentials, region: region, service: "sts")
            request.headers = RequestSigning.sign(
                request.headers, payloadHash: SigV4Signer.hexSHA256(body), url: url, signer: signer, now: WallClock.now())
        }
        let response: HTTPResponse
        do { response = try HTTPClient(settings: http).send(request) } catch { throw .provider(source, detail: "STS: \(error)") }
        let xml = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200, let result = XML.value("\(resultTag)", in: xml) else {
            let code = XML.value("Code", in: xml) ?? "HTTP \(response.status)"
            let message = XML.value("Message", in: xml).map { ": \($0)" } ?? ""
            throw .provider(source, detail: "STS \(form[0].1) failed: \(code)\(message)")
        }
        guard let id = XML.value("AccessKeyId", in: result), let secret = XML.value("SecretAccessKey", in: result),
            let token = XML.value("SessionToken", in: result)
        else {
            throw .provider(source, detail: "STS returned no credentials")
        }
        return Credentials(
            accessKeyId: id, secretAccessKey: secret, sessionToken: token,
            expiration: XML.value("Expiration", in: result).flatMap(WallClock.parseISO8601), source: source)
    }
}

/// Just enough XML for STS and S3 error replies: the text of the first `<tag>…</tag>`, unescaped.
enum XML {
    static func value(_ tag: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(tag)>") else { return nil }
        let rest = String(xml[open.upperBound...])
        guard let end = rest.range(of: "</\(tag)>") else { return nil }
        return unescape(String(rest[..<end.lowerBound]))
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = s
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            out = out.replacingAll(entity, with: char)
        }
        return out
    }
}
