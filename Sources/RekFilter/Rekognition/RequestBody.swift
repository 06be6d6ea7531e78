import AWSCore
import Basics

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
            // Encoded beside the hash, the body is written on the other thread, ahead of the hash.
            HugePages.advise(UnsafeMutableRawBufferPointer(out), populate: image.count < Self.hashedBesideFrom)
            var o = 0
            func put(_ part: [UInt8]) {
                part.withUnsafeBufferPointer { (out.baseAddress! + o).update(from: $0.baseAddress!, count: $0.count) }
                hasher.update(UnsafeRawBufferPointer(start: out.baseAddress! + o, count: part.count))
                o += part.count
            }
            put(prefix)
            if image.count >= Self.hashedBesideFrom {
                o += Self.encodeBeside(image, into: out.baseAddress! + o, hasher: hasher)
            } else {
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
            }
            put(suffix)
            count = o
        }
        sha256 = SigV4Signer.hex(hasher.finish())
    }

    /// From this size an image's base64 is written on a second thread while this one hashes
    /// what is written, piece by piece behind it: SHA-256 (1.3 GB/s with the CPU's SHA
    /// instructions) is three times the base64's cost, which so costs no wall time (a 4 MiB
    /// picture: ~2 ms less a call).
    static let hashedBesideFrom = 1 << 20

    /// The base64 of `image` into `out`, hashed into `hasher` in order; its length.
    private static func encodeBeside(_ image: [UInt8], into out: UnsafeMutablePointer<UInt8>, hasher: Digest.SHA256Hasher) -> Int {
        let piece = 192 * 1024  // a multiple of 3, so only the last piece pads; 256 KiB out stays in cache
        let pieces = (image.count + piece - 1) / piece
        // The body's address as a number: the encoding thread writes piece `i` only, at its own
        // offset, and this thread reads it only after `inOrder` hands over its length.
        let address = Int(bitPattern: out)
        let encode: @Sendable (Int) -> Int = { i in
            let start = i * piece
            return image.withUnsafeBytes { raw in
                Base64.encode(
                    UnsafeRawBufferPointer(rebasing: raw[start..<min(start + piece, raw.count)]),
                    into: UnsafeMutablePointer<UInt8>(bitPattern: address)! + start / 3 * 4)
            }
        }
        var written = 0
        Parallel.inOrder(pieces, workers: 1, produce: encode) { i, count in
            hasher.update(UnsafeRawBufferPointer(start: out + i * piece / 3 * 4, count: count))
            written += count
        }
        return written
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
