import Foundation
import TestSupport
import Testing

/// `rekfilter batch` end to end against the stub (README, Batch): a tree of results, done means
/// present, failures reported and the run going on, shards whose union is one run.
@Suite struct BatchTests {
    /// A source folder: pictures in nested folders, a file that is no picture, a link to a
    /// folder above (a loop, not followed), and a damaged JPEG when asked.
    static func sourceFolder(damaged: Bool = false) throws -> URL {
        let root = try TestData.scratch().appendingPathComponent("src")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: TestData.path("exif-orientation/Landscape_1.jpg"), toPath: root.appendingPathComponent("one.jpg").path)
        try fm.copyItem(atPath: TestData.path("pngsuite/PngSuite.png"), toPath: root.appendingPathComponent("a/two.png").path)
        try fm.copyItem(
            atPath: TestData.path("exif-orientation/Portrait_8.jpg"), toPath: root.appendingPathComponent("a/b/three four.jpg").path)
        try Data("not a picture\n".utf8).write(to: root.appendingPathComponent("a/notes.txt"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("a/b/loop").path, withDestinationPath: "../..")
        if damaged {
            let jpeg = try TestData.bytes("exif-orientation/Landscape_1.jpg")
            try Data(jpeg.prefix(2000)).write(to: root.appendingPathComponent("a/broken.jpg"))
        }
        return root
    }

    static let keys = ["a/b/three four", "a/two", "one"]

