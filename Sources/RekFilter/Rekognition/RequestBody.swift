import AWSCore

/// An awsJson1_1 body and its SHA-256, which SigV4 needs before the first byte is sent.
///
/// Around an image, the base64 is written straight into the body and hashed piece by piece
/// while still in cache: one pass over the image's bytes, no intermediate copies.
public struct RequestBody: Sendable {
    public let bytes: [UInt8]
    /// Lowercase hex.
    public let sha256: String
    /// Whether the answer depends on this body alone, so that it may be cached: a picture's
    /// bytes, or an S3 object of a given version (another version of the key is another picture).
    public var cacheable = false

    /// `prefix`, the base64 of `image`, then `suffix` (the JSON around the image's string).
    public init(prefix: [UInt8], image: [UInt8] = [], suffix: [UInt8] = []) {
        let hasher = Digest.SHA256Hasher()
        let total = prefix.count + Base64.encodedCount(image.count) + suffix.count
        bytes = [UInt8](unsafeUninitializedCapacity: total) { out, count in
            HugePages.advise(UnsafeMutableRawBufferPointer(out))
            var o = 0
            func put(_ part: [UInt8]) {
                part.withUnsafeBufferPointer { (out.baseAddress! + o).update(from: $0.baseAddress!, count: $0.count) }
                hasher.update(UnsafeRawBufferPointer(start: out.baseAddress! + o, count: part.count))
                o += part.count
            }
            put(prefix)
            image.withUnsafeBytes { raw in
                let piece = 48 * 1024  // a multiple of 3: padding only at the very end
                var i = 0
                while i < raw.count {
                    let n = min(piece, raw.count - i)
                    let written = Base64.encode(UnsafeRawBufferPointer(rebasing: raw[i..<i + n]), into: out.baseAddress! + o)
                    hasher.update(UnsafeRawBufferPointer(start: out.baseAddress! + o, count: written))
                    o += written
                    i += n
                }
            }
            put(suffix)
            count = o
        }
        sha256 = SigV4Signer.hex(hasher.finish())
    }

    /// `{<members>}`: the body of an operation without a picture. `members` are `"Name":value`
    /// pairs, already JSON.
    public static func object(_ members: [String]) -> RequestBody {
        RequestBody(prefix: Array(("{" + members.joined(separator: ",") + "}").utf8))
    }

    /// `{"Image": IMAGE, <members>}` with the image as bytes or an S3 object: the shape every
    /// image operation of Rekognition takes. `members` are `"Name":value` pairs, already JSON.
    public static func image(_ image: ImageReference, members: [String]) -> RequestBody {
        let rest = members.isEmpty ? "" : "," + members.joined(separator: ",")
        switch image {
        case .bytes(let bytes):
            var body = RequestBody(prefix: Array(#"{"Image":{"Bytes":""#.utf8), image: bytes, suffix: Array("\"}\(rest)}".utf8))
            body.cacheable = true
            return body
        case .s3(let location):
            var object = #"{"Image":{"S3Object":{"Bucket":"# + JSONText.text(location.bucket) + #","Name":"# + JSONText.text(location.key)
            if let version = location.version { object += #","Version":"# + JSONText.text(version) }
            var body = RequestBody(prefix: Array((object + "}}" + rest + "}").utf8))
            body.cacheable = location.version != nil
            return body
        }
    }
}

/// The picture an operation looks at: its bytes, or an object in S3 the service reads itself.
public enum ImageReference: Sendable {
    case bytes([UInt8])
    case s3(S3Location)
}
