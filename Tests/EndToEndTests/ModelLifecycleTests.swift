import Foundation
import TestSupport
import Testing

/// `rekfilter model` (README, The model's lifecycle) through the binary, against the stub's model state machine
/// (moto has no Custom Labels projects): STOPPED → STARTING → RUNNING or FAILED, STOPPING →
/// STOPPED, every request signed and checked. `--poll 0.05` is the user's flag for a fast
/// poll; the stub moves a status on after two polls.
@Suite struct ModelLifecycleTests {
    let model = StubEnvironment.model

    /// The stub URL for a test: its id, then its scenarios.
    func endpoint(_ id: String, _ scenarios: String) -> String { "\(LocalServer.stub.url)/\(id)/\(scenarios)" }

    func model(_ arguments: [String], id: String, scenarios: String = "model=STOPPED", stdinPath: String? = nil) throws -> (
        Binary.Result, [String]
    ) {
        let result = try Binary.run(
            ["model"] + arguments.prefix(1) + ["--endpoint-url", endpoint(id, scenarios)] + arguments.dropFirst(), stdinPath: stdinPath,
            environment: StubEnvironment.keys)
        #expect(!result.stderr.contains(StubEnvironment.secretKey) && !result.stdoutText.contains(StubEnvironment.secretKey))
        let seen = try LocalServer.stub.requests(id)
        #expect(seen.allSatisfy { $0["signature_ok"] as? Bool == true }, "every request signed and accepted")
        return (result, seen.map { ($0["target"] as? String ?? "").replacingOccurrences(of: "RekognitionService.", with: "") })
    }

    /// The body the stub saw for the first call of `operation`.
    func body(_ id: String, _ operation: String) throws -> [String: Any]? {
        try LocalServer.stub.requests(id).first { ($0["target"] as? String) == "RekognitionService.\(operation)" }?["body"]
            as? [String: Any]
    }

