import AWSCore

/// One picture of a batch: where it is, and its key — its path relative to the SOURCE it was
/// found under (README, Batch), which names its results under DEST.
public struct BatchInput: Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        case file(String)
        case s3(S3Location)
    }

    public var key: String
    public var location: Location
    /// Found by walking a folder or listing a prefix (not named one by one): a file there that
    /// is no picture is skipped and counted, not failed.
    public var listed: Bool

    public init(key: String, location: Location, listed: Bool = false) {
        self.key = key
        self.location = location
        self.listed = listed
    }

    /// The input as failures.jsonl and the summary name it: a path or an s3:// URI.
    public var source: String {
        switch location {
        case .file(let path): return path
        case .s3(let s3): return "s3://\(s3.bucket)/\(s3.key)"
        }
    }
}
