import AWSCore
import Foundation
import RekFilter
import TestSupport
import Testing

/// Wire compatibility against moto, an independent implementation of the AWS APIs.
@Suite struct MotoTests {
    let model = "arn:aws:rekognition:us-east-1:123456789012:project/demo/version/demo.1/1"
    var env: [String: String] { ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"] }

    func detect(_ path: String, _ extra: [String] = []) throws -> Binary.Result {
        try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", LocalServer.moto.url] + extra,
            stdinPath: TestData.path(path), environment: env)
    }

    @Test(arguments: [
        "exif-orientation/Landscape_1.jpg", "exif-orientation/Portrait_8.jpg", "pngsuite/PngSuite.png",
        "jpeg/jpeg-decoder/progressive3.jpg",
    ])
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

    /// Makes a test picture with ffmpeg (its testsrc2 pattern, plus noise so it is big).
    static func picture(_ name: String, size: String) throws -> String {
        let path = try TestData.scratch().appendingPathComponent(name).path
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = [
            "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=\(size)", "-vf", "noise=alls=30:allf=t",
            "-frames:v", "1", "-q:v", "1", path,
        ]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        return path
    }

    /// PNG and JPEG inputs, big (fitted before sending) and small (sent as they are), drawn
    /// at full size: the whole filter against moto.
    @Test(arguments: [
        ("wide.png", "5000x2000", "png"), ("big.jpg", "6000x4000", "jpeg"), ("small.jpg", "640x480", "png"),
        ("small.png", "320x240", "jpeg"),
    ])
    func wholeFilter(_ name: String, _ size: String, _ format: String) throws {
        let path = try Self.picture(name, size: size)
        let result = try Binary.run(
            ["-m", model, "-f", format, "--endpoint-url", LocalServer.moto.url, "-v"], stdinPath: path, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try SourceImage(bytes: result.stdout, limits: SafetyLimits(maxInputBytes: 1 << 30, maxPixels: 1 << 30))
        #expect(output.format.rawValue == format)
        let dims = size.split(separator: "x").map { Int($0)! }
        #expect(output.header.width == dims[0] && output.header.height == dims[1])
        // moto's one label: "MyLogo" at Left 0.079, Top 0.404; its outline's left edge is drawn.
        let pixels = try output.decode()
        let x0 = Int((0.07924537360668182 * Double(dims[0])).rounded())
        let y = Int(0.55 * Double(dims[1]))
        let width = AnnotationStyle(width: dims[0], height: dims[1]).lineWidth
        let color = Palette.color(for: "MyLogo")
        // The closest pixel across the line's width (JPEG's 4:2:0 chroma smears thin lines).
        let distance = (x0..<x0 + width).map { x in
            let p = pixels.pixel(x: x, y: y)
            return abs(Int(p[0]) - Int(color.r)) + abs(Int(p[1]) - Int(color.g)) + abs(Int(p[2]) - Int(color.b))
        }.min()!
        #expect(distance <= (format == "png" ? 0 : 90), "line pixel vs \(color)")
    }

    /// --s3: the object is named in the request; with no stdin, the pixels come from a signed S3 GET.
    @Test func s3ObjectFromMoto() throws {
        let bucket = "rekfilter-" + LocalServer.testID().lowercased()
        let client = HTTPClient()
        _ = try client.send(HTTPRequest(method: "PUT", url: "\(LocalServer.moto.url)/\(bucket)"))
        let bytes = try TestData.bytes("exif-orientation/Landscape_3.jpg")
        let put = try client.send(
            HTTPRequest(
                method: "PUT", url: "\(LocalServer.moto.url)/\(bucket)/photos/land%203.jpg",
                headers: [("Content-Type", "image/jpeg")], body: bytes))
        #expect(put.status == 200)
        let result = try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", LocalServer.moto.url, "--s3", "s3://\(bucket)/photos/land 3.jpg"],
            stdinPath: "/dev/null", environment: env.merging(["AWS_ENDPOINT_URL_S3": LocalServer.moto.url]) { a, _ in a })
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect(object["Image"] as! [String: Int] == ["Width": 1800, "Height": 1200])
        let missing = try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", LocalServer.moto.url, "--s3", "s3://\(bucket)/nope.jpg"],
            stdinPath: "/dev/null", environment: env.merging(["AWS_ENDPOINT_URL_S3": LocalServer.moto.url]) { a, _ in a })
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("NoSuchKey"))
    }
}
