import Crypto
import FoundationEssentials

/// The signed, retried transport every Rekognition operation goes over: signs, sends over one
/// kept-alive connection, retries what is worth retrying, and turns every answer into the
/// operation's output or a typed `ServiceError`. One per worker (it owns an HTTPClient, so it
/// is used by one thread at a time); the credential cache and retry quota are shared.
public final class RekognitionClient {
    public let endpoint: Endpoint
    public let credentials: CredentialCache
    public let retry: RetryPolicy
    public let http: HTTPClient
    /// Receives one line per attempt for `-v`. Never given a secret.
    public let log: (@Sendable (String) -> Void)?
    /// Stream mode's adaptive concurrency: each attempt (not each call, so that a backoff
    /// holds no slot) waits for a slot, and reports throttles and successes.
    public let gate: (any RequestGate)?
    private let url: URLParts

    public init(
        endpoint: Endpoint, credentials: CredentialCache, retry: RetryPolicy, http: HTTPClient,
        gate: (any RequestGate)? = nil, log: (@Sendable (String) -> Void)? = nil
    ) throws(ServiceError) {
        guard let url = URLParts(endpoint.url) else { throw .configuration("invalid endpoint URL \(endpoint.url)") }
        self.endpoint = endpoint
        self.credentials = credentials
        self.retry = retry
        self.http = http
        self.log = log
        self.gate = gate
        self.url = url
    }

    /// Sends `operation` and decodes its answer. `order`: this request's place among those
    /// waiting for the gate (a stream's frame number).
    public func send<Operation: RekognitionOperation>(_ operation: Operation, order: Int = 0) throws(ServiceError) -> Operation.Output {
        let body = operation.body()
        let base: [(name: String, value: String)] = [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", Operation.target),
        ]
        var attempt = 0
        var lastCost = 0
        var refreshedExpired = false
        var correctedClock = false
        while true {
            attempt += 1
            let creds: Credentials
            do { creds = try credentials.credentials() } catch { throw .credentials(error) }
            if let gate, !gate.acquire(order: order) { throw .interrupted }
            retry.rateLimiter?.acquire()
            let progressMark = gate?.successes ?? 0
            let started = MonotonicClock.now()
            let outcome = attemptOnce(operation, body: body, headers: base, credentials: creds)
            gate?.release()
            if case .failure(let error) = outcome.result {
                retry.rateLimiter?.record(throttled: error.isThrottle)
            } else {
                retry.rateLimiter?.record(throttled: false)
            }
            let seconds = MonotonicClock.now() - started
            let ms = Int(seconds * 1000)
            switch outcome.result {
            case .success(let output):
                gate?.succeeded(seconds: seconds)
                gate?.observe(nil)
                log?(
                    "attempt \(attempt)/\(retry.maxAttempts): HTTP 200, \(Operation.summary(output)), request id \(outcome.requestId ?? "-"), \(ms) ms"
                )
                // As botocore: a success gives back what its last retry took, or 1.
                retry.quota.release(lastCost > 0 ? lastCost : 1)
                return output
            case .failure(let error):
                if error.isThrottle { gate?.throttled() }
                gate?.observe(error)
                log?("attempt \(attempt)/\(retry.maxAttempts): \(Self.summary(error)), request id \(outcome.requestId ?? "-"), \(ms) ms")
                // Temporary credentials that expired mid-run: fetch new ones once and try again.
                if ["ExpiredTokenException", "ExpiredToken"].contains(error.type ?? ""), outcome.usedSessionToken, !refreshedExpired {
                    refreshedExpired = true
                    credentials.invalidate()
                    attempt -= 1
                    continue
                }
                // A signature refused for its time, and the service's clock far from ours:
                // sign with the service's time and try once more (as aws-sdk-swift does).
                if ServiceError.clockSkew.contains(error.type ?? ""), !correctedClock, let serverTime = outcome.serverTime,
                    retry.clock.learn(serverTime: serverTime)
                {
                    correctedClock = true
                    log?("the service's clock is \(Int(retry.clock.seconds)) s from ours: signing with its time")
                    attempt -= 1
                    continue
                }
                // docs/command-line.md: a throttle behind a gate (a stream) waits for the stream's next
                // success; while the stream makes progress the model is busy, not failing, and
                // the attempt does not count. Only when nothing succeeds does it count.
                if error.isThrottle, let gate {
                    switch gate.awaitProgress(beyond: progressMark) {
                    case nil: throw .interrupted
                    case true?:
                        attempt -= 1
                        log?("throttled while the stream makes progress: retrying when a slot frees, attempt not counted")
                        continue
                    case false?: break
                    }
                }
                guard error.isRetryable, attempt < retry.maxAttempts else { throw error }
                // The retry quota guards a failing service against retry storms; throttling
                // behind a gate is the gate's to pace (it halves the requests in flight).
                if !(error.isThrottle && gate != nil) {
                    var isTimeout = false
                    if case .transport(.timeout) = error { isTimeout = true }
                    guard let cost = retry.quota.acquire(timeout: isTimeout) else {
                        log?("retry quota exhausted: not retrying")
                        throw error
                    }
                    lastCost = cost
                }
                let delay = retry.delay(afterAttempt: attempt, retryAfter: outcome.retryAfter)
                if let gate {
                    guard gate.pause(delay) else { throw error }
                } else {
                    RetryPolicy.sleep(seconds: delay)
                }
            }
        }
    }

