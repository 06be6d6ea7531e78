import Foundation
import TestSupport
import Testing

@testable import AWSCore
@testable import RekFilter

@Suite struct ClientTests {
    func client(path: String, attempts: Int = 3, quota: RetryQuota = RetryQuota(), secret: String = StubEnvironment.secretKey) throws
        -> RekognitionClient
    {
        let credentials = CredentialCache(
            fixed: Credentials(accessKeyId: StubEnvironment.accessKey, secretAccessKey: secret, source: "test"))
        return try RekognitionClient(
            endpoint: Endpoint(url: LocalServer.stub.url + path, region: "eu-west-1"), credentials: credentials,
            retry: RetryPolicy(maxAttempts: attempts, backoffScale: 0.01, quota: quota), http: HTTPClient())
    }

    func request(_ bytes: [UInt8] = Array(repeating: 7, count: 1000)) -> DetectCustomLabels {
        DetectCustomLabels(modelARN: StubEnvironment.model, image: .bytes(bytes), minConfidence: 55.5, maxResults: 7)
    }

    @Test func sequentialRequestsShareOneConnection() throws {
        let id = LocalServer.testID()
        let c = try client(path: "/\(id)/ok")
        for _ in 0..<5 { _ = try c.send(request()) }
        #expect(c.http.connectionsOpened == 1)
        let seen = try LocalServer.stub.requests(id)
        #expect(seen.count == 5)
        #expect(seen.allSatisfy { $0["signature_ok"] as? Bool == true })
    }

    /// Clients sharing a pool reuse each other's idle connections.
    @Test func clientsSharingAPoolShareConnections() throws {
        let pool = ConnectionPool()
        let a = HTTPClient(share: pool)
        let b = HTTPClient(share: pool)
        for i in 0..<6 {
            let response = try (i % 2 == 0 ? a : b).send(HTTPRequest(method: "GET", url: "\(LocalServer.stub.url)/__requests/none"))
            #expect(response.status == 200)
        }
        #expect(a.connectionsOpened + b.connectionsOpened == 1)
    }

