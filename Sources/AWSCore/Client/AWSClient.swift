import Basics
import FoundationEssentials

/// The one way rekfilter talks to AWS: signs a request, sends it over one kept-alive
/// connection, retries it as its `RetryStrategy` says, fetches fresh credentials once when the
/// service says they expired, corrects the signing clock once when the service says it is
/// off, and turns every answer into the caller's output or a typed `ServiceError`. One per
/// thread (it owns an HTTPClient); the credential cache and the strategy are shared.
public final class AWSClient {
    public let region: String
    /// Nil for a client whose calls are all unsigned.
    public let credentials: CredentialCache?
    public let retry: any RetryStrategy
    public let http: HTTPClient
    /// Receives one line per attempt for `-v`. Never given a secret.
    public let log: (@Sendable (String) -> Void)?

    public init(
        region: String, credentials: CredentialCache?, retry: any RetryStrategy = RetryPolicy(), http: HTTPClient,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.region = region
        self.credentials = credentials
        self.retry = retry
        self.http = http
        self.log = log
    }

    /// Sends `request` until it succeeds or the strategy gives up, and decodes the 2xx answer
    /// with `decode` (a thrown error becomes `.badResponse`). `order`: this call's place among
    /// those a strategy meters (a stream's frame number). `summary` describes a success for `-v`.
    public func send<Output>(
        _ request: AWSRequest, order: Int = 0, decode: (HTTPResponse) throws -> Output,
        summary: (Output) -> String = { _ in "OK" }
    ) throws(ServiceError) -> Output {
        guard let url = URLParts(request.url) else { throw .configuration("invalid endpoint URL \(request.url)") }
        var state = RetryState()
        var attempt = 0
        var refreshedExpired = false
        var correctedClock = false
        while true {
            attempt += 1
            var creds: Credentials?
            if request.signed, let credentials {
                do { creds = try credentials.credentials() } catch { throw .credentials(error) }
            }
            try retry.beginAttempt(order: order, state: &state)
            let started = MonotonicClock.now()
            let outcome = attemptOnce(request, url: url, credentials: creds, decode: decode)
            let seconds = MonotonicClock.now() - started
            let error: ServiceError?
            if case .failure(let e) = outcome.result { error = e } else { error = nil }
            retry.endAttempt(error: error, seconds: seconds, state: &state)
            let tag = "attempt \(attempt)/\(retry.maxAttempts)"
            let ms = Int(seconds * 1000)
            switch outcome.result {
            case .success(let output):
                log?("\(tag): HTTP \(outcome.status), \(summary(output)), request id \(outcome.requestId ?? "-"), \(ms) ms")
                return output
            case .failure(let error):
                log?("\(tag): \(Self.summary(error)), request id \(outcome.requestId ?? "-"), \(ms) ms")
                // Temporary credentials that expired mid-run: fetch new ones once and try again.
                if ["ExpiredTokenException", "ExpiredToken"].contains(error.type ?? ""), creds?.sessionToken != nil,
                    !refreshedExpired
                {
                    refreshedExpired = true
                    credentials?.invalidate()
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
                switch retry.decide(after: error, attempt: attempt, retryAfter: outcome.retryAfter, state: &state) {
                case .retry(let delay):
                    guard retry.pause(delay) else { throw error }
                case .again(let note):
                    log?(note)
                    attempt -= 1
                case .fail(let note):
                    if let note { log?(note) }
                    throw error
                case .interrupted:
                    throw .interrupted
                }
            }
        }
    }

    /// One signed attempt: the decoded output or a typed error, with what the retry logic
    /// reads from the answer.
    private func attemptOnce<Output>(
        _ request: AWSRequest, url: URLParts, credentials: Credentials?, decode: (HTTPResponse) throws -> Output
    ) -> Attempt<Output> {
        var headers = request.headers
        if let credentials {
            let signer = SigV4Signer(
                credentials: credentials, region: region, service: request.service, normalizePath: request.service != "s3")
            headers = RequestSigning.sign(
                headers, payloadHash: request.payloadHash, url: url, signer: signer, method: request.method, now: retry.clock.now())
        }
        let response: HTTPResponse
        do {
            response = try http.send(
                HTTPRequest(method: request.method, url: request.url, headers: headers, body: request.body),
                maxResponseBytes: request.maxResponseBytes)
        } catch {
            return Attempt(result: .failure(.transport(error)))
        }
        var attempt = Attempt<Output>(
            result: .failure(.badResponse("")), status: response.status,
            requestId: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"))
        guard (200..<300).contains(response.status) else {
            attempt.result = .failure(Self.serviceError(response, document: request.errors))
            attempt.serverTime = response.header("Date").flatMap(WallClock.parseHTTPDate)
            attempt.retryAfter = response.header("Retry-After").flatMap { Double($0) }.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            return attempt
        }
        do {
            attempt.result = .success(try decode(response))
        } catch {
            attempt.result = .failure(.badResponse("\(error)"))
        }
        return attempt
    }

    /// What one attempt came to.
    struct Attempt<Output> {
        var result: Result<Output, ServiceError>
        var status = 0
        var requestId: String?
        /// The answer's Date header: the service's clock.
        var serverTime: Double?
        /// Retry-After, in seconds.
        var retryAfter: Double?
    }

    /// The service's error answer as a typed error (its code, message and request id), or
    /// the HTTP status alone when the body says nothing.
    public static func serviceError(_ response: HTTPResponse, document: AWSRequest.ErrorDocument = .json) -> ServiceError {
        var requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        var type = ""
        var message = ""
        switch document {
        case .json:
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
            let parsed = try? JSONDecoder().decode(Document.self, from: Data(response.body))
            type = parsed?.type ?? response.header("x-amzn-ErrorType") ?? ""
            message = parsed?.message ?? parsed?.capitalMessage ?? ""
        case .xml:
            let xml = String(decoding: response.body.prefix(16384), as: UTF8.self)
            type = XML.value("Code", in: xml) ?? ""
            message = XML.value("Message", in: xml) ?? ""
            requestId = requestId ?? XML.value("RequestId", in: xml)
        }
        if let hash = type.lastIndex(of: "#") { type = String(type[type.index(after: hash)...]) }
        if let colon = type.firstIndex(of: ":") { type = String(type[..<colon]) }
        if type.isEmpty { type = "HTTP \(response.status)" }
        return .service(type: type, message: String(message.prefix(300)), status: response.status, requestId: requestId)
    }

    /// An error in a few words, for `-v`.
    static func summary(_ error: ServiceError) -> String {
        switch error {
        case .service(let type, _, let status, _): return "HTTP \(status) \(type)"
        case .transport(let e): return "\(e)"
        default: return "\(error)"
        }
    }
}
