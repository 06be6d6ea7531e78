import Crypto
import FoundationEssentials

/// What to ask DetectCustomLabels.
public struct DetectRequest: Sendable {
    public enum Image: Sendable {
        case bytes([UInt8])
        case s3(S3Location)
    }

    public var modelARN: String
    public var image: Image
    public var minConfidence: Double?
    public var maxResults: Int?

    public init(modelARN: String, image: Image, minConfidence: Double? = nil, maxResults: Int? = nil) {
        self.modelARN = modelARN
        self.image = image
        self.minConfidence = minConfidence
        self.maxResults = maxResults
    }

    /// The awsJson1_1 body and its SHA-256 (SigV4 needs it before the first byte is sent).
    /// The image's base64 is written straight into the body and hashed piece by piece while
    /// still in cache: one pass over the bytes, no intermediate copies.
    func body() -> (bytes: [UInt8], sha256: String) {
        var prefix = Array("{\"ProjectVersionArn\":".utf8) + JSONText.string(modelARN) + Array(",\"Image\":".utf8)
        var suffix = [UInt8]()
        var image = [UInt8]()
        switch self.image {
        case .bytes(let bytes):
            image = bytes
            prefix += Array("{\"Bytes\":\"".utf8)
            suffix += Array("\"}".utf8)
        case .s3(let location):
            prefix += Array("{\"S3Object\":{\"Bucket\":".utf8) + JSONText.string(location.bucket)
                + Array(",\"Name\":".utf8) + JSONText.string(location.key)
            if let version = location.version { prefix += Array(",\"Version\":".utf8) + JSONText.string(version) }
            prefix += Array("}}".utf8)
        }
        if let minConfidence { suffix += Array(",\"MinConfidence\":\(JSONText.number(minConfidence))".utf8) }
        if let maxResults { suffix += Array(",\"MaxResults\":\(maxResults)".utf8) }
        suffix.append(UInt8(ascii: "}"))

        var hasher = SHA256()
        let total = prefix.count + Base64.encodedCount(image.count) + suffix.count
        let body = [UInt8](unsafeUninitializedCapacity: total) { out, count in
            HugePages.advise(UnsafeMutableRawBufferPointer(out))
            var o = 0
            func put(_ part: [UInt8]) {
                part.withUnsafeBufferPointer { (out.baseAddress! + o).update(from: $0.baseAddress!, count: $0.count) }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(start: out.baseAddress! + o, count: part.count))
                o += part.count
            }
            put(prefix)
            image.withUnsafeBytes { raw in
                let piece = 48 * 1024 // a multiple of 3: padding only at the very end
                var i = 0
                while i < raw.count {
                    let n = min(piece, raw.count - i)
                    let written = Base64.encode(UnsafeRawBufferPointer(rebasing: raw[i..<i + n]), into: out.baseAddress! + o)
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(start: out.baseAddress! + o, count: written))
                    o += written
                    i += n
                }
            }
            put(suffix)
            count = o
        }
        return (body, SigV4Signer.hex(hasher.finalize()))
    }
}

/// A DetectCustomLabels client: signs, sends over one kept-alive connection, retries what is
/// worth retrying, and turns every answer into `Detections` or a typed `ServiceError`.
/// One per worker (it owns an HTTPClient); the credential cache and retry quota are shared.
public final class RekognitionClient: @unchecked Sendable {
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

    public init(endpoint: Endpoint, credentials: CredentialCache, retry: RetryPolicy, http: HTTPClient,
                gate: (any RequestGate)? = nil, log: (@Sendable (String) -> Void)? = nil) throws(ServiceError) {
        guard let url = URLParts(endpoint.url) else { throw .configuration("invalid endpoint URL \(endpoint.url)") }
        self.endpoint = endpoint
        self.credentials = credentials
        self.retry = retry
        self.http = http
        self.log = log
        self.gate = gate
        self.url = url
    }

