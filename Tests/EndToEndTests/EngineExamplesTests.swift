import Foundation
import TestSupport
import Testing

/// examples/aws-batch and examples/kubernetes, run as written: the scripts, the job definition
/// and the Indexed Job manifest, with `aws` and `kubectl` replaced by stand-ins that run each
/// shard here with the variable the engine sets (Tests/Examples/fake-engines.py), the release
/// binary as the container, and the stub as the model — started before, stopped after.
@Suite struct EngineExamplesTests {
    static let examples = TestData.projectRoot.appendingPathComponent("examples")

    struct Run {
        var status: Int32
        var stderr: String
        var shards: [[String: Any]]
        var calls: [String]
        var results: [String]
    }

    func run(_ script: String, _ arguments: [String]) throws -> Run {
        let source = try BatchTests.sourceFolder()
        for n in 2..<7 {
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/Landscape_\(n).jpg"), toPath: source.appendingPathComponent("extra\(n).jpg").path)
        }
        let work = source.deletingLastPathComponent()
        let dest = work.appendingPathComponent("results")
        let state = work.appendingPathComponent("state")
        let bin = work.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = TestData.projectRoot.appendingPathComponent("Tests/Examples/fake-engines.py").path
        for tool in ["aws", "kubectl"] {
            try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(tool).path, withDestinationPath: fake)
        }
        let id = LocalServer.testID()
        var env = Binary.cleanEnvironment(StubEnvironment.keys)
        env["PATH"] =
            bin.path + ":" + URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["REKFILTER_MODEL"] = StubEnvironment.model
        env["AWS_ENDPOINT_URL_REKOGNITION"] = "\(LocalServer.stub.url)/\(id)/model=STOPPED/steps=1"
        env["TEST_SOURCE"] = source.path
        env["TEST_DEST"] = dest.path
        env["FAKE_ENGINE_STATE"] = state.path
        env["FAKE_JOB_DEFINITION"] = Self.examples.appendingPathComponent("aws-batch/job-definition.json").path
        env["POLL_SECONDS"] = "0"
        env["XDG_CACHE_HOME"] = work.appendingPathComponent("cache").path
        let result = try Command.run(["bash", Self.examples.appendingPathComponent(script).path] + arguments, environment: env)
        let log = (try? String(contentsOf: state.appendingPathComponent("log"), encoding: .utf8)) ?? ""
        let shards = try log.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let calls = try LocalServer.stub.requests(id).compactMap {
            ($0["target"] as? String)?.replacingOccurrences(of: "RekognitionService.", with: "")
        }
        let results = ((try? FileManager.default.subpathsOfDirectory(atPath: dest.path)) ?? []).filter { $0.hasSuffix(".json") }
        return Run(status: result.status, stderr: result.stderr, shards: shards, calls: calls, results: results.sorted())
    }

    static let expected = [
        "a/b/three four.json", "a/two.json", "extra2.json", "extra3.json", "extra4.json", "extra5.json", "extra6.json", "one.json",
    ]

    func check(_ run: Run, shards: Int, variable: String) {
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.shards.count == shards)
        #expect(run.shards.map { $0["index"] as? Int } == Array(0..<shards))
        #expect(run.shards.allSatisfy { $0["variable"] as? String == variable })
        // Every input once: the shards' union is one run.
        #expect(run.results == Self.expected)
        #expect(run.calls.filter { $0 == "DetectCustomLabels" }.count == Self.expected.count)
        // The model started before the first detection, stopped after the last.
        let start = run.calls.firstIndex(of: "StartProjectVersion")
        let stop = run.calls.lastIndex(of: "StopProjectVersion")
        let first = run.calls.firstIndex(of: "DetectCustomLabels")
        let last = run.calls.lastIndex(of: "DetectCustomLabels")
        #expect(start != nil && stop != nil && first != nil && last != nil)
        if let start, let stop, let first, let last { #expect(start < first && last < stop) }
    }

    @Test func anAWSBatchArrayJobWithTheModelRunningForIt() throws {
        let run = try run("aws-batch/submit.sh", ["my-queue", "s3://my-bucket/incoming/", "s3://my-bucket/results/", "3"])
        check(run, shards: 3, variable: "AWS_BATCH_JOB_ARRAY_INDEX")
        #expect(run.stderr.contains("job job-0001 succeeded"))
    }

    @Test func aKubernetesIndexedJobWithTheModelRunningForIt() throws {
        let run = try run("kubernetes/run.sh", [])
        check(run, shards: 8, variable: "JOB_COMPLETION_INDEX")
        #expect(run.stderr.contains("the job is complete"))
    }
}