    /// A number of the closing line: `count("done", …)` of "batch: 3 inputs, 2 done, …".
    static func count(_ what: String, in stderr: String) -> Int {
        guard let line = stderr.split(separator: "\n").last(where: { $0.contains("batch: ") }) else { return -1 }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "," })
        guard let at = words.firstIndex(of: Substring(what)), at > 0 else { return -1 }
        return Int(words[at - 1]) ?? -1
    }

    /// The test's own cache home: batch keeps answers in $XDG_CACHE_HOME/rekfilter by default.
    let cacheHome = try! TestData.scratch()

    var environment: [String: String] { StubEnvironment.keys.merging(["XDG_CACHE_HOME": cacheHome.path]) { _, b in b } }

    func batch(_ arguments: [String], id: String, scenario: String = "ok", stdin: [UInt8]? = nil, env: [String: String] = [:]) throws
        -> Binary.Result
    {
        try Binary.run(
            ["batch"] + arguments + ["-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/\(scenario)"],
            stdin: stdin, environment: environment.merging(env) { _, b in b })
    }

    @Test func aFolderBecomesATreeOfResultsAndARerunMakesNoCall() throws {
        let source = try Self.sourceFolder()
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let id = LocalServer.testID()
        let first = try batch([source.path, "--out", dest.path, "-f", "json", "-f", "png"], id: id)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try LocalServer.stub.requests(id).count == 3)
        for key in Self.keys {
            let json =
                try JSONSerialization.jsonObject(with: Data(contentsOf: dest.appendingPathComponent(key + ".json"))) as! [String: Any]
            #expect((json["CustomLabels"] as? [[String: Any]])?.first?["Name"] as? String == "widget")
            let png = try Data(contentsOf: dest.appendingPathComponent(key + ".png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
        #expect(first.stderr.contains("3 inputs, 3 done, 0 skipped as present"), "\(first.stderr)")
        #expect(first.stderr.contains("(1 file that is no PNG or JPEG skipped)"))
        // Nothing else in DEST: no partial file, no failures.jsonl.
        let written = try FileManager.default.subpathsOfDirectory(atPath: dest.path).filter { !$0.hasSuffix("/") }.sorted()
        #expect(written == ["a", "a/b", "a/b/three four.json", "a/b/three four.png", "a/two.json", "a/two.png", "one.json", "one.png"])

        let again = try batch([source.path, "--out", dest.path, "-f", "json", "-f", "png"], id: id)
        #expect(again.status == 0)
        #expect(try LocalServer.stub.requests(id).count == 3)
        #expect(again.stderr.contains("3 inputs, 0 done, 3 skipped as present"), "\(again.stderr)")
        // A format not yet written makes the inputs not done; their answers come from the cache.
        let third = try batch([source.path, "--out", dest.path, "-f", "json", "-f", "csv"], id: id)
        #expect(third.status == 0)
        #expect(try LocalServer.stub.requests(id).count == 3)
        #expect(third.stderr.contains("3 inputs, 3 done, 0 skipped as present, 3 from cache, 0 failed, 0 calls"), "\(third.stderr)")
        #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent("a/two.csv").path))
    }

    @Test func aFailedInputIsReportedAndTheRestGoOn() throws {
        let source = try Self.sourceFolder(damaged: true)
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let id = LocalServer.testID()
        let result = try batch([source.path, "--out", dest.path], id: id)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("a/broken.jpg: "), "\(result.stderr)")
        #expect(result.stderr.contains("4 inputs, 3 done, 0 skipped as present, 0 from cache, 1 failed"))
        let lines = try String(contentsOf: dest.appendingPathComponent("failures.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let failure = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(failure["Key"] as? String == "a/broken.jpg" && failure["Exit"] as? Int == 65)
        #expect((failure["Source"] as? String)?.hasSuffix("src/a/broken.jpg") == true)
        for key in Self.keys { #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent(key + ".json").path)) }
        // Mended, the next run does that input alone, and failures.jsonl goes.
        try FileManager.default.copyItem(
            atPath: TestData.path("exif-orientation/Landscape_1.jpg"), toPath: source.appendingPathComponent("a/fixed.jpg").path)
        try FileManager.default.removeItem(at: source.appendingPathComponent("a/broken.jpg"))
        let again = try batch([source.path, "--out", dest.path], id: id)
        #expect(again.status == 0)
        #expect(again.stderr.contains("4 inputs, 1 done, 3 skipped as present"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dest.appendingPathComponent("failures.jsonl").path))
    }

    @Test func abortStopsAtTheFirstFailure() throws {
        let source = try Self.sourceFolder(damaged: true)
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let result = try batch([source.path, "--out", dest.path, "--on-error", "abort", "-j", "1"], id: LocalServer.testID())
        #expect(result.status == 65)
        #expect(result.stderr.contains("(stopping: --on-error abort)"))
    }

    /// N processes, each with its shard's index as AWS Batch sets it, together do one run:
    /// every input once.
    @Test func shardsTogetherAreOneRunWithNoInputDoneTwice() throws {
        let source = try Self.sourceFolder()
        for n in 0..<9 {
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/Landscape_\(n % 9).jpg"),
                toPath: source.appendingPathComponent("a/extra\(n).jpg").path)
        }
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        var done = 0
        var requests = 0
        for index in 0..<3 {
            let id = LocalServer.testID()
            let result = try batch(
                // No cache: two inputs are the same picture, and each must be sent.
                [source.path, "--out", dest.path, "--shards", "3", "--no-cache"], id: id, env: ["AWS_BATCH_JOB_ARRAY_INDEX": "\(index)"])
            #expect(result.status == 0, "\(result.stderr)")
            requests += try LocalServer.stub.requests(id).count
            done += Self.count("done", in: result.stderr)
        }
        #expect(done == 12 && requests == 12)
        let results = try FileManager.default.subpathsOfDirectory(atPath: dest.path).filter { $0.hasSuffix(".json") }
        #expect(results.count == 12)
        // The same shards with Kubernetes' variable take the same inputs: all present now.
        let k8s = try batch(
            [source.path, "--out", dest.path, "--shards", "3"], id: LocalServer.testID(), env: ["JOB_COMPLETION_INDEX": "1"])
        #expect(k8s.stderr.contains(" 0 done, "), "\(k8s.stderr)")
    }

    @Test func aListOnStdinNamesItsInputs() throws {
        let source = try Self.sourceFolder()
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let list = [source.appendingPathComponent("one.jpg").path, source.appendingPathComponent("a/b/three four.jpg").path]
        let result = try batch(["-", "-0", "--out", dest.path], id: LocalServer.testID(), stdin: Array(list.joined(separator: "\0").utf8))
        #expect(result.status == 0, "\(result.stderr)")
        // The key of a listed path is the path without its leading slash.
        for path in list {
            #expect(
                FileManager.default.fileExists(atPath: dest.path + "/" + path.dropFirst().replacingOccurrences(of: ".jpg", with: ".json")))
        }
    }

    @Test func aDestinationInsideItsSourceIsRefused() throws {
        let source = try Self.sourceFolder()
        let result = try batch([source.path, "--out", source.appendingPathComponent("a/results").path], id: LocalServer.testID())
        #expect(result.status == 64)
        #expect(result.stderr.contains("inside the source"))
        #expect(!FileManager.default.fileExists(atPath: source.appendingPathComponent("a/results").path))
    }

    /// Killed with SIGKILL mid-run, the same command run again completes the run: every result
    /// whole, nothing done twice beyond what was in flight, no partial file left.
    @Test func aRunKilledAnywhereIsResumedByRunningItAgain() throws {
        let source = try Self.sourceFolder()
        for n in 0..<9 {
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/Landscape_\(n).jpg"), toPath: source.appendingPathComponent("extra\(n).jpg").path)
        }
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let id = LocalServer.testID()
        let arguments = [
            "batch", source.path, "--out", dest.path, "-f", "json", "-f", "png", "-j", "2", "--no-cache", "-m", StubEnvironment.model,
            "--endpoint-url", "\(LocalServer.stub.url)/\(id)/slow=150",
        ]
        let process = Binary.process(arguments, environment: StubEnvironment.keys)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        func results() -> [String] {
            ((try? FileManager.default.subpathsOfDirectory(atPath: dest.path)) ?? []).filter { $0.hasSuffix(".json") }
        }
        while results().count < 3 && Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Done: every result of the input present (its JSON may be written while its PNG is not).
        let before = results().filter {
            FileManager.default.fileExists(atPath: dest.appendingPathComponent($0.replacingOccurrences(of: ".json", with: ".png")).path)
        }.count
        #expect(before < 12, "killed after \(before) inputs were done")
        let sentBefore = try LocalServer.stub.requests(id).count

        let again = try Binary.run(arguments, environment: StubEnvironment.keys)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(results().count == 12)
        // Exactly the inputs that were not done are sent again.
        let sentAfter = try LocalServer.stub.requests(id).count
        #expect(sentAfter - sentBefore == 12 - before, "\(before) done of \(sentBefore) sent before the kill; \(sentAfter) sent after")
        for result in results() {
            #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: dest.appendingPathComponent(result)))) != nil, "\(result)")
            let png = try Data(contentsOf: dest.appendingPathComponent(result.replacingOccurrences(of: ".json", with: ".png")))
            #expect(png.suffix(8) == Data([0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]), "\(result): a whole PNG ends with IEND")
        }
        let left = try FileManager.default.subpathsOfDirectory(atPath: dest.path).filter { $0.contains(".rekfilter") }
        #expect(left.isEmpty, "\(left)")
    }

    /// SIGINT: what is in flight finishes and is written, the exit is 130, and the same command
    /// completes the run.
    @Test func anInterruptedRunEndsCleanlyAndResumes() throws {
        let source = try Self.sourceFolder()
        for n in 0..<9 {
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/Landscape_\(n).jpg"), toPath: source.appendingPathComponent("extra\(n).jpg").path)
        }
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let id = LocalServer.testID()
        let arguments = [
            "batch", source.path, "--out", dest.path, "-j", "1", "-m", StubEnvironment.model,
            "--endpoint-url", "\(LocalServer.stub.url)/\(id)/slow=200",
        ]
        let process = Binary.process(arguments, environment: StubEnvironment.keys)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while try LocalServer.stub.requests(id).count < 2 && Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let written = try FileManager.default.subpathsOfDirectory(atPath: dest.path).filter { $0.hasSuffix(".json") }
        #expect(written.count >= 1 && written.count < 12)
        let again = try Binary.run(arguments, environment: StubEnvironment.keys)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: dest.path).filter { $0.hasSuffix(".json") }.count == 12)
    }

    /// Damaged cache entries are ignored and replaced; no secret is ever in the cache.
    @Test func damagedCacheEntriesAreReplacedAndNoSecretIsKept() throws {
        let source = try Self.sourceFolder()
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let id = LocalServer.testID()
        let first = try batch([source.path, "--out", dest.path], id: id, env: ["AWS_SESSION_TOKEN": "stub-session-token"])
        #expect(first.status == 0, "\(first.stderr)")
        let root = cacheHome.appendingPathComponent("rekfilter")
        let entries = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.count > 3 }.sorted()
        #expect(entries.count == 3)
        for entry in entries {
            let text = try String(decoding: Data(contentsOf: root.appendingPathComponent(entry)), as: UTF8.self)
            for secret in [StubEnvironment.secretKey, StubEnvironment.accessKey, "stub-session-token", "Signature", "Credential="] {
                #expect(!text.contains(secret), "\(entry) holds \(secret)")
            }
        }
        // One entry cut short, one with a byte changed: both are sent again, the third is not.
        let cut = root.appendingPathComponent(entries[0])
        try Data(try Data(contentsOf: cut).prefix(40)).write(to: cut)
        let flipped = root.appendingPathComponent(entries[1])
        var bytes = [UInt8](try Data(contentsOf: flipped))
        bytes[bytes.count - 3] ^= 0x20
        try Data(bytes).write(to: flipped)
        let again = try batch([source.path, "--out", dest.path, "--force"], id: id)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try LocalServer.stub.requests(id).count == 5)
        #expect(again.stderr.contains("1 from cache, 0 failed, 2 calls"), "\(again.stderr)")
        // Replaced: a third run makes no call.
        let third = try batch([source.path, "--out", dest.path, "--force"], id: id)
        #expect(try LocalServer.stub.requests(id).count == 5)
        #expect(third.stderr.contains("3 from cache"), "\(third.stderr)")
    }

    /// The single-image filter keeps answers with --cache DIR (not by default).
    @Test func theFilterUsesTheCacheWhenAsked() throws {
        let cache = try TestData.scratch().path
        let id = LocalServer.testID()
        let arguments = ["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok"]
        let image = TestData.path("exif-orientation/Landscape_1.jpg")
        let plain = try Binary.run(arguments, stdinPath: image, environment: environment)
        #expect(plain.status == 0)
        #expect(try LocalServer.stub.requests(id).count == 1)
        #expect(!FileManager.default.fileExists(atPath: cacheHome.appendingPathComponent("rekfilter").path))
        let first = try Binary.run(arguments + ["--cache", cache], stdinPath: image, environment: environment)
        let second = try Binary.run(arguments + ["--cache", cache, "-v"], stdinPath: image, environment: environment)
        #expect(try LocalServer.stub.requests(id).count == 2)
        #expect(second.status == 0 && second.stdout == first.stdout && first.stdout == plain.stdout)
        #expect(second.stderr.contains("from the cache: 1 label, no call"), "\(second.stderr)")
    }
}

