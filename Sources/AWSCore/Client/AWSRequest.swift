import Basics

/// One call to an AWS service before it is signed: what `AWSClient.send` sends, retries and
/// turns into an answer or a typed error. Every call goes this way: Rekognition's JSON
/// operations, STS's query calls, IAM Identity Center's REST calls, S3's objects and listings.
public struct AWSRequest: Sendable {
    /// How the service writes its error answers.
    public enum ErrorDocument: Sendable {
        /// `{"__type": "ns#Name", "message": …}` or the x-amzn-ErrorType header (JSON protocols).
        case json
        /// `<Error><Code>…</Code><Message>…</Message></Error>` (the query protocol, S3).
        case xml
    }

    /// The signing name: rekognition, sts, s3, …
    public var service: String
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Hex SHA-256 of `body` (given when the caller has it already: Rekognition computes it
    /// while it encodes the picture).
    public var payloadHash: String
    /// False for calls that carry their own proof (a web identity token, an SSO bearer token).
    public var signed: Bool
    public var errors: ErrorDocument
    /// Above this the answer is refused (nil: the transport's limit).
    public var maxResponseBytes: Int?

    public init(
        service: String, method: String = "POST", url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8] = [], payloadHash: String? = nil, signed: Bool = true, errors: ErrorDocument = .json,
        maxResponseBytes: Int? = nil
    ) {
        self.service = service
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.payloadHash = payloadHash ?? SigV4Signer.hexSHA256(body)
        self.signed = signed
        self.errors = errors
        self.maxResponseBytes = maxResponseBytes
    }
}
