import Basics

/// S3's object calls over `AWSClient`: GetObject (drawing on an image sent by reference),
/// PutObject and ListObjectsV2 (a batch's inputs and results). AWS_ENDPOINT_URL_S3 (or
/// AWS_ENDPOINT_URL) gives a path-style endpoint, as emulators need; otherwise the regional
/// virtual-hosted one. One per thread, as its AWSClient.
public final class S3Client {
    public let region: String
    public let endpointURL: String?
    public let variant: EndpointVariant
    public let client: AWSClient

    public init(
        region: String, env: AWSEnvironment, credentials: CredentialCache, http: HTTPSettings, retry: any RetryStrategy = RetryPolicy(),
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.region = region
        self.endpointURL = env.configuredEndpoint(service: "S3")
        self.variant = env.endpointVariant()
        self.client = AWSClient(region: region, credentials: credentials, retry: retry, http: HTTPClient(settings: http), log: log)
    }

    /// The bucket's URL (path-style on a configured endpoint), without a trailing slash.
    func bucketURL(_ bucket: String) -> String {
        if var base = endpointURL {
            while base.hasSuffix("/") { base.removeLast() }
            return "\(base)/\(SigV4Signer.percentEncode(bucket))"
        }
        return Endpoint.s3(bucket: bucket, region: region, variant: variant)
    }

    /// An object's URL: its key's slashes kept, every other reserved byte escaped.
    public func url(for location: S3Location) -> String {
        let key = location.key.split(separator: "/", omittingEmptySubsequences: false)
            .map { SigV4Signer.percentEncode(String($0)) }.joined(separator: "/")
        var url = bucketURL(location.bucket) + "/" + key
        if let version = location.version { url += "?versionId=\(SigV4Signer.percentEncode(version))" }
        return url
    }

    /// GetObject: the object's bytes, refused above `maxBytes`.
    public func getObject(_ location: S3Location, maxBytes: Int) throws(ServiceError) -> [UInt8] {
        let request = AWSRequest(service: "s3", method: "GET", url: url(for: location), errors: .xml, maxResponseBytes: maxBytes)
        return try Self.named("cannot get s3://\(location.bucket)/\(location.key)") { () throws(ServiceError) in
            try client.send(request, decode: { $0.body }, summary: { "\($0.count) bytes" })
        }
    }

    /// PutObject: writes `body` as the object (replacing one of that key).
    public func putObject(_ location: S3Location, body: [UInt8], contentType: String) throws(ServiceError) {
        let request = AWSRequest(
            service: "s3", method: "PUT", url: url(for: S3Location(bucket: location.bucket, key: location.key)),
            headers: [("Content-Type", contentType)], body: body, errors: .xml)
        try Self.named("cannot write s3://\(location.bucket)/\(location.key)") { () throws(ServiceError) in
            try client.send(request, decode: { _ in () }, summary: { _ in "\(body.count) bytes written" })
        }
    }

    /// HeadObject: whether the object is there.
    public func headObject(_ location: S3Location) throws(ServiceError) -> Bool {
        let request = AWSRequest(service: "s3", method: "HEAD", url: url(for: location), errors: .xml)
        do {
            return try Self.named("cannot look for s3://\(location.bucket)/\(location.key)") { () throws(ServiceError) in
                try client.send(request, decode: { _ in true }, summary: { _ in "present" })
            }
        } catch {
            if case .s3(_, 404, _, _) = error { return false }
            throw error
        }
    }

    /// DeleteObject (no error when there is nothing to delete).
    public func deleteObject(_ location: S3Location) throws(ServiceError) {
        let request = AWSRequest(service: "s3", method: "DELETE", url: url(for: location), errors: .xml)
        try Self.named("cannot delete s3://\(location.bucket)/\(location.key)") { () throws(ServiceError) in
            try client.send(request, decode: { _ in () }, summary: { _ in "deleted" })
        }
    }

    /// One object of a listing.
    public struct Object: Sendable, Equatable {
        public var key: String
        public var size: Int
        public var eTag: String
    }

    /// One page of ListObjectsV2 under `prefix`, and the token of the next page (nil: the last).
    public func listObjects(bucket: String, prefix: String, continuation: String? = nil, maxKeys: Int = 1000) throws(ServiceError) -> (
        objects: [Object], next: String?
    ) {
        var query = [("list-type", "2"), ("max-keys", String(maxKeys)), ("prefix", prefix)]
        if let continuation { query.append(("continuation-token", continuation)) }
        // Signed queries must be in the canonical order (by name), each part escaped once.
        let text = query.sorted { $0.0 < $1.0 }.map { "\($0.0)=\(SigV4Signer.percentEncode($0.1))" }.joined(separator: "&")
        let request = AWSRequest(service: "s3", method: "GET", url: bucketURL(bucket) + "/?" + text, errors: .xml)
        return try Self.named("cannot list s3://\(bucket)/\(prefix)") { () throws(ServiceError) in
            try client.send(request, decode: Self.parseListing, summary: { "\($0.objects.count) objects" })
        }
    }

    /// Every object under `prefix`, page after page, in key order.
    public func listAllObjects(bucket: String, prefix: String) throws(ServiceError) -> [Object] {
        var all: [Object] = []
        var token: String?
        repeat {
            let page = try listObjects(bucket: bucket, prefix: prefix, continuation: token)
            all += page.objects
            token = page.next
        } while token != nil
        return all
    }

    /// A ListBucketResult: its `<Contents>` and `<NextContinuationToken>` when truncated.
    static func parseListing(_ response: HTTPResponse) throws -> (objects: [Object], next: String?) {
        let xml = String(decoding: response.body, as: UTF8.self)
        guard xml.contains("<ListBucketResult") else { throw ListingError() }
        let objects = XML.values("Contents", in: xml).compactMap { contents -> Object? in
            guard let key = XML.value("Key", in: contents) else { return nil }
            return Object(
                key: key, size: XML.value("Size", in: contents).flatMap { Int($0) } ?? 0,
                eTag: XML.value("ETag", in: contents) ?? "")
        }
        let truncated = XML.value("IsTruncated", in: xml) == "true"
        return (objects, truncated ? XML.value("NextContinuationToken", in: xml) : nil)
    }

    struct ListingError: Error, CustomStringConvertible {
        var description: String { "not a ListObjectsV2 answer" }
    }

    /// Runs an S3 call, its service errors named by what it was doing.
    private static func named<T>(_ action: String, _ body: () throws(ServiceError) -> T) throws(ServiceError) -> T {
        do {
            return try body()
        } catch {
            if case .service(let code, let message, let status, _) = error {
                throw .s3(action: action, status: status, code: code.hasPrefix("HTTP ") ? "" : code, message: message)
            }
            throw error
        }
    }
}
