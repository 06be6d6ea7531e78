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
        let bucket = String(rest[..<slash])
        let key = String(rest[rest.index(after: slash)...])
        guard !bucket.isEmpty, !key.isEmpty else { return nil }
        self.init(bucket: bucket, key: key, version: version)
    }
}
