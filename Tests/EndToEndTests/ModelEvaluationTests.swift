import AWSCore
import Foundation
import TestSupport
import Testing

/// The model's own evaluation: `model describe`, and `--thresholds model` / `--thresholds FILE`
/// in the filter and in batch, against the stub (DescribeProjectVersions' EvaluationResult and
/// the summary file in its S3).
@Suite struct ModelEvaluationTests {
    func environment(_ id: String) -> [String: String] {
        var env = StubEnvironment.keys
        env["AWS_ENDPOINT_URL_S3"] = "\(LocalServer.stub.url)/\(id)"
        return env
    }

    func endpoint(_ id: String, _ evaluation: String) -> [String] {
        ["--endpoint-url", "\(LocalServer.stub.url)/\(id)/model=RUNNING/evaluation=\(evaluation)"]
    }

    @Test func describeShowsTheEvaluationPerLabel() throws {
        let id = LocalServer.testID()
        let text = try Binary.run(
            ["model", "describe", "-m", StubEnvironment.model] + endpoint(id, "summary.json"), environment: environment(id))
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdoutText.split(separator: "\n")
        #expect(lines.first?.hasPrefix("RUNNING") == true)
        #expect(lines.contains("F1 0.875, precision 0.900, recall 0.850"), "\(text.stdoutText)")
        let rows = lines.map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["widget", "12", "0.950", "0.860", "0.900", "98"]), "\(text.stdoutText)")
        #expect(rows.contains(["gadget", "8", "0.800", "0.800", "0.800", "40"]), "\(text.stdoutText)")
        let json = try Binary.run(
            ["model", "describe", "-m", StubEnvironment.model, "-f", "json"] + endpoint(id, "summary.json"), environment: environment(id))
        let file = try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any]
        #expect(file["Version"] as? Int == 1 && (file["LabelEvaluationResults"] as? [Any])?.count == 2)
    }

    @Test(arguments: [
        ("none", "has no evaluation (EvaluationResult)"), ("v2.json", "Version 2, where rekfilter reads Version 1"),
        ("garbage.json", "not the JSON of an evaluation summary"), ("missing.json", "NoSuchKey"),
    ])
    func aSummaryThatCannotBeUsedIsSaid(_ evaluation: String, _ says: String) throws {
        let id = LocalServer.testID()
        let describe = try Binary.run(
            ["model", "describe", "-m", StubEnvironment.model] + endpoint(id, evaluation), environment: environment(id))
        #expect(describe.status == 69, "\(describe.stderr)")
        #expect(describe.stderr.contains(says), "\(describe.stderr)")
        // Nothing filtered silently: the filter refuses to run without the thresholds it was asked for.
        let filter = try Binary.run(
            ["-m", StubEnvironment.model, "-f", "json", "--thresholds", "model"] + endpoint(id, evaluation),
            stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"), environment: environment(id))
        #expect(filter.status == 69 && filter.stdout.isEmpty && filter.stderr.contains(says), "\(filter.stderr)")
    }

    /// The stub finds a widget at 97.5: the model's own threshold (0.98 → 98) drops it, a file's 90 keeps it.
    @Test func thresholdsFromTheModelOrAFileAreAppliedAfterTheAnswer() throws {
        let id = LocalServer.testID()
        let image = TestData.path("exif-orientation/Landscape_1.jpg")
        let cache = try TestData.scratch().path
        func labels(_ arguments: [String]) throws -> [[String: Any]] {
            let result = try Binary.run(
                ["-m", StubEnvironment.model, "-f", "json"] + arguments + endpoint(id, "summary.json"), stdinPath: image,
                environment: environment(id))
            #expect(result.status == 0, "\(result.stderr)")
            return (try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any])["CustomLabels"] as! [[String: Any]]
        }
        #expect(try labels([]).count == 1)
        #expect(try labels(["--thresholds", "model", "--cache", cache]).isEmpty)
        #expect(try labels(["--thresholds", "model", "--cache", cache]).isEmpty)
        // The summary was fetched once: the second run read it from the cache.
        #expect(try LocalServer.stub.requests(id).filter { ($0["s3"] as? String) == "evaluation/summary.json" }.count == 1)
        let file = try TestData.scratch().appendingPathComponent("thresholds.json")
        try Data(#"{"widget": 90, "gadget": 99}"#.utf8).write(to: file)
        #expect(try labels(["--thresholds", file.path]).count == 1)
        try Data(#"{"widget": 97.6}"#.utf8).write(to: file)
        #expect(try labels(["--thresholds", file.path]).isEmpty)
        try Data(#"{"widget": 101}"#.utf8).write(to: file)
        let bad = try Binary.run(
            ["-m", StubEnvironment.model, "--thresholds", file.path] + endpoint(id, "summary.json"), stdinPath: image,
            environment: environment(id))
        #expect(bad.status == 65 && bad.stderr.contains("the threshold of widget is 101.0, not 0–100"), "\(bad.stderr)")
    }

    /// In a stream, each frame's labels are cut by the thresholds.
    @Test func aStreamIsCutByTheThresholdsToo() throws {
        let id = LocalServer.testID()
        let file = try TestData.scratch().appendingPathComponent("thresholds.json")
        try Data(#"{"widget": 97.6}"#.utf8).write(to: file)
        var frames = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        frames += try TestData.bytes("exif-orientation/Landscape_2.jpg")
        let result = try Binary.run(
            ["-m", StubEnvironment.model, "-f", "json", "--stream", "--thresholds", file.path] + endpoint(id, "summary.json"),
            stdin: frames, environment: environment(id))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect((object["CustomLabels"] as? [Any])?.isEmpty == true, "\(line)")
        }
    }

    @Test func batchAppliesTheModelsThresholdsToEveryResult() throws {
        let source = try BatchTests.sourceFolder()
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let id = LocalServer.testID()
        let result = try Binary.run(
            ["batch", source.path, "--out", dest.path, "-f", "json", "-f", "csv", "--thresholds", "model", "-m", StubEnvironment.model]
                + endpoint(id, "summary.json"), environment: environment(id))
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dest.appendingPathComponent("one.json"))) as! [String: Any]
        #expect((json["CustomLabels"] as? [Any])?.isEmpty == true)
        let csv = try String(contentsOf: dest.appendingPathComponent("one.csv"), encoding: .utf8)
        #expect(!csv.contains("widget"))
    }

    /// The summary file from moto's S3 (an independent S3): the model described by the stub,
    /// its evaluation file put in moto and read back with a signed GET.
    @Test func theSummaryFileFromMotosS3() throws {
        let id = LocalServer.testID()
        var env = StubEnvironment.keys
        env["AWS_ENDPOINT_URL_S3"] = LocalServer.moto.url
        let s3Env = AWSEnvironment(variables: env)
        let s3 = S3Client(
            region: "eu-west-1", env: s3Env, credentials: CredentialCache(chain: CredentialChain.standard(s3Env)), http: HTTPSettings())
        let bucket = "evaluation"
        try? s3.client.send(
            AWSRequest(
                service: "s3", method: "PUT", url: LocalServer.moto.url + "/" + bucket,
                headers: [("Content-Type", "application/xml")],
                body: Array(
                    "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>".utf8),
                errors: .xml), decode: { _ in () })
        let name = "moto-\(id).json"
        let summary =
            #"{"Version": 1, "AggregatedEvaluationResults": {"F1Score": 0.5}, "LabelEvaluationResults": [{"Label": "widget", "Metrics": {"F1Score": 0.5, "Precision": 0.5, "Recall": 0.5, "Threshold": 0.25}}]}"#
        try s3.putObject(S3Location(bucket: bucket, key: name), body: Array(summary.utf8), contentType: "application/json")
        let result = try Binary.run(
            ["model", "describe", "-m", StubEnvironment.model, "-f", "json"] + endpoint(id, name), environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText == summary + "\n")
    }
}