    /// One signed attempt: the operation's output or a typed error, with the request id.
    private func attemptOnce<Operation: RekognitionOperation>(
        _ operation: Operation, body: RequestBody, headers base: [(name: String, value: String)],
        credentials creds: Credentials
    )
        -> Attempt<Operation.Output>
    {
        let signer = SigV4Signer(credentials: creds, region: endpoint.region, service: "rekognition")
        let headers = RequestSigning.sign(base, payloadHash: body.sha256, url: url, signer: signer, now: retry.clock.now())
        let token = creds.sessionToken != nil
        let response: HTTPResponse
        do {
            response = try http.send(HTTPRequest(method: "POST", url: endpoint.url, headers: headers, body: body.bytes))
        } catch {
            return Attempt(result: .failure(.transport(error)), requestId: nil, usedSessionToken: token)
        }
        var attempt = Attempt<Operation.Output>(
            result: .failure(.badResponse("")), requestId: response.header("x-amzn-RequestId"), usedSessionToken: token)
        guard response.status == 200 else {
            attempt.result = .failure(Self.serviceError(response))
            attempt.serverTime = response.header("Date").flatMap(WallClock.parseHTTPDate)
            attempt.retryAfter = response.header("Retry-After").flatMap { Double($0) }.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            return attempt
        }
        do {
            attempt.result = .success(try operation.decode(response.body))
        } catch {
            attempt.result = .failure(.badResponse(error.description))
        }
        return attempt
    }

    /// What one attempt came to, with what the retry logic reads from the answer.
    struct Attempt<Output> {
        var result: Result<Output, ServiceError>
        var requestId: String?
        var usedSessionToken: Bool
        /// The answer's Date header: the service's clock.
        var serverTime: Double?
        /// Retry-After, in seconds.
        var retryAfter: Double?
    }

    /// An error document `{"__type": "ns#Name", "message": …}`, or an HTTP status alone.
    public static func serviceError(_ response: HTTPResponse) -> ServiceError {
        struct Document: Decodable {
            var type: String?
            var message: String?
            var capitalMessage: String?
            enum CodingKeys: String, CodingKey {
                case type = "__type"
                case message
                case capitalMessage = "Message"
            }
        }
        let requestId = response.header("x-amzn-RequestId")
        let document = try? JSONDecoder().decode(Document.self, from: Data(response.body))
        var type = document?.type ?? response.header("x-amzn-ErrorType") ?? ""
        if let hash = type.lastIndex(of: "#") { type = String(type[type.index(after: hash)...]) }
        if let colon = type.firstIndex(of: ":") { type = String(type[..<colon]) }
        if type.isEmpty { type = "HTTP \(response.status)" }
        let message = document?.message ?? document?.capitalMessage ?? ""
        return .service(type: type, message: String(message.prefix(300)), status: response.status, requestId: requestId)
    }

    static func summary(_ error: ServiceError) -> String {
        switch error {
        case .service(let type, _, let status, _): return "HTTP \(status) \(type)"
        case .transport(let e): return "\(e)"
        default: return "\(error)"
        }
    }
}
