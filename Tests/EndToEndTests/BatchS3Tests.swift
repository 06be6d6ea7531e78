import AWSCore
import Foundation
import TestSupport
import Testing

/// `rekfilter batch` with S3 as a real store, against moto: a prefix listed over several pages
/// (more than 1,000 keys, so continuation is used), objects fetched, results and a collected
/// document written with PutObject, presence asked with HeadObject.
@Suite struct BatchS3Tests {
    let bucket = "batch" + LocalServer.testID().lowercased()
    let model = "arn:aws:rekognition:us-east-1:123456789012:project/demo/version/demo.1/1"
    var environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": LocalServer.moto.url,
        ]
    }

    func s3() -> S3Client {
        let env = AWSEnvironment(variables: environment)
        return S3Client(
            region: "us-east-1", env: env, credentials: CredentialCache(chain: CredentialChain.standard(env)), http: HTTPSettings())
    }

    @Test func aPrefixOfMoreThanAThousandKeysIsOneRun() throws {
        let s3 = s3()
        try s3.client.send(
            AWSRequest(service: "s3", method: "PUT", url: LocalServer.moto.url + "/" + bucket, errors: .xml), decode: { _ in () })
        let pictures = ["in/one.jpg": "exif-orientation/Landscape_1.jpg", "in/a/two.png": "pngsuite/PngSuite.png"]
        for (key, path) in pictures {
            try s3.putObject(S3Location(bucket: bucket, key: key), body: TestData.bytes(path), contentType: "image/jpeg")
        }
        for n in 0..<1000 {
            try s3.putObject(
                S3Location(bucket: bucket, key: "in/notes/\(n).txt"), body: Array("note \(n)\n".utf8), contentType: "text/plain")
        }
        let arguments = [
            "batch", "s3://\(bucket)/in/", "--out", "s3://\(bucket)/out/", "-f", "json", "--collect", "coco:s3://\(bucket)/all.json",
            "-m", model,
        ]
        let first = try Binary.run(arguments, timeout: 120, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("2 inputs, 2 done, 0 skipped as present"), "\(first.stderr)")
        #expect(first.stderr.contains("(1000 files that are no PNG or JPEG skipped)"))
        let written = try s3.listAllObjects(bucket: bucket, prefix: "out/").map(\.key)
        #expect(written == ["out/a/two.json", "out/one.json"])
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try s3.getObject(S3Location(bucket: bucket, key: "out/one.json"), maxBytes: 1 << 20))) as! [String: Any]
        #expect((json["CustomLabels"] as? [[String: Any]])?.first?["Name"] as? String == "MyLogo")
        let coco =
            try JSONSerialization.jsonObject(
                with: Data(try s3.getObject(S3Location(bucket: bucket, key: "all.json"), maxBytes: 1 << 20))) as! [String: Any]
        #expect((coco["images"] as! [[String: Any]]).map { $0["file_name"] as! String } == ["a/two.png", "one.jpg"])

        let again = try Binary.run(arguments, timeout: 120, environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("2 inputs, 0 done, 2 skipped as present"), "\(again.stderr)")
    }

    @Test func aDestinationUnderTheSourcePrefixIsRefused() throws {
        let result = try Binary.run(
            ["batch", "s3://\(bucket)/in/", "--out", "s3://\(bucket)/in/results/", "-m", model], environment: environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("inside the source"))
    }
}

/// S3 faults moto cannot make, from the stub: a listing that fails mid-way, an object refused.
@Suite struct BatchS3FaultTests {
    func run(_ arguments: [String], id: String, stdin: [UInt8]? = nil) throws -> (Binary.Result, URL) {
        let dest = try TestData.scratch().appendingPathComponent("out")
        var env = StubEnvironment.keys
        env["AWS_ENDPOINT_URL_S3"] = "\(LocalServer.stub.url)/\(id)"
        env["AWS_REGION"] = "eu-west-1"
        let result = try Binary.run(
            ["batch"] + arguments + [
                "--out", dest.path, "--no-cache", "-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok",
            ],
            stdin: stdin, environment: env)
        return (result, dest)
    }