    /// `order`: this request's place among those waiting for the gate (a stream's frame number).
    public func detectCustomLabels(_ request: DetectRequest, order: Int = 0) throws(ServiceError) -> Detections {
        let (body, payloadHash) = request.body()
        let base: [(name: String, value: String)] = [
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", "RekognitionService.DetectCustomLabels"),
        ]
        var attempt = 0
        var spent = 0
        var refreshedExpired = false
        while true {
            attempt += 1
            let creds: Credentials
            do { creds = try credentials.credentials() } catch { throw .credentials(error) }
            if let gate, !gate.acquire(order: order) { throw .interrupted }
            let progressMark = gate?.successes ?? 0
            let started = MonotonicClock.now()
            let outcome = send(body: body, payloadHash: payloadHash, headers: base, credentials: creds)
            gate?.release()
            let seconds = MonotonicClock.now() - started
            let ms = Int(seconds * 1000)
            switch outcome.result {
            case .success(let detections):
                gate?.succeeded(seconds: seconds)
                gate?.observe(nil)
                log?("attempt \(attempt)/\(retry.maxAttempts): HTTP 200, \(detections.labels.count) labels, request id \(outcome.requestId ?? "-"), \(ms) ms")
                retry.quota.release(spent > 0 ? spent : 1)
                return detections
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
                // SPEC §2: a throttle behind a gate (a stream) waits for the stream's next
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
                    spent += cost
                }
                let delay = retry.delay(afterAttempt: attempt)
                if let gate {
                    guard gate.pause(delay) else { throw error }
                } else {
                    RetryPolicy.sleep(seconds: delay)
                }
            }
        }
    }

    /// One signed attempt: the answer as detections or a typed error, with its request id.
    private func send(body: [UInt8], payloadHash: String, headers base: [(name: String, value: String)], credentials creds: Credentials)
        -> (result: Result<Detections, ServiceError>, requestId: String?, usedSessionToken: Bool) {
        let signer = SigV4Signer(credentials: creds, region: endpoint.region, service: "rekognition")
        let headers = RequestSigning.sign(base, payloadHash: payloadHash, url: url, signer: signer, now: WallClock.now())
        let response: HTTPResponse
        do {
            response = try http.send(HTTPRequest(method: "POST", url: endpoint.url, headers: headers, body: body))
        } catch {
            return (.failure(.transport(error)), nil, creds.sessionToken != nil)
        }
        let requestId = response.header("x-amzn-RequestId")
        guard response.status == 200 else { return (.failure(Self.serviceError(response)), requestId, creds.sessionToken != nil) }
        do {
            return (.success(try Detections.parse(response.body)), requestId, creds.sessionToken != nil)
        } catch {
            return (.failure(.badResponse(error.description)), requestId, creds.sessionToken != nil)
        }
    }

    /// An error document `{"__type": "ns#Name", "message": …}`, or an HTTP status alone.
    public static func serviceError(_ response: HTTPResponse) -> ServiceError {
        struct Document: Decodable {
            var __type: String?
            var message: String?
            var Message: String?
        }
        let requestId = response.header("x-amzn-RequestId")
        let document = try? JSONDecoder().decode(Document.self, from: Data(response.body))
        var type = document?.__type ?? response.header("x-amzn-ErrorType") ?? ""
        if let hash = type.lastIndex(of: "#") { type = String(type[type.index(after: hash)...]) }
        if let colon = type.firstIndex(of: ":") { type = String(type[..<colon]) }
        if type.isEmpty { type = "HTTP \(response.status)" }
        let message = document?.message ?? document?.Message ?? ""
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

/// JSON string and number literals, written byte-exact.
enum JSONText {
    static func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let hex = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 0x0A: out += [92, UInt8(ascii: "n")]
            case 0x0D: out += [92, UInt8(ascii: "r")]
            case 0x09: out += [92, UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// Shortest round-tripping form; integers without a fraction.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}
