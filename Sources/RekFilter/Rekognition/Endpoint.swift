/// A URL split into what signing and connecting need.
public struct URLParts: Sendable, Equatable {
    public var scheme: String
    public var host: String
    public var port: Int?
    public var path: String
    public var query: String

    /// The Host header: the host, plus the port when it is not the scheme's default.
    public var hostHeader: String {
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
        return "\(host):\(port)"
    }

    public init?(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = String(url[schemeEnd.upperBound...])
        var authority = rest
        path = "/"
        query = ""
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
            authority = String(rest[..<slash])
            rest = String(rest[slash...])
            if let q = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: q)...])
                rest = String(rest[..<q])
            }
            path = rest.isEmpty ? "/" : rest
        }
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) : nil
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = p
        } else {
            host = authority
            port = nil
        }
        guard !host.isEmpty else { return nil }
    }

    /// Loopback, where plain HTTP is expected (local emulators and stubs): an IP literal in
    /// 127.0.0.0/8 or ::1 (as botocore decides, by parsing the address, never by its text:
    /// `127.example.com` is a name anyone can point anywhere), or `localhost`.
    public var isLoopback: Bool {
        if host.lowercased() == "localhost" { return true }
        if let v4 = IPAddress.v4(host) { return v4[0] == 127 }
        if let v6 = IPAddress.v6(host) { return v6 == [UInt8](repeating: 0, count: 15) + [1] }
        return false
    }

    /// The host as an IP literal's bytes (IPv6 without its brackets), or nil for a name.
    public var ipAddress: [UInt8]? { IPAddress.v4(host) ?? IPAddress.v6(host) }
}

/// Where the Rekognition requests go, and for which region they are signed (SPEC §1, §2).
public struct Endpoint: Sendable, Equatable {
    public var url: String
    public var region: String

    /// `amazonaws.com`, or `amazonaws.com.cn` in the China regions.
    public static func dnsSuffix(region: String) -> String {
        region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }

    /// Region: `--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`, else the
    /// region in the model ARN. Endpoint: `--endpoint-url`, AWS_ENDPOINT_URL_REKOGNITION,
    /// AWS_ENDPOINT_URL, the profile's `[services]` section or `endpoint_url`, else the
    /// regional (or FIPS) endpoint.
    public static func resolve(region flagRegion: String?, endpointURL flagURL: String?, fips flagFIPS: Bool,
                               modelARN: String?, env: AWSEnvironment) throws(ServiceError) -> Endpoint {
        guard let region = flagRegion ?? env.env("AWS_REGION") ?? env.env("AWS_DEFAULT_REGION")
                ?? env.value("region") ?? modelARN.flatMap(ModelARN.region) else {
            throw .configuration("no region: give --region, set AWS_REGION, or configure one in the profile")
        }
        let ignoreConfigured = env.env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.lowercased() == "true"
        var configured: String? = nil
        if !ignoreConfigured {
            configured = env.env("AWS_ENDPOINT_URL_REKOGNITION") ?? env.env("AWS_ENDPOINT_URL")
            if configured == nil, let services = env.configSection(env.profile)?["services"] {
                configured = env.config.sections["services \(services)"]?["rekognition.endpoint_url"]
            }
            if configured == nil { configured = env.configSection(env.profile)?["endpoint_url"] }
        }
        if let url = flagURL ?? configured {
            guard URLParts(url) != nil else { throw .configuration("invalid endpoint URL \(url)") }
            return Endpoint(url: url, region: region)
        }
        let fips = flagFIPS || env.env("AWS_USE_FIPS_ENDPOINT")?.lowercased() == "true"
            || env.value("use_fips_endpoint")?.lowercased() == "true"
        let host = (fips ? "rekognition-fips" : "rekognition") + ".\(region).\(dnsSuffix(region: region))"
        return Endpoint(url: "https://\(host)", region: region)
    }
}

/// The model version ARN (SPEC §1), checked before any call.
public enum ModelARN {
    /// `arn:PARTITION:rekognition:REGION:ACCOUNT:project/NAME/version/NAME/NUMBER`
    public static func isValid(_ arn: String) -> Bool {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "rekognition" else { return false }
        func lowerDigitDash(_ s: Substring) -> Bool {
            !s.isEmpty && s.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
        }
        guard lowerDigitDash(parts[1]), lowerDigitDash(parts[3]) else { return false }
        guard parts[4].count == 12, parts[4].allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return false }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        func name(_ s: Substring) -> Bool {
            (1...255).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
        }
        return resource.count == 5 && resource[0] == "project" && name(resource[1]) && resource[2] == "version"
            && name(resource[3]) && !resource[4].isEmpty && resource[4].allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    /// The region field of a valid ARN.
    public static func region(_ arn: String) -> String? {
        guard isValid(arn) else { return nil }
        return String(arn.split(separator: ":", omittingEmptySubsequences: false)[3])
    }
}

/// Adds the SigV4 headers to a request's headers.
enum RequestSigning {
    static func sign(_ headers: [(name: String, value: String)], payloadHash: String, url: URLParts, signer: SigV4Signer,
                     method: String = "POST", now: Double) -> [(name: String, value: String)] {
        let amzDate = WallClock.amzDate(now)
        var all = headers + [("Host", url.hostHeader), ("X-Amz-Date", amzDate)]
        if let token = signer.credentials.sessionToken { all.append(("X-Amz-Security-Token", token)) }
        if signer.service == "s3" { all.append(("x-amz-content-sha256", payloadHash)) }
        let request = SigV4Signer.Request(method: method, path: SigV4Signer.percentDecode(url.path), query: url.query,
                                          headers: all, payloadHash: payloadHash)
        let signature = signer.sign(request, amzDate: amzDate)
        // Host is set by libcurl from the URL; the signed value is the same.
        return all.filter { $0.name != "Host" } + [("Authorization", signature.authorization)]
    }
}