    /// Page 3 of 4 fails every time: retried, then the run ends with what was listed before it
    /// done and written, and the listing's exit status (75: the service's internal error).
    @Test func aListingThatFailsMidwayKeepsWhatWasDone() throws {
        let id = LocalServer.testID()
        let (result, dest) = try run(["s3://pages-4-failat-3/"], id: id)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("cannot list s3://pages-4-failat-3/: InternalError"), "\(result.stderr)")
        #expect(result.stderr.contains("4 inputs, 4 done"), "\(result.stderr)")
        let written = try FileManager.default.subpathsOfDirectory(atPath: dest.path).sorted()
        #expect(written == ["k10.json", "k11.json", "k20.json", "k21.json"])
        let listings = try LocalServer.stub.requests(id).filter { ($0["s3"] as? String) == "pages-4-failat-3" }
        // Pages 1 and 2, then page 3 three times (the default attempts).
        #expect(listings.count == 5)
    }

    /// One object refused: that input fails (77), the others are done.
    @Test func anObjectRefusedFailsItsInputAlone() throws {
        let list = ["s3://pages-1-failat-0/a1.jpg", "s3://pages-1-failat-0/denied2.jpg", "s3://pages-1-failat-0/b/c3.jpg"]
        let (result, dest) = try run(["-"], id: LocalServer.testID(), stdin: Array(list.joined(separator: "\n").utf8))
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("denied2.jpg: cannot get s3://pages-1-failat-0/denied2.jpg: AccessDenied"), "\(result.stderr)")
        let written = try FileManager.default.subpathsOfDirectory(atPath: dest.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(written == ["a1.json", "b/c3.json"])
    }
}

/// A manifest as the source (bad lines said, the others done), the summary as JSON, and a
/// format plugin's results (the shipped VOC plugin) beside the built-in ones.
@Suite struct BatchManifestTests {
    @Test func aManifestsLinesAreInputsAndTheSummaryIsWritten() throws {
        let work = try TestData.scratch()
        let manifest = work.appendingPathComponent("in.manifest")
        try Data(
            """
            {"source-ref": "s3://pages-1-failat-0/m/x1.jpg", "bounding-box": {"annotations": []}}
            {"no-source": true}

            {"source-ref": "s3://pages-1-failat-0/y0.jpg"}

            """.utf8
        ).write(to: manifest)
        let id = LocalServer.testID()
        var env = StubEnvironment.keys
        env["AWS_ENDPOINT_URL_S3"] = "\(LocalServer.stub.url)/\(id)"
        env["AWS_REGION"] = "eu-west-1"
        env["REKFILTER_PLUGIN_PATH"] = ShippedPluginTests.installed.plugins
        env["XDG_CACHE_HOME"] = work.appendingPathComponent("cache").path  // its own: the calls are counted
        let dest = work.appendingPathComponent("out")
        let summary = work.appendingPathComponent("summary.json")
        let result = try Binary.run(
            [
                "batch", "--manifest", manifest.path, "--out", dest.path, "-f", "json", "-f", "voc", "--summary", summary.path,
                "-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok",
            ], environment: env)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("a manifest line without a source-ref: {\"no-source\": true}"), "\(result.stderr)")
        let written = try FileManager.default.subpathsOfDirectory(atPath: dest.path).filter { $0.contains(".") }.sorted()
        #expect(written == ["m/x1.json", "m/x1.xml", "y0.json", "y0.xml"])
        let voc = try String(contentsOf: dest.appendingPathComponent("m/x1.xml"), encoding: .utf8)
        #expect(voc.contains("<filename>x1.jpg</filename>") && voc.contains("<path>m/x1.jpg</path>"), "\(voc)")
        #expect(voc.contains("<name>widget</name>"), "\(voc)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as! [String: Any]
        #expect(object["inputs"] as? Int == 2 && object["done"] as? Int == 2 && object["failed"] as? Int == 0)
        #expect(object["calls"] as? Int == 2 && (object["seconds"] as? Double ?? -1) >= 0)
    }
}
