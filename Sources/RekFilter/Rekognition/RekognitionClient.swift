import AWSCore

/// Rekognition over `AWSClient`: each operation is an awsJson1_1 POST to the resolved
/// endpoint, with the operation's body (its SHA-256 computed while the picture was encoded)
/// and its decoder. One per worker (it owns an HTTPClient through its AWSClient).
public final class RekognitionClient {
    public let endpoint: Endpoint
    public let client: AWSClient
    /// Answers kept from earlier requests (`--cache`); nil: every request is sent.
    public let cache: DetectionCache?

    public var credentials: CredentialCache? { client.credentials }
    public var retry: any RetryStrategy { client.retry }
    public var http: HTTPClient { client.http }

    public init(
        endpoint: Endpoint, credentials: CredentialCache, retry: any RetryStrategy, http: HTTPClient,
        cache: DetectionCache? = nil, log: (@Sendable (String) -> Void)? = nil
    ) throws(ServiceError) {
        guard URLParts(endpoint.url) != nil else { throw .configuration("invalid endpoint URL \(endpoint.url)") }
        self.endpoint = endpoint
        self.cache = cache
        self.client = AWSClient(region: endpoint.region, credentials: credentials, retry: retry, http: http, log: log)
    }

    /// Sends `operation` and decodes its answer. `order`: this request's place among those a
    /// retry strategy meters (a stream's frame number).
    public func send<Operation: RekognitionOperation>(_ operation: Operation, order: Int = 0) throws(ServiceError) -> Operation.Output {
        let body = operation.body()
        let key =
            body.cacheable
            ? cache.map { _ in DetectionCache.key(endpoint: endpoint.url, target: Operation.target, bodySHA256: body.sha256) } : nil
        if let key, let cached = cache?.read(key), let output = try? operation.decode(cached) {
            client.log?("from the cache: \(Operation.summary(output)), no call")
            return output
        }
        let request = AWSRequest(
            service: "rekognition", url: endpoint.url,
            headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", Operation.target)],
            body: body.bytes, payloadHash: body.sha256)
        var answer: [UInt8] = []
        let output = try client.send(
            request, order: order,
            decode: { response in
                let output = try operation.decode(response.body)
                answer = response.body
                return output
            }, summary: Operation.summary)
        if let key { cache?.write(key, answer) }
        return output
    }
}