    @Test func statusPrintsOneLineAndJSONAsTheServiceAnswered() throws {
        let (text, calls) = try model(["status", "-m", model], id: LocalServer.testID())
        #expect(text.status == 0)
        #expect(text.stdoutText.hasPrefix("STOPPED ") && text.stdoutText.contains(model) && text.stdoutText.hasSuffix("\n"))
        #expect(calls == ["DescribeProjects", "DescribeProjectVersions"])
        let id = LocalServer.testID()
        let (json, _) = try model(["status", "-m", model, "-f", "json"], id: id)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any]
        let version = (object["ProjectVersionDescriptions"] as! [[String: Any]])[0]
        #expect(version["Status"] as? String == "STOPPED" && version["ProjectVersionArn"] as? String == model)
        // The project ARN is looked up (another timestamp than the version's), then used.
        #expect(try body(id, "DescribeProjects")?["ProjectNames"] as? [String] == ["widgets"])
        let describe = try #require(try body(id, "DescribeProjectVersions"))
        #expect(describe["ProjectArn"] as? String == "arn:aws:rekognition:eu-west-1:123456789012:project/widgets/1690000000000")
        #expect(describe["VersionNames"] as? [String] == ["widgets.2024"])
    }

    @Test func startAsksOnceAndWaitsUntilRunning() throws {
        let id = LocalServer.testID()
        let (result, calls) = try model(["start", "-m", model, "--poll", "0.05", "--min-units", "2", "--max-units", "4"], id: id)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(calls.filter { $0 == "StartProjectVersion" }.count == 1)
        #expect(calls.last == "DescribeProjectVersions")
        #expect(result.stdoutText.hasPrefix("RUNNING ") && result.stdoutText.contains(" 2-4 "))
        #expect(result.stderr.contains("billed until it is stopped"))
        let start = try #require(try body(id, "StartProjectVersion"))
        #expect(
            start["ProjectVersionArn"] as? String == model && start["MinInferenceUnits"] as? Int == 2
                && start["MaxInferenceUnits"] as? Int == 4)
    }

    @Test(arguments: ["RUNNING", "STARTING"])
    func startOfARunningOrStartingModelMakesNoNewStart(status: String) throws {
        let (result, calls) = try model(["start", "-m", model, "--poll", "0.05"], id: LocalServer.testID(), scenarios: "model=\(status)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!calls.contains("StartProjectVersion"))
        #expect(result.stdoutText.hasPrefix("RUNNING "))
        #expect(result.stderr.contains("already"))
    }

    @Test func startWithNoWaitReturnsWhileStarting() throws {
        let (result, calls) = try model(
            ["start", "-m", model, "--no-wait", "--poll", "0.05"], id: LocalServer.testID(), scenarios: "model=STOPPED/steps=5")
        #expect(result.status == 0 && result.stdoutText.hasPrefix("STARTING "))
        #expect(calls.filter { $0 == "StartProjectVersion" }.count == 1)
    }

    @Test func stopAsksOnceAndWaitsUntilStopped() throws {
        let (result, calls) = try model(["stop", "-m", model, "--poll", "0.05"], id: LocalServer.testID(), scenarios: "model=RUNNING")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(calls.filter { $0 == "StopProjectVersion" }.count == 1)
        #expect(result.stdoutText.hasPrefix("STOPPED "))
        let (again, againCalls) = try model(["stop", "-m", model], id: LocalServer.testID(), scenarios: "model=STOPPED")
        #expect(again.status == 0 && !againCalls.contains("StopProjectVersion") && again.stderr.contains("no new stop"))
    }

    @Test func aModelThatFailsToStartIs69WithTheServicesMessage() throws {
        let (result, _) = try model(["start", "-m", model, "--poll", "0.05"], id: LocalServer.testID(), scenarios: "startto=FAILED")
        #expect(result.status == 69 && result.stdout.isEmpty)
        #expect(result.stderr.contains("The model failed to deploy: stub failure"))
    }

    @Test func aWaitThatTimesOutIs75AndNamesTheStatus() throws {
        let (result, _) = try model(
            ["start", "-m", model, "--poll", "0.05", "--wait-timeout", "0.3"], id: LocalServer.testID(),
            scenarios: "model=STOPPED/steps=1000")
        #expect(result.status == 75 && result.stdout.isEmpty)
        #expect(result.stderr.contains("gave up waiting") && result.stderr.contains("STARTING"))
    }

    @Test func listPrintsEveryVersionOfTheProject() throws {
        let (result, calls) = try model(["list", "--region", "eu-west-1"], id: LocalServer.testID(), scenarios: "model=RUNNING")
        #expect(result.status == 0 && result.stdoutText.split(separator: "\n").count == 1 && result.stdoutText.hasPrefix("RUNNING "))
        #expect(calls == ["DescribeProjects", "DescribeProjectVersions"])
        let (json, _) = try model(["list", "--region", "eu-west-1", "-f", "json"], id: LocalServer.testID())
        let lines = json.stdoutText.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        let (missing, _) = try model(["list", "--region", "eu-west-1", "--project", "gadgets"], id: LocalServer.testID())
        #expect(missing.status == 69 && missing.stderr.contains("no Custom Labels project named 'gadgets'"))
    }

    @Test func runStartsDetectsAndStops() throws {
        let id = LocalServer.testID()
        let url = endpoint(id, "model=STOPPED")
        // The command is the filter itself: it finds the model in REKFILTER_MODEL.
        let (result, calls) = try model(
            ["run", "-m", model, "--poll", "0.05", "--", Binary.path, "-f", "json", "--endpoint-url", url], id: id,
            stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains(#""CustomLabels""#), "the command's stdout passes through")
        #expect(calls.filter { $0 == "StartProjectVersion" }.count == 1 && calls.filter { $0 == "StopProjectVersion" }.count == 1)
        let detect = try #require(calls.firstIndex(of: "DetectCustomLabels"))
        #expect(calls.firstIndex(of: "StartProjectVersion")! < detect && detect < calls.firstIndex(of: "StopProjectVersion")!)
        #expect(result.stderr.contains("the model is stopped"))
    }

    @Test func runStopsTheModelWhenTheCommandFailsAndKeepsItsStatus() throws {
        let (result, calls) = try model(["run", "-m", model, "--poll", "0.05", "--", "sh", "-c", "exit 7"], id: LocalServer.testID())
        #expect(result.status == 7)
        #expect(calls.contains("StopProjectVersion"))
        let (missing, missingCalls) = try model(
            ["run", "-m", model, "--poll", "0.05", "--", "/nonexistent/command"], id: LocalServer.testID())
        // A command that cannot run is found out before the model is started (and billed).
        #expect(
            missing.status == 127 && missing.stderr.contains("cannot run '/nonexistent/command': no such file; the model was not started"))
        #expect(!missingCalls.contains("StartProjectVersion"))
        let (notOnPath, _) = try model(["run", "-m", model, "--", "no-such-command-anywhere"], id: LocalServer.testID())
        #expect(notOnPath.status == 127 && notOnPath.stderr.contains("not found on PATH"))
    }

    @Test func runLeavesAModelItDidNotStartRunning() throws {
        let (result, calls) = try model(
            ["run", "-m", model, "--poll", "0.05", "--", "sh", "-c", #"test "$REKFILTER_MODEL" = "$0""#, model], id: LocalServer.testID(),
            scenarios: "model=RUNNING")
        #expect(result.status == 0, "REKFILTER_MODEL is set for the command")
        #expect(!calls.contains("StartProjectVersion") && !calls.contains("StopProjectVersion"))
        #expect(result.stderr.contains("it is left running"), "\(result.stderr)")
    }

    @Test func runOnAModelThatFailsRunsNothing() throws {
        let scratch = try TestData.scratch()
        let marker = scratch.appendingPathComponent("ran").path
        let (result, _) = try model(
            ["run", "-m", model, "--poll", "0.05", "--", "touch", marker], id: LocalServer.testID(), scenarios: "startto=FAILED")
        #expect(result.status == 69 && !FileManager.default.fileExists(atPath: marker))
    }

    @Test func aStopThatFailsIsLoudAndNonZero() throws {
        let (result, _) = try model(
            ["run", "-m", model, "--poll", "0.05", "--", "true"], id: LocalServer.testID(),
            scenarios: "model=STOPPED/stopfail=AccessDeniedException")
        #expect(result.status == 77)
        #expect(
            result.stderr.contains("THE MODEL IS STILL RUNNING AND BILLING") && result.stderr.contains("rekfilter model stop -m \(model)"))
    }

    @Test func runPassesSIGTERMToTheCommandThenStopsTheModel() throws {
        let id = LocalServer.testID()
        let marker = try TestData.scratch().appendingPathComponent("started").path
        let p = Binary.process(
            [
                "model", "run", "-m", model, "--poll", "0.05", "--endpoint-url", endpoint(id, "model=STOPPED"), "--", "sh", "-c",
                "touch \(marker); exec sleep 30",
            ], environment: StubEnvironment.keys)
        let err = Pipe()
        p.standardError = err
        try p.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline { usleep(20_000) }
        #expect(FileManager.default.fileExists(atPath: marker), "the command started")
        kill(p.processIdentifier, SIGTERM)
        #expect(Self.exits(p, within: 20))
        #expect(p.terminationReason == .exit && p.terminationStatus == 143)
        let calls = try LocalServer.stub.requests(id).compactMap { $0["target"] as? String }
        #expect(calls.contains("RekognitionService.StopProjectVersion"))
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("the model is stopped"))
    }

    @Test func aSignalDuringTheStartsWaitStopsTheModelItStarted() throws {
        let id = LocalServer.testID()
        let marker = try TestData.scratch().appendingPathComponent("ran").path
        let p = Binary.process(
            [
                "model", "run", "-m", model, "--poll", "0.05", "--endpoint-url", endpoint(id, "model=STOPPED/steps=100000/stopsteps=2"),
                "--", "touch", marker,
            ],
            environment: StubEnvironment.keys)
        p.standardError = FileHandle.nullDevice
        try p.run()
        try Self.waitForCall(id, "StartProjectVersion")
        kill(p.processIdentifier, SIGINT)
        #expect(Self.exits(p, within: 20))
        #expect(p.terminationReason == .exit && p.terminationStatus == 130)
        #expect(!FileManager.default.fileExists(atPath: marker), "the command never ran")
        let calls = try LocalServer.stub.requests(id).compactMap { $0["target"] as? String }
        #expect(calls.contains("RekognitionService.StopProjectVersion"))
    }

    /// A signal while a lifecycle request is in flight is not forgotten when the answer says
    /// RUNNING: the command never runs, the model this run started is stopped, 130.
    @Test func aSignalDuringARequestIsActedOnWhenItReturns() throws {
        let id = LocalServer.testID()
        let marker = try TestData.scratch().appendingPathComponent("ran").path
        let p = Binary.process(
            [
                "model", "run", "-m", model, "--poll", "0.05", "--endpoint-url", endpoint(id, "model=STOPPED/steps=1/lifeslow=700"),
                "--", "touch", marker,
            ], environment: StubEnvironment.keys)
        p.standardError = FileHandle.nullDevice
        try p.run()
        try Self.waitForCall(id, "StartProjectVersion")
        kill(p.processIdentifier, SIGINT)  // the start's answer is 0.7 s away; the next answer says RUNNING
        #expect(Self.exits(p, within: 20))
        #expect(p.terminationStatus == 130)
        #expect(!FileManager.default.fileExists(atPath: marker), "no command may start after a signal")
        let calls = try LocalServer.stub.requests(id).compactMap { $0["target"] as? String }
        #expect(calls.contains("RekognitionService.StopProjectVersion"))

        // `model start`: a signal while the status is looked up starts nothing.
        let startID = LocalServer.testID()
        let start = Binary.process(
            ["model", "start", "-m", model, "--endpoint-url", endpoint(startID, "model=STOPPED/lifeslow=700")],
            environment: StubEnvironment.keys)
        start.standardError = FileHandle.nullDevice
        try start.run()
        Thread.sleep(forTimeInterval: 0.3)
        kill(start.processIdentifier, SIGINT)
        #expect(Self.exits(start, within: 20))
        #expect(start.terminationStatus == 130)
        #expect(try !LocalServer.stub.requests(startID).contains { ($0["target"] as? String)?.hasSuffix("StartProjectVersion") == true })
    }

    /// `kill -INT -PGID` (what a process-group or systemd stop sends): the inner stream gets the
    /// signal from the group and again from `model run`; it is one request, so the stream still
    /// finishes its in-flight frames and writes them.
    @Test func aProcessGroupSignalIsOneRequest() throws {
        let id = LocalServer.testID()
        let frames = try StreamTests.frames(30)
        let out = try TestData.scratch().appendingPathComponent("frames.jsonl").path
        let url = endpoint(id, "model=RUNNING/slow=800")
        let p = Process()
        // A process group of its own, led by `model run` (exec keeps the pid).
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c", "import os, sys; os.setpgid(0, 0); os.execv(sys.argv[1], sys.argv[1:])", Binary.path, "model", "run", "-m",
            model, "--endpoint-url", url, "--", Binary.path, "--stream", "-j", "4", "-f", "json",
            "--endpoint-url", url, "-o", out,
        ]
        p.environment = Binary.cleanEnvironment(StubEnvironment.keys)
        p.standardInput = FileHandle(forReadingAtPath: frames)
        let err = Pipe()
        p.standardError = err
        try p.run()
        Thread.sleep(forTimeInterval: 2.0)
        kill(-p.processIdentifier, SIGINT)
        #expect(Self.exits(p, within: 20))
        #expect(p.terminationStatus == 130)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("interrupted: stopped after"), "the stream finished its frames: \(stderr)")
        let lines = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(lines.count >= 4 && lines.count < 30, "\(lines.count) frames written")
    }

    /// The stop that ends billing is asked again while it fails for a reason that passes.
    @Test func aThrottledStopIsAskedAgain() throws {
        let (result, calls) = try model(
            ["run", "-m", model, "--poll", "0.05", "--", "true"], id: LocalServer.testID(), scenarios: "model=STOPPED/stopflaky=4")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(calls.filter { $0 == "StopProjectVersion" }.count >= 2)
        #expect(result.stderr.contains("the model is stopped"))
    }

    /// Waits (up to 20 s) until the stub has seen a call of `operation` for test `id`.
    static func waitForCall(_ id: String, _ operation: String) throws {
        let deadline = Date().addingTimeInterval(20)
        while try !LocalServer.stub.requests(id).contains(where: { ($0["target"] as? String)?.hasSuffix(operation) == true }),
            Date() < deadline
        {
            usleep(20_000)
        }
    }

    /// Waits for `p` to end; a hang is killed and reported, never left to hang the suite.
    static func exits(_ p: Process, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        guard p.isRunning else { return true }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        return false
    }

    @Test func aSignalDuringStartsWaitLeavesTheModelStartingAndSaysSo() throws {
        let id = LocalServer.testID()
        let p = Binary.process(
            ["model", "start", "-m", model, "--poll", "0.05", "--endpoint-url", endpoint(id, "model=STOPPED/steps=100000")],
            environment: StubEnvironment.keys)
        let err = Pipe()
        p.standardError = err
        try p.run()
        try Self.waitForCall(id, "StartProjectVersion")
        kill(p.processIdentifier, SIGINT)
        #expect(Self.exits(p, within: 20))
        #expect(p.terminationStatus == 130)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("goes on starting") && stderr.contains("rekfilter model stop -m \(model)"))
        let calls = try LocalServer.stub.requests(id).compactMap { $0["target"] as? String }
        #expect(!calls.contains("RekognitionService.StopProjectVersion"), "start never stops what it was asked to start")
    }

    @Test func theFiltersNotReadyMessageNamesTheFix() throws {
        let result = try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", endpoint(LocalServer.testID(), "model=STOPPED")],
            stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"), environment: StubEnvironment.keys)
        #expect(result.status == 69 && result.stdout.isEmpty)
        #expect(result.stderr.contains("rekfilter model start -m \(model)"))
    }

    @Test(arguments: [
        (["run", "-m", StubEnvironment.model], "no command to run"),
        (["start"], "no model"),
        (["status", "-m", "arn:aws:s3:::bucket"], "malformed model ARN"),
        (["start", "-m", StubEnvironment.model, "--min-units", "0"], "--min-units"),
        (["start", "-m", StubEnvironment.model, "--min-units", "3", "--max-units", "2"], "--max-units"),
        (["start", "-m", StubEnvironment.model, "--poll", "nan"], "--poll"),
        (["stop", "-m", StubEnvironment.model, "--wait-timeout", "-1"], "--wait-timeout"),
        (["frobnicate"], "frobnicate"),
        ([], "wants a subcommand"),
    ])
    func usageErrorsAre64AndOneLine(arguments: [String], says: String) throws {
        let result = try Binary.run(["model"] + arguments, environment: StubEnvironment.keys)
        #expect(result.status == 64 && result.stdout.isEmpty)
        #expect(result.stderr.contains(says) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
