/// AWS Signature Version 4 (header signing), byte for byte as the published test suites expect.
///
/// Paths are given decoded (as in a request line such as `GET /example space/`) and encoded
/// here once per segment; services other than S3 normalise the path, S3 does not.
public struct SigV4Signer: Sendable {
    public var credentials: Credentials
    public var region: String
    public var service: String
    /// Remove `.`/`..` segments and repeated slashes (every service but S3).
    public var normalizePath: Bool

    public init(credentials: Credentials, region: String, service: String, normalizePath: Bool = true) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizePath = normalizePath
    }

    /// A request to sign. Headers keep their order and duplicates, as on the wire.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: String
        public var headers: [(name: String, value: String)]
        /// Hex SHA-256 of the body.
        public var payloadHash: String

        public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], payloadHash: String) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// What signing produced: the strings along the way (for the test suites) and the header.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var authorization: String
    }

    /// Signs `request` as of `amzDate` ("20150830T123600Z"). The caller must already have put
    /// `X-Amz-Date` (and `X-Amz-Security-Token`, when it is to be signed) among the headers.
    public func sign(_ request: Request, amzDate: String) -> Signature {
        let canonicalHeaders = Self.canonicalHeaders(request.headers)
        let signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
        let canonical = [
            request.method,
            canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
        let date = String(amzDate.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hexSHA256(Array(canonical.utf8)))"
        let signature = Self.hex(Digest.hmacSHA256(key: signingKey(date: date), Array(stringToSign.utf8)))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return Signature(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, authorization: authorization)
    }

    /// Query signing (a presigned URL): the signature travels in the query string, valid for
    /// `expires` seconds. `request.headers` are the headers to sign (at least Host), without
    /// X-Amz-Date. Returns the signing steps and the query string to append.
    public func presign(_ request: Request, amzDate: String, expires: Int, includeToken: Bool = true) -> (Signature, query: String) {
        let date = String(amzDate.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let canonicalHeaders = Self.canonicalHeaders(request.headers)
        let signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
        var parameters = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope)"),
            ("X-Amz-Date", amzDate), ("X-Amz-Expires", String(expires)),
        ]
        if includeToken, let token = credentials.sessionToken { parameters.append(("X-Amz-Security-Token", token)) }
        parameters.append(("X-Amz-SignedHeaders", signedHeaders))
        let added = parameters.map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        let query = request.query.isEmpty ? added : request.query + "&" + added
        let canonical = [
            request.method,
            canonicalURI(request.path),
            Self.canonicalQuery(query),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hexSHA256(Array(canonical.utf8)))"
        let signature = Self.hex(Digest.hmacSHA256(key: signingKey(date: date), Array(stringToSign.utf8)))
        return (
            Signature(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, authorization: ""),
            query + "&X-Amz-Signature=" + signature
        )
    }

    package func signingKey(date: String) -> [UInt8] {
        var key = Array(("AWS4" + credentials.secretAccessKey).utf8)
        for part in [date, region, service, "aws4_request"] {
            key = Digest.hmacSHA256(key: key, Array(part.utf8))
        }
        return key
    }

    // MARK: Canonical forms

    package func canonicalURI(_ path: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if normalizePath {
            var out = [String]()
            for segment in segments.dropFirst() {
                switch segment {
                case ".", "": continue
                case "..": _ = out.popLast()
                default: out.append(segment)
                }
            }
            let trailing = path.count > 1 && (path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/.."))
            segments = [""] + out + (trailing && !out.isEmpty ? [""] : [])
            if out.isEmpty { return "/" }
        }
        let encoded = segments.map { Self.percentEncode($0) }.joined(separator: "/")
        return encoded.isEmpty ? "/" : encoded
    }

    /// Parameters decoded, re-encoded strictly, sorted by name then value.
    package static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { part -> (String, String) in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentEncode(percentDecode(String(kv[0])))
            let value = kv.count > 1 ? percentEncode(percentDecode(String(kv[1]))) : ""
            return (key, value)
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-cased names, sorted; values trimmed with inner runs of spaces collapsed;
    /// repeated headers joined with commas in their original order.
    package static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged = [String: [String]]()
        for (name, value) in headers {
            let collapsed = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
            merged[name.lowercased(), default: []].append(collapsed)
        }
        return merged.keys.sorted().map { ($0, merged[$0]!.joined(separator: ",")) }
    }

    /// RFC 3986 unreserved characters stay; every other byte becomes %XX (upper case).
    public static func percentEncode(_ s: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        let hexDigits = Array("0123456789ABCDEF".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func percentDecode(_ s: String) -> String {
        var out = [UInt8]()
        let bytes = Array(s.utf8)
        var i = 0
        func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2])
            {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hexSHA256(_ bytes: UnsafeRawBufferPointer) -> String {
        hex(Digest.sha256(bytes))
    }

    public static func hexSHA256(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hexSHA256($0) }
    }

    package static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
