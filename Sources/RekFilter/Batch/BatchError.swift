/// What stops a batch, or one of its inputs, with what to do about it.
public enum BatchError: Error, Equatable, Sendable {
    case cannotRead(String, String)
    case badReference(String)
    case badManifestLine(String)
    /// DEST is a SOURCE or inside one: results would become inputs.
    case destinationInsideSource(destination: String, source: String)
    /// An input listed explicitly that is no PNG or JPEG.
    case notAnImage(String)
    case cannotWrite(String, String)
    case noSources
}

extension BatchError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotRead(let what, let why): return "cannot read \(what): \(why)"
        case .badReference(let uri): return "not an s3://bucket/key URI: \(uri)"
        case .badManifestLine(let line): return "a manifest line without a source-ref: \(line)"
        case .destinationInsideSource(let destination, let source):
            return "--out \(destination) is inside the source \(source): its results would be read as inputs; put them elsewhere"
        case .notAnImage(let source): return "\(source) is not a PNG or JPEG picture"
        case .cannotWrite(let path, let why): return "cannot write \(path): \(why)"
        case .noSources: return "no source: give folders, files, - (a list on stdin), s3://bucket/prefix/ or --manifest FILE"
        }
    }
}
