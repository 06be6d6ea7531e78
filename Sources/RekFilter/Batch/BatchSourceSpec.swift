import AWSCore
import Basics

/// One SOURCE of `rekfilter batch`, as the command line names it (README, Batch).
public enum BatchSourceSpec: Sendable, Equatable {
    /// Every regular file under a folder, recursively (folder links not followed).
    case directory(String)
    /// One file.
    case file(String)
    /// `-`: a path or s3:// URI a line on stdin (NUL-separated with `-0`).
    case list(nulSeparated: Bool)
    /// `s3://bucket/prefix/`: every object under the prefix (ListObjectsV2, every page).
    case s3(bucket: String, prefix: String)
    /// `--manifest FILE|s3://…`: each line's `source-ref` is an input.
    case manifest(String)

    /// `s3://bucket/prefix/` taken apart (the prefix may be empty).
    static func bucketAndPrefix(_ uri: String) -> (bucket: String, prefix: String) {
        let rest = uri.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        return (String(rest[..<slash]), slash == rest.endIndex ? "" : String(rest[rest.index(after: slash)...]))
    }

    /// What a SOURCE argument names: `-`, an s3:// prefix, a folder, else a file.
    public static func parse(_ text: String, nulSeparated: Bool = false) -> BatchSourceSpec {
        if text == "-" { return .list(nulSeparated: nulSeparated) }
        if text.hasPrefix("s3://") {
            let (bucket, prefix) = bucketAndPrefix(text)
            return .s3(bucket: bucket, prefix: prefix)
        }
        return Files.isDirectory(text) ? .directory(text) : .file(text)
    }
}