    @Test func bodyCarriesTheImageAndParameters() throws {
        let id = LocalServer.testID()
        let image = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let detections = try client(path: "/\(id)/ok").send(request(image))
        #expect(
            detections.detections == [
                Detection(
                    label: "widget", confidence: 97.5,
                    box: BoundingBox(width: 0.25, height: 0.5, left: 0.125, top: 0.25))
            ])
        #expect(detections.detector == "custom-labels" && detections.response != nil)
        let seen = try LocalServer.stub.requests(id)[0]
        #expect(seen["ImageBytes"] as? Int == 100_000)
        #expect(seen["MinConfidence"] as? Double == 55.5)
        #expect(seen["MaxResults"] as? Int == 7)
        #expect(seen["ProjectVersionArn"] as? String == StubEnvironment.model)
        #expect(seen["target"] as? String == "RekognitionService.DetectCustomLabels")
        #expect(seen["content_type"] as? String == "application/x-amz-json-1.1")
        #expect(seen["user_agent"] as? String == HTTPSettings().userAgent)
        #expect((seen["scope"] as? String)?.hasSuffix("/eu-west-1/rekognition/aws4_request") == true)
    }

    @Test func throttlingIsRetriedThenSucceeds() throws {
        let id = LocalServer.testID()
        _ = try client(path: "/\(id)/fail=ThrottlingException:400:2").send(request())
        #expect(try LocalServer.stub.requests(id).count == 3)
    }

    @Test func errorsAreTypedAndOnlyRetryableOnesRetried() throws {
        for (type, status, retried) in [
            ("AccessDeniedException", 400, false), ("ProvisionedThroughputExceededException", 400, true),
            ("InternalServerError", 500, true), ("ResourceNotReadyException", 400, false),
            ("ThrottlingException", 500, true),
        ] {
            let id = LocalServer.testID()
            do {
                _ = try client(path: "/\(id)/fail=\(type):\(status):9").send(request())
                Issue.record("succeeded")
            } catch let error as ServiceError {
                #expect(error.type == type)
                #expect(error.isRetryable == retried)
            }
            #expect(try LocalServer.stub.requests(id).count == (retried ? 3 : 1), "\(type)")
        }
    }

    @Test func bareGatewayErrorsAndDroppedConnectionsAreRetried() throws {
        let id = LocalServer.testID()
        _ = try client(path: "/\(id)/status=502:1/drop=2").send(request())
        #expect(try LocalServer.stub.requests(id).count == 3)
    }

    @Test func aSpentQuotaStopsRetrying() throws {
        let quota = RetryQuota(capacity: 5)
        let id = LocalServer.testID()
        #expect(throws: ServiceError.self) { try client(path: "/\(id)/fail=ThrottlingException:400:9", quota: quota).send(request()) }
        #expect(try LocalServer.stub.requests(id).count == 2)  // one retry, then the quota is empty
        #expect(quota.available == 0)
    }

    @Test func wrongSecretIsAnInvalidSignature() throws {
        let id = LocalServer.testID()
        do {
            _ = try client(path: "/\(id)/ok", secret: "not-the-secret").send(request())
            Issue.record("succeeded")
        } catch let error as ServiceError {
            #expect(error.type == "InvalidSignatureException")
            #expect(!"\(error)".contains("not-the-secret"))
        }
    }

    @Test func brokenAndHugeBodiesAreRefused() throws {
        #expect(throws: ServiceError.self) { try client(path: "/\(LocalServer.testID())/garbage").send(request()) }
        #expect(throws: ServiceError.self) { try client(path: "/\(LocalServer.testID())/notjson-200").send(request()) }
        do {
            _ = try client(path: "/\(LocalServer.testID())/huge").send(request())
            Issue.record("accepted 80 MB")
        } catch let error as ServiceError {
            guard case .transport(.responseTooLarge) = error else {
                Issue.record("\(error)")
                return
            }
        }
    }

    @Test func retryDelaysAreJitteredAndCapped() {
        let policy = RetryPolicy()
        for attempt in 1...10 {
            let cap = min(pow(2, Double(attempt - 1)), 20)
            for _ in 0..<50 {
                let d = policy.delay(afterAttempt: attempt)
                #expect(d >= 0 && d < cap)
            }
        }
    }

    @Test func base64MatchesFoundation() {
        // Small sizes take the scalar path; large ones the vector one, with scalar tails.
        for n in [0, 1, 2, 3, 4, 5, 27, 28, 29, 51, 52, 53, 1000, 1001, 1002, 65_536, 100_003] {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) }
            var out = [UInt8]()
            bytes.withUnsafeBytes { Base64.append($0, to: &out) }
            #expect(String(decoding: out, as: UTF8.self) == Data(bytes).base64EncodedString())
        }
    }

    @Test func requestBodyIsValidJSON() throws {
        let request = DetectCustomLabels(
            modelARN: "arn:\"x\"", image: .s3(S3Location(bucket: "b", key: "k/é.jpg", version: "v1")), minConfidence: 0)
        let (body, hash) = (request.body().bytes, request.body().sha256)
        #expect(hash == SigV4Signer.hexSHA256(body))
        let object = try JSONSerialization.jsonObject(with: Data(body)) as! [String: Any]
        #expect(object["ProjectVersionArn"] as? String == "arn:\"x\"")
        let s3 = (object["Image"] as! [String: Any])["S3Object"] as! [String: String]
        #expect(s3 == ["Bucket": "b", "Name": "k/é.jpg", "Version": "v1"])
        #expect(object["MinConfidence"] as? Int == 0)
        #expect(object["MaxResults"] == nil)
    }

    /// The body is built and hashed in 48 KiB pieces: sizes around the piece boundary and padding.
    @Test(arguments: [0, 1, 2, 3, 49151, 49152, 49153, 98305, 200_001])
    func imageBodyAndItsHash(_ size: Int) throws {
        let image = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let request = DetectCustomLabels(modelARN: "arn", image: .bytes(image), maxResults: 2).body()
        let (body, hash) = (request.bytes, request.sha256)
        #expect(hash == SigV4Signer.hexSHA256(body))
        let object = try JSONSerialization.jsonObject(with: Data(body)) as! [String: Any]
        let encoded = (object["Image"] as! [String: String])["Bytes"]!
        #expect(Data(base64Encoded: encoded) == Data(image))
        #expect(object["MaxResults"] as? Int == 2)
    }

    @Test func errorTypeIsTheNameAfterTheHash() {
        let response = HTTPResponse(
            status: 400, headers: [("x-amzn-RequestId", "r1")],
            body: Array(#"{"__type":"com.amazonaws.rekognition#ResourceNotFoundException","Message":"nope"}"#.utf8))
        #expect(
            AWSClient.serviceError(response)
                == .service(type: "ResourceNotFoundException", message: "nope", status: 400, requestId: "r1"))
    }
}
