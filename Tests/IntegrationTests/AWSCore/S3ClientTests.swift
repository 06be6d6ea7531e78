import Foundation
import TestSupport
import Testing

@testable import AWSCore

/// S3's GetObject, PutObject and ListObjectsV2 through `AWSClient.send`, against moto's
/// server (an independent implementation of S3's wire protocol), path-style as emulators need.
@Suite struct S3ClientTests {
    let bucket = "b" + LocalServer.testID().lowercased()
    var env: AWSEnvironment {
        AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL_S3": LocalServer.moto.url,
            "HOME": "/nonexistent",
        ])
    }

    func client() -> S3Client {
        let env = self.env
        return S3Client(
            region: "us-east-1", env: env, credentials: CredentialCache(chain: CredentialChain.standard(env)), http: HTTPSettings())
    }

    /// CreateBucket, sent as any other signed S3 call (S3Client has no need of it).
    func createBucket(_ s3: S3Client) throws {
        let request = AWSRequest(service: "s3", method: "PUT", url: LocalServer.moto.url + "/" + bucket, errors: .xml)
        try s3.client.send(request, decode: { _ in () })
    }

    @Test func putListAndGetRoundTrip() throws {
        let s3 = client()
        try createBucket(s3)
        let keys = ["in/a.jpg", "in/b c.png", "in/sub/é+ü.jpg", "in/d.jpg", "in/e.jpg", "out/x.json"]
        for (n, key) in keys.enumerated() {
            try s3.putObject(S3Location(bucket: bucket, key: key), body: Array("object \(n)".utf8), contentType: "image/jpeg")
        }
        // Every object under the prefix, in key order, over pages of two (continuation tokens).
        var listed: [S3Client.Object] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try s3.listObjects(bucket: bucket, prefix: "in/", continuation: token, maxKeys: 2)
            #expect(page.objects.count <= 2)
            listed += page.objects
            token = page.next
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(listed.map(\.key) == keys.filter { $0.hasPrefix("in/") }.sorted())
        #expect(listed.first { $0.key == "in/a.jpg" }?.size == 8)
        #expect(try s3.listAllObjects(bucket: bucket, prefix: "").map(\.key) == keys.sorted())
        #expect(try s3.listAllObjects(bucket: bucket, prefix: "nothing/").isEmpty)
        // What was written is what is read, whatever the key's bytes.
        for (n, key) in keys.enumerated() {
            #expect(try s3.getObject(S3Location(bucket: bucket, key: key), maxBytes: 1 << 20) == Array("object \(n)".utf8))
        }
    }

    @Test func errorsAreNamedAndTyped() throws {
        let s3 = client()
        try createBucket(s3)
        #expect {
            try s3.getObject(S3Location(bucket: bucket, key: "missing.jpg"), maxBytes: 1 << 20)
        } throws: {
            guard case .s3(let action, let status, let code, _) = $0 as? ServiceError else { return false }
            return status == 404 && code == "NoSuchKey" && action == "cannot get s3://\(bucket)/missing.jpg"
        }
        #expect {
            try s3.listObjects(bucket: "no-such-bucket-" + bucket, prefix: "")
        } throws: {
            guard case .s3(_, let status, let code, _) = $0 as? ServiceError else { return false }
            return status == 404 && code == "NoSuchBucket" && "\($0)".contains("cannot list s3://no-such-bucket-")
        }
        #expect {
            try s3.getObject(S3Location(bucket: bucket, key: "big.jpg"), maxBytes: 4)
        } throws: { _ in true }
        try s3.putObject(S3Location(bucket: bucket, key: "big.jpg"), body: Array(repeating: 1, count: 100), contentType: "image/jpeg")
        #expect(throws: ServiceError.transport(.responseTooLarge(limit: 4))) {
            try s3.getObject(S3Location(bucket: bucket, key: "big.jpg"), maxBytes: 4)
        }
    }
}
