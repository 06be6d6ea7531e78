/// `s3://bucket/key` (with an optional version), sent as an S3Object or fetched for drawing.
public struct S3Location: Sendable, Equatable {
    public var bucket: String
    public var key: String
    public var version: String?

    public init(bucket: String, key: String, version: String? = nil) {
        self.bucket = bucket
        self.key = key
        self.version = version
    }

    /// Parses `s3://bucket/key`; nil when it is not one.
    public init?(uri: String, version: String? = nil) {
        guard uri.hasPrefix("s3://") else { return nil }
        let rest = uri.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let bucket = String(rest[..<slash]), key = String(rest[rest.index(after: slash)...])
        guard !bucket.isEmpty, !key.isEmpty else { return nil }
        self.init(bucket: bucket, key: key, version: version)
    }
}

/// A signed S3 GetObject, for drawing on an image that was sent by reference.
/// AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) gives a path-style endpoint, as emulators need;
/// otherwise the regional virtual-hosted endpoint.
public struct S3Fetcher: Sendable {
    public var region: String
    public var endpointURL: String?
    public var credentials: CredentialCache
    public var http: HTTPSettings

    public init(region: String, env: AWSEnvironment, credentials: CredentialCache, http: HTTPSettings) {
        self.region = region
        self.endpointURL = env.env("AWS_ENDPOINT_URL_S3") ?? env.env("AWS_ENDPOINT_URL")
        self.credentials = credentials
        self.http = http
    }

    public func url(for location: S3Location) -> String {
        let key = location.key.split(separator: "/", omittingEmptySubsequences: false)
            .map { SigV4Signer.percentEncode(String($0)) }.joined(separator: "/")
        var url: String
        if var base = endpointURL {
            while base.hasSuffix("/") { base.removeLast() }
            url = "\(base)/\(SigV4Signer.percentEncode(location.bucket))/\(key)"
        } else {
            url = "https://\(location.bucket).s3.\(region).\(Endpoint.dnsSuffix(region: region))/\(key)"
        }
        if let version = location.version { url += "?versionId=\(SigV4Signer.percentEncode(version))" }
        return url
    }

    public func fetch(_ location: S3Location, maxBytes: Int) throws(ServiceError) -> [UInt8] {
        let url = url(for: location)
        guard let parts = URLParts(url) else { throw .configuration("invalid S3 URL \(url)") }
        let creds: Credentials
        do { creds = try credentials.credentials() } catch { throw .credentials(error) }
        let signer = SigV4Signer(credentials: creds, region: region, service: "s3", normalizePath: false)
        let headers = RequestSigning.sign([], payloadHash: SigV4Signer.hexSHA256([]), url: parts, signer: signer, method: "GET", now: WallClock.now())
        let response: HTTPResponse
        do { response = try HTTPClient(settings: http).send(HTTPRequest(method: "GET", url: url, headers: headers), maxResponseBytes: maxBytes) }
        catch { throw .transport(error) }
        guard response.status == 200 else {
            let xml = String(decoding: response.body.prefix(4096), as: UTF8.self)
            throw .s3(status: response.status, code: XML.value("Code", in: xml) ?? "", message: XML.value("Message", in: xml) ?? "")
        }
        return response.body
    }
}
