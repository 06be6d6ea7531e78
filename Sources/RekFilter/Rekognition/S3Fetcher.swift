/// A signed S3 GetObject, for drawing on an image that was sent by reference.
/// AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) gives a path-style endpoint, as emulators need;
/// otherwise the regional virtual-hosted endpoint.
public struct S3Fetcher: Sendable {
    public var region: String
    public var endpointURL: String?
    public var variant: EndpointVariant
    public var credentials: CredentialCache
    public var http: HTTPSettings

    public init(region: String, env: AWSEnvironment, credentials: CredentialCache, http: HTTPSettings) {
        self.region = region
        self.endpointURL = env.configuredEndpoint(service: "S3")
        self.variant = env.endpointVariant()
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
            url = Endpoint.s3(bucket: location.bucket, region: region, variant: variant) + "/" + key
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
        let headers = RequestSigning.sign(
            [], payloadHash: SigV4Signer.hexSHA256([]), url: parts, signer: signer, method: "GET", now: WallClock.now())
        let response: HTTPResponse
        do {
            response = try HTTPClient(settings: http).send(
                HTTPRequest(method: "GET", url: url, headers: headers), maxResponseBytes: maxBytes)
        } catch { throw .transport(error) }
        guard response.status == 200 else {
            let xml = String(decoding: response.body.prefix(4096), as: UTF8.self)
            throw .s3(status: response.status, code: XML.value("Code", in: xml) ?? "", message: XML.value("Message", in: xml) ?? "")
        }
        return response.body
    }
}
