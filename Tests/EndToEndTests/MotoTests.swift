import Foundation
import Testing
import TestSupport
import RekFilter

/// Wire compatibility against moto, an independent implementation of the AWS APIs.
@Suite struct MotoTests {
    let model = "arn:aws:rekognition:us-east-1:123456789012:project/demo/version/demo.1/1"
    var env: [String: String] { ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"] }

    func detect(_ path: String, _ extra: [String] = []) throws -> Binary.Result {
        try Binary.run(["-m", model, "-f", "json", "--endpoint-url", LocalServer.moto.url] + extra,
                       stdinPath: TestData.path(path), environment: env)
    }

    @Test(arguments: ["exif-orientation/Landscape_1.jpg", "exif-orientation/Portrait_8.jpg", "pngsuite/PngSuite.png",
                      "jpeg/jpeg-decoder/progressive3.jpg"])
    func detectCustomLabels(_ path: String) throws {
        let result = try detect(path)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        let labels = object["CustomLabels"] as! [[String: Any]]
        #expect(labels.first?["Name"] as? String == "MyLogo")
        let box = (labels.first?["Geometry"] as? [String: Any])?["BoundingBox"] as? [String: Double]
        #expect(box?["Width"] == 0.198987677693367)
        #expect(object["Image"] != nil)
    }

    @Test func uprightSizeIsReported() throws {
        let result = try detect("exif-orientation/Portrait_8.jpg")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect(object["Image"] as! [String: Int] == ["Width": 1200, "Height": 1800])
    }

    /// An image larger than the service's limits is fitted and accepted.
    @Test func largeImageIsFittedAndSent() throws {
        let scratch = try TestData.scratch()
        let path = scratch.appendingPathComponent("wide.png").path
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=5000x2000", "-frames:v", "1", path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        let result = try Binary.run(["-m", model, "-f", "json", "--endpoint-url", LocalServer.moto.url], stdinPath: path, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect(object["Image"] as! [String: Int] == ["Width": 5000, "Height": 2000])
    }

    /// --s3: the object is named in the request; with no stdin, the pixels come from a signed S3 GET.
    @Test func s3ObjectFromMoto() throws {
        let bucket = "rekfilter-" + LocalServer.testID().lowercased()
        let client = HTTPClient()
        _ = try client.send(HTTPRequest(method: "PUT", url: "\(LocalServer.moto.url)/\(bucket)"))
        let bytes = try TestData.bytes("exif-orientation/Landscape_3.jpg")
        let put = try client.send(HTTPRequest(method: "PUT", url: "\(LocalServer.moto.url)/\(bucket)/photos/land%203.jpg",
                                                    headers: [("Content-Type", "image/jpeg")], body: bytes))
        #expect(put.status == 200)
        let result = try Binary.run(["-m", model, "-f", "json", "--endpoint-url", LocalServer.moto.url, "--s3", "s3://\(bucket)/photos/land 3.jpg"],
                                    stdinPath: "/dev/null", environment: env.merging(["AWS_ENDPOINT_URL_S3": LocalServer.moto.url]) { a, _ in a })
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect(object["Image"] as! [String: Int] == ["Width": 1800, "Height": 1200])
        let missing = try Binary.run(["-m", model, "-f", "json", "--endpoint-url", LocalServer.moto.url, "--s3", "s3://\(bucket)/nope.jpg"],
                                     stdinPath: "/dev/null", environment: env.merging(["AWS_ENDPOINT_URL_S3": LocalServer.moto.url]) { a, _ in a })
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("NoSuchKey"))
    }
}
