import AWSCore
import Basics

/// DEST as an S3 prefix: results written with PutObject (whole by nature: an object appears
/// complete or not at all), done-ness asked with HeadObject. Workers write side by side, each
/// with an S3 client taken from a pool (a client's connection serves one thread at a time).
public final class S3Results: BatchResults {
    public let bucket: String
    /// The key prefix, ending in `/` unless empty.
    public let prefix: String
    public let extensions: [String]
    private let pool = Locked<[Handed<S3Client>]>([])
    private let make: @Sendable () throws -> S3Client

    public init(bucket: String, prefix: String, extensions: [String], make: @escaping @Sendable () throws -> S3Client) {
        self.bucket = bucket
        self.prefix = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        self.extensions = extensions
        self.make = make
    }

    public var place: String { "s3://\(bucket)/\(prefix)" }

    private func withClient<T>(_ body: (S3Client) throws -> T) throws -> T {
        let client = try pool.withLock { $0.popLast() } ?? Handed(make())
        defer { pool.withLock { $0.append(client) } }
        return try body(client.value)
    }

    func location(_ key: String, _ ext: String) -> S3Location {
        S3Location(bucket: bucket, key: prefix + resultKey(key, extension: ext))
    }

    public func isDone(_ key: String) throws -> Bool {
        try withClient { s3 in try extensions.allSatisfy { try s3.headObject(location(key, $0)) } }
    }

    public func read(_ key: String, extension ext: String, limit: Int) throws -> [UInt8]? {
        try withClient { s3 in
            do throws(ServiceError) {
                return try s3.getObject(location(key, ext), maxBytes: limit)
            } catch {
                if case .s3(_, 404, _, _) = error { return nil }
                throw error
            }
        }
    }

    public func write(_ bytes: [UInt8], key: String, extension ext: String, mediaType: String, serial: Int) throws {
        try withClient { s3 in try s3.putObject(location(key, ext), body: bytes, contentType: mediaType) }
    }

    public func writeDocument(_ name: String, _ bytes: [UInt8]?, mediaType: String) throws {
        try withClient { s3 in
            let location = S3Location(bucket: bucket, key: prefix + name)
            if let bytes {
                try s3.putObject(location, body: bytes, contentType: mediaType)
            } else {
                try s3.deleteObject(location)
            }
        }
    }

    public func prepare() throws {}
    public func finish() {}
}