/// `--collect` and `--detections` in batch: one document for the whole run, made again later
/// from the saved results without a call.
@Suite struct BatchCollectTests {
    let cacheHome = try! TestData.scratch()

    func run(_ arguments: [String], id: String) throws -> Binary.Result {
        try Binary.run(
            ["batch"] + arguments + ["-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok"],
            environment: StubEnvironment.keys.merging(["XDG_CACHE_HOME": cacheHome.path]) { _, b in b })
    }

    @Test func collectedDocumentsCoverEveryInputAndAreMadeAgainWithoutACall() throws {
        let source = try BatchTests.sourceFolder(damaged: true)
        let work = source.deletingLastPathComponent()
        let dest = work.appendingPathComponent("out")
        let id = LocalServer.testID()
        let first = try run(
            [
                source.path, "--out", dest.path, "-f", "png", "--collect", "coco:\(work.path)/all.json",
                "--collect", "jsonl:\(work.path)/all.jsonl", "--collect", "csv:\(work.path)/all.csv",
            ], id: id)
        #expect(first.status == 65, "\(first.stderr)")
        // json results are written too: collected documents are made from them.
        #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent("one.json").path))
        let coco = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("all.json"))) as! [String: Any]
        let names = (coco["images"] as! [[String: Any]]).map { $0["file_name"] as! String }
        #expect(names == ["a/b/three four.jpg", "a/two.png", "one.jpg"])
        #expect((coco["annotations"] as! [[String: Any]]).count == 3)
        let lines = try String(contentsOf: work.appendingPathComponent("all.jsonl"), encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.map { $0["Key"] as! String } == ["a/b/three four.jpg", "a/broken.jpg", "a/two.png", "one.jpg"])
        #expect(objects[1]["Error"] as? String != nil && objects[0]["CustomLabels"] != nil && objects[0]["Image"] != nil)
        let csv = try String(contentsOf: work.appendingPathComponent("all.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "key,frame,name,confidence,left,top,width,height,error" && csv.count == 4)
        #expect(csv.contains { $0.hasPrefix("one.jpg,") && $0.contains(",widget,97.5,") })

        // Run again: everything present is read back (no call), the collected COCO is the same.
        let again = try run([source.path, "--out", dest.path, "-f", "png", "--collect", "coco:\(work.path)/again.json"], id: id)
        #expect(again.stderr.contains("3 skipped as present"), "\(again.stderr)")
        // Only the broken input is tried again (and fails again): 3 + 1 calls at most.
        #expect(try LocalServer.stub.requests(id).count == 3)
        let replay = try run([source.path, "--detections", dest.path, "--collect", "coco:\(work.path)/replayed.json"], id: id)
        #expect(replay.stderr.contains("3 replayed"), "\(replay.stderr)")
        #expect(try LocalServer.stub.requests(id).count == 3)
        for other in ["again.json", "replayed.json"] {
            var a = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("all.json"))) as! [String: Any]
            var b = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent(other))) as! [String: Any]
            a["info"] = nil
            b["info"] = nil
            #expect(NSDictionary(dictionary: a).isEqual(to: b), "\(other) differs from the first run's document")
        }
        // pycocotools loads it.
        let loaded = try Command.run([
            "python3", "-c",
            "import sys; from pycocotools.coco import COCO; c = COCO(sys.argv[1]); print(len(c.getImgIds()), len(c.getAnnIds()))",
            work.appendingPathComponent("replayed.json").path,
        ])
        #expect(loaded.stdout.hasSuffix("3 3\n"), "\(loaded.stdout) \(loaded.stderr)")
    }
}

/// Names and places a batch meets in the wild: a key with a line break, a result name longer
/// than the file system allows, two runs writing one DEST at once.
@Suite struct BatchEdgeTests {
    let cacheHome = try! TestData.scratch()

    func batch(_ arguments: [String], id: String = LocalServer.testID()) throws -> Binary.Result {
        try Binary.run(
            ["batch"] + arguments + ["-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/ok"],
            environment: StubEnvironment.keys.merging(["XDG_CACHE_HOME": cacheHome.path]) { _, b in b })
    }

    @Test func oddNamesStayOneLineAndTooLongOnesFailAlone() throws {
        let source = try BatchTests.sourceFolder()
        let picture = TestData.path("exif-orientation/Landscape_3.jpg")
        try FileManager.default.copyItem(atPath: picture, toPath: source.appendingPathComponent("line\nbreak.jpg").path)
        // 252 + ".j" fits; its result, 252 + ".json", does not (255 bytes at most).
        let long = String(repeating: "x", count: 252) + ".j"
        try FileManager.default.copyItem(atPath: picture, toPath: source.appendingPathComponent(long).path)
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let result = try batch([source.path, "--out", dest.path])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent("line\nbreak.json").path))
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.filter { $0.contains("xxxx") }.count == 1)
        #expect(lines.contains { $0.contains(String(repeating: "x", count: 252) + ".j: cannot write") }, "\(result.stderr)")
        #expect(result.stderr.contains("5 inputs, 4 done"), "\(result.stderr)")
        // failures.jsonl keeps the key as it is (JSON escapes it).
        let failure = try String(contentsOf: dest.appendingPathComponent("failures.jsonl"), encoding: .utf8)
        #expect(failure.split(separator: "\n").count == 1 && failure.contains("\"Exit\":74"))
    }

    @Test func aFailureNamesAKeyWithALineBreakOnOneLine() throws {
        let source = try TestData.scratch().appendingPathComponent("src")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        // A JPEG's first bytes, and nothing after them.
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]).write(to: source.appendingPathComponent("bad\nname.jpg"))
        let result = try batch([source.path, "--out", source.deletingLastPathComponent().appendingPathComponent("out").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad\\nname.jpg: "), "\(result.stderr)")
    }

    /// Two runs at once on one DEST: each result whole (written to a partial file and renamed),
    /// no partial file left; an input may be done by both.
    @Test func twoRunsOnOneDestinationCorruptNothing() throws {
        let source = try BatchTests.sourceFolder()
        for n in 0..<9 {
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/Landscape_\(n).jpg"), toPath: source.appendingPathComponent("extra\(n).jpg").path)
        }
        let dest = source.deletingLastPathComponent().appendingPathComponent("out")
        let group = DispatchGroup()
        nonisolated(unsafe) var statuses: [Int32] = [-1, -1]
        for n in 0..<2 {
            onOwnThread(group) {
                statuses[n] = (try? batch([source.path, "--out", dest.path, "-f", "json", "-f", "png", "--no-cache"]))?.status ?? -2
            }
        }
        group.wait()
        #expect(statuses == [0, 0])
        let files = try FileManager.default.subpathsOfDirectory(atPath: dest.path)
        #expect(!files.contains { $0.contains(".rekfilter") }, "\(files)")
        let json = files.filter { $0.hasSuffix(".json") }
        #expect(json.count == 12)
        for name in json {
            #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: dest.appendingPathComponent(name)))) != nil, "\(name)")
            let png = try Data(contentsOf: dest.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".png")))
            #expect(png.suffix(8) == Data([0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]))
        }
    }
}
