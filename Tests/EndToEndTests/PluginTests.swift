import Foundation
import RekFilter
import TestSupport
import Testing

/// Format plugins through the binary (docs/plugins.md): discovery, handshake, the message sequence,
/// the output passed through, and every way a plugin can fail. The test plugin is written from
/// the protocol alone, in Python (Tests/Plugins/test_plugin.py).
@Suite struct PluginTests {
    let image = TestData.path("exif-orientation/Landscape_1.jpg")

    /// A plugin folder holding the test format plugin under each of `names`.
    static func folder(_ names: [String]) throws -> String { try install("test_plugin.py", as: .format, names) }

    /// A plugin folder holding `script` (in Tests/Plugins) as the `kind` plugin of each of `names`.
    static func install(_ script: String, as kind: PluginKind, _ names: [String]) throws -> String {
        let folder = try TestData.scratch()
        let source = TestData.projectRoot.appendingPathComponent("Tests/Plugins/\(script)").path
        for name in names {
            let path = folder.appendingPathComponent(kind.prefix + name).path
            try FileManager.default.copyItem(atPath: source, toPath: path)
            #expect(chmod(path, 0o755) == 0)
        }
        return folder.path
    }

    static let detections: String = {
        let url = try! TestData.scratch().appendingPathComponent("d.json")
        try!
            #"{"CustomLabels":[{"Name":"widget","Confidence":97.5,"Geometry":{"BoundingBox":{"Width":0.25,"Height":0.5,"Left":0.125,"Top":0.25}}},{"Name":"scene","Confidence":70}]}"#
            .write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }()

    func run(_ plugins: String, _ arguments: [String], stdinPath: String? = nil, environment: [String: String] = [:], timeout: Double = 60)
        throws
        -> Binary.Result
    {
        try Binary.run(
            arguments, stdinPath: stdinPath ?? image, timeout: timeout,
            environment: environment.merging(["REKFILTER_PLUGIN_PATH": plugins]) { a, _ in a })
    }

    @Test func aFormatPluginWritesTheOutput() throws {
        let plugins = try Self.folder(["echo"])
        let result = try run(plugins, ["--detections", Self.detections, "-f", "echo", "-O", "classes=a,b", "-O", "x=1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutText
                == "0 widget 97.5\n0 scene 70\nframe 0 payload 0 error False\nend 1 options classes=a,b x=1\ncredentials seen: none\n")
        #expect(result.stderr.isEmpty)
    }

    /// `needs: pixels` brings the upright picture as PPM; `needs: original` the input's bytes.
    @Test func payloadsArriveAsDeclared() throws {
        let plugins = try Self.folder(["pixels", "original"])
        let ppm = try run(
            plugins, ["--detections", Self.detections, "-f", "pixels"], stdinPath: TestData.path("exif-orientation/Landscape_6.jpg"))
        #expect(ppm.status == 0, "\(ppm.stderr)")
        #expect(ppm.stdoutText.contains("frame 0 payload \(17 + 3 * 1800 * 1200) error False\nppm image/x-portable-pixmap "))
        let original = try run(plugins, ["--detections", Self.detections, "-f", "original"])
        let size = try FileManager.default.attributesOfItem(atPath: image)[.size] as! Int
        #expect(original.stdoutText.contains("frame 0 payload \(size) error False\noriginal image/jpeg ffd8ff\n"))
    }

    @Test func credentialsNeverReachAPlugin() throws {
        let plugins = try Self.folder(["echo"])
        let secrets = [
            "AWS_ACCESS_KEY_ID": "AKIDSTUB", "AWS_SECRET_ACCESS_KEY": "stub-secret", "AWS_SESSION_TOKEN": "token",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-token",
        ]
        let result = try run(
            plugins, ["-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/ok", "-f", "echo"],
            environment: secrets)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.hasSuffix("credentials seen: none\n"))
    }

    /// `-o out.EXT` finds the plugin that declares EXT; its output lands there, atomically.
    @Test func outputFileByTheExtensionAPluginDeclares() throws {
        let plugins = try Self.folder(["echo"])
        let folder = try TestData.scratch()
        let out = folder.appendingPathComponent("labels.echo").path
        let result = try run(plugins, ["--detections", Self.detections, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("0 widget 97.5\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["labels.echo"])
    }

    /// One plugin process for a whole stream; 100 frames through it with -j 8 stay in order.
    @Test func aStreamThroughAPluginKeepsOrder() throws {
        let plugins = try Self.folder(["echo"])
        let frames = try StreamTests.frames(100, size: "96x64")
        let result = try run(
            plugins,
            [
                "-m", StubEnvironment.model, "--stream", "-j", "8", "-f", "echo",
                "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/echo/slow=20",
            ],
            stdinPath: frames, environment: StubEnvironment.keys)
        #expect(result.status == 0, "\(result.stderr)")
        let sizes = try StreamTests.frameSizes(frames)
        let rows = result.stdoutText.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.count == 100)
        for (i, row) in rows.enumerated() {
            #expect(row == "\(i) bytes-\(sizes[i]) 97.5", "row \(i)")
        }
        #expect(result.stdoutText.contains("end 100 options"))
    }

    @Test func listingShowsPluginsAndWhyOnesCannotBeUsed() throws {
        let plugins = try Self.folder(["echo", "badinfo", "proto2", "png"])
        let list = try run(plugins, ["--list-formats"])
        #expect(list.status == 0)
        let lines = list.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("echo\ttext/plain\ttest plugin echo (plugin \(plugins)/rekfilter-format-echo)"))
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "badinfo\t-\tplugin \(plugins)/rekfilter-format-badinfo cannot be used: its --rekfilter-plugin-info answer is not")
            })
        #expect(lines.contains { $0.hasPrefix("proto2\t-\t") && $0.contains("it speaks protocol 2; this rekfilter speaks 1") })
        #expect(lines.contains("png\t-\tplugin \(plugins)/rekfilter-format-png, not used: the built-in format of that name wins"))
        #expect(lines.first?.hasPrefix("png\timage/png\t") == true)
    }

    /// The built-in wins over a plugin of the same name.
    @Test func aBuiltInNameCannotBeTaken() throws {
        let plugins = try Self.folder(["png"])
        let result = try run(plugins, ["--detections", Self.detections, "-f", "png"])
        #expect(result.status == 0)
        #expect(try SourceImage(bytes: result.stdout).format == .png)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var plugin: String
        var status: Int32
        var says: String
        var testDescription: String { plugin }
    }

    @Test(arguments: [
        Failure(plugin: "badinfo", status: 69, says: "cannot be used: its --rekfilter-plugin-info answer is not a JSON object"),
        Failure(plugin: "proto2", status: 69, says: "it speaks protocol 2; this rekfilter speaks 1"),
        Failure(plugin: "wrongname", status: 69, says: "it calls itself 'other', not 'wrongname'"),
        Failure(plugin: "slowinfo", status: 69, says: "gave no answer to --rekfilter-plugin-info within 5 s"),
        Failure(plugin: "fails", status: 70, says: "exited with status 3"),
        Failure(plugin: "crash", status: 70, says: "was killed by signal 11"),
        Failure(plugin: "noread", status: 70, says: "stopped reading its input"),
        Failure(plugin: "nosuch", status: 64, says: "unknown format 'nosuch': neither built in nor a plugin"),
    ])
    func everyFailureIsOneLineAndItsExitStatus(_ failure: Failure) throws {
        let plugins = try Self.folder([failure.plugin == "nosuch" ? "echo" : failure.plugin])
        let result = try run(plugins, ["--detections", Self.detections, "-f", failure.plugin])
        #expect(result.status == failure.status, "\(result.stderr)")
        let ours = result.stderr.split(separator: "\n").filter { $0.hasPrefix("rekfilter: ") }
        #expect(ours.count == 1 && ours[0].contains(failure.says), "\(result.stderr)")
    }

    /// A plugin that never exits once its input has ended is stopped after 20 s of silence; with
    /// -o nothing is left behind.
    @Test func aPluginThatNeverExitsIsStopped() throws {
        let plugins = try Self.folder(["hang"])
        let folder = try TestData.scratch()
        let result = try run(
            plugins, ["--detections", Self.detections, "-f", "hang", "-o", folder.appendingPathComponent("out").path], timeout: 90)
        #expect(!result.timedOut)
        #expect(result.status == 70)
        #expect(result.stderr.contains("did not exit within 20 s of its input's end"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}

/// Detector plugins through the binary (docs/plugins.md; README, Detectors): the picture sent upright and fitted to the
/// plugin's limits, its detections drawn and written by every format, retries, and failures.
@Suite struct DetectorPluginTests {
    let image = TestData.path("exif-orientation/Landscape_6.jpg")  // stored 1200×1800, 1800×1200 upright (EXIF 6)

    static func folder(_ names: [String]) throws -> String { try PluginTests.install("test_detector.py", as: .detector, names) }

    func run(_ name: String, _ arguments: [String], stdinPath: String? = nil) throws -> Binary.Result {
        try Binary.run(
            ["--detect", name] + arguments, stdinPath: stdinPath ?? image,
            environment: ["REKFILTER_PLUGIN_PATH": try Self.folder([name])])
    }

    /// The picture stored sideways (EXIF 6) is sent upright and shrunk within the declared 1000 px
    /// (a DCT-scaled decode resampled the rest of the way: 1000×667);
    /// `-f json` writes the plugin's own response, and the boxes are in the upright picture's pixels.
    @Test func thePictureIsSentUprightAndFitted() throws {
        let json = try run("boxes", ["-f", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any]
        #expect(object["model"] as? String == "test" && object["Image"] as! [String: Int] == ["Width": 1800, "Height": 1200])
        let csv = try run("boxes", ["-f", "csv"])
        #expect(csv.stdoutText == "frame,name,confidence,left,top,width,height,error\n0,seen-JPEG-1000x667,88.5,450,300,900,600,\n")
    }

    /// A detector plugin's `-f json` (its own response, or `{"Detections": [...]}`) replays.
    @Test func aPluginsJSONReplays() throws {
        for name in ["boxes", "bare"] {
            let json = try run(name, ["-f", "json"])
            let saved = try TestData.scratch().appendingPathComponent("saved.json")
            try Data(json.stdout).write(to: saved)
            let live = try run(name, ["-f", "csv"])
            let replay = try Binary.run(["--detections", saved.path, "-f", "csv"], stdinPath: image)
            #expect(replay.status == 0, "\(name): \(replay.stderr)")
            #expect(replay.stdoutText == live.stdoutText, "\(name)")
        }
    }

    @Test func withoutAResponseJSONHasTheDetections() throws {
        let json = try run("bare", ["-f", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any]
        let detections = object["Detections"] as! [[String: Any]]
        #expect(detections.count == 1 && detections[0]["label"] as? String == "seen-JPEG-1000x667")
    }

    @Test func aStreamThroughADetectorPlugin() throws {
        let frames = try StreamTests.frames(20)
        let result = try run("boxes", ["--stream", "-j", "4", "-f", "csv"], stdinPath: frames)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdoutText.split(separator: "\n").dropFirst()
        #expect(rows.map { Int($0.split(separator: ",")[0])! } == Array(0..<20))
        #expect(rows.allSatisfy { $0.contains(",seen-JPEG-320x240,") })
        let drawn = try run("boxes", ["--stream", "-f", "png"], stdinPath: frames)
        #expect(try StreamTests.frameSizes(try writeTemp(drawn.stdout)).count == 20)
    }

    @Test func aRetryableErrorIsRetried() throws {
        let result = try run("flaky", ["-f", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("seen-JPEG-1000x667"))
    }

    @Test(arguments: [
        ("refuses", "failed on the picture: this picture is not for me"),
        ("garbage", "answered with something that is not a JSON line of the protocol"),
        ("outoforder", "answered frame 1 when asked for frame 0"),
        ("dies", "ended without answering (it exited with status 5)"),
        ("overconfident", "with a confidence of 150 for 'seen-JPEG-1000x667' (the protocol's is 0–100)"),
        ("flat", "with a box of no area for 'seen-JPEG-1000x667'"),
        ("chatty", "answered more than it was asked"),
    ])
    func aFailingDetectorIsExit70(_ name: String, _ says: String) throws {
        let result = try run(name, ["-f", "csv"])
        #expect(result.status == 70, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("rekfilter: ") && result.stderr.contains(says), "\(result.stderr)")
    }

    /// A retryable error that outlasts the attempts is temporary, as the service's throttling is.
    @Test func aRetryableErrorToTheEndIs75() throws {
        let result = try run("busy", ["-f", "csv"])
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("failed on the picture 3 times: model busy") && result.stdout.isEmpty)
    }

    /// `--timeout` bounds each picture's answer: a plugin that never answers is stopped.
    @Test func aHungDetectorIsStoppedAtTheTimeout() throws {
        let pids = try TestData.scratch().appendingPathComponent("pids").path
        let result = try run("hangs", ["-f", "csv", "--timeout", "1", "-O", "pidfile=\(pids)"])
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("gave no answer within 1 s (--timeout) and was stopped"))
        #expect(result.seconds < 10, "\(result.seconds) s")
        #expect(try Self.running(pids).isEmpty)
    }

    /// SIGINT in a stream whose detector plugins hang: each gets 5 s, then the run ends (130)
    /// and no plugin process is left.
    @Test func aSignalEndsHungDetectorsWithinTheGrace() throws {
        let pids = try TestData.scratch().appendingPathComponent("pids").path
        let frames = try StreamTests.frames(10)
        let p = Binary.process(
            ["--detect", "hangs", "--stream", "-j", "4", "-f", "csv", "-O", "pidfile=\(pids)"], stdinPath: frames,
            environment: ["REKFILTER_PLUGIN_PATH": try Self.folder(["hangs"])])
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 1.5)
        let signalled = Date()
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let after = Date().timeIntervalSince(signalled)
        #expect(p.terminationStatus == 130)
        #expect(after < 8, "\(after) s after SIGINT")
        #expect(try Self.running(pids).isEmpty)
    }

    /// Which of the pids listed in `file` still run (a zombie waiting for init counts as ended).
    static func running(_ file: String) throws -> [Int32] {
        let pids = ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
        return pids.filter { pid in
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
            return state != nil && state != "Z"
        }
    }

    /// A handshake that is answered and exited counts, even with a child left holding stdout.
    @Test func aHandshakeAnsweredIsEnoughThoughAChildHoldsStdout() throws {
        let list = try Binary.run(["--list-formats"], environment: ["REKFILTER_PLUGIN_PATH": try PluginTests.folder(["forks"])])
        #expect(list.stdoutText.contains("forks\ttext/plain\ttest plugin forks"), "\(list.stdoutText)")
        #expect(list.seconds < 4, "\(list.seconds) s")
    }

    /// What a plugin says of itself is escaped: one line a plugin, no terminal control.
    @Test func aPluginsSummaryCannotSteerTheTerminal() throws {
        let list = try Binary.run(["--list-formats"], environment: ["REKFILTER_PLUGIN_PATH": try PluginTests.folder(["escapes"])])
        #expect(list.status == 0)
        #expect(!list.stdoutText.contains("\u{1b}"))
        let line = list.stdoutText.split(separator: "\n").first { $0.hasPrefix("escapes\t") }
        #expect(line?.contains("\\x1b[2Jcleared\\nsecond line") == true, "\(list.stdoutText)")
    }

    /// A file named like a plugin that is not executable is said, not passed over in silence.
    @Test func aNonExecutablePluginIsSaid() throws {
        let folder = try TestData.scratch()
        let path = folder.appendingPathComponent("rekfilter-detect-lazy").path
        try "#!/bin/sh\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let environment = ["REKFILTER_PLUGIN_PATH": folder.path]
        let list = try Binary.run(["--list-detectors"], environment: environment)
        #expect(list.stdoutText.contains("lazy\tplugin \(path) is not executable, so it is not used (chmod +x it)"))
        let used = try Binary.run(["--detect", "lazy", "-f", "csv"], stdinPath: image, environment: environment)
        #expect(used.status == 69 && used.stderr.contains("is not executable"), "\(used.stderr)")
        let format = folder.appendingPathComponent("rekfilter-format-lazy").path
        try "#!/bin/sh\n".write(toFile: format, atomically: true, encoding: .utf8)
        let asFormat = try Binary.run(["--detections", OutputTests.detections, "-f", "lazy"], stdinPath: image, environment: environment)
        #expect(asFormat.status == 69 && asFormat.stderr.contains("is not executable"), "\(asFormat.stderr)")
    }

    @Test func listedWithItsPath() throws {
        let folder = try Self.folder(["boxes"])
        let list = try Binary.run(["--list-detectors"], environment: ["REKFILTER_PLUGIN_PATH": folder])
        #expect(list.status == 0 && !list.timedOut, "status \(list.status) after \(list.seconds) s: \(list.stderr)")
        #expect(list.stdoutText.hasPrefix("custom-labels\t"))
        #expect(list.stdoutText.contains("boxes\ttest detector boxes (plugin \(folder)/rekfilter-detect-boxes)"))
        let unknown = try Binary.run(["--detect", "nosuch", "-f", "csv"], stdinPath: image)
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown detector 'nosuch'"))
    }

    func writeTemp(_ bytes: [UInt8]) throws -> String {
        let url = try TestData.scratch().appendingPathComponent("out")
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// The plugins rekfilter ships: yolo (Swift, on RekFilterPluginKit), voc and labelstudio
/// (Python's standard library), each through the binary, and found in an installed layout.
@Suite struct ShippedPluginTests {
    let image = TestData.path("exif-orientation/Landscape_1.jpg")  // 1800×1200

    /// The shipped plugins as `make install` lays them out, with the binary beside.
    static let installed: (bin: String, plugins: String) = {
        let root = try! TestData.scratch()
        let bin = root.appendingPathComponent("bin")
        let plugins = root.appendingPathComponent("lib/rekfilter/plugins")
        try! FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try! FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try! FileManager.default.copyItem(atPath: Binary.path, toPath: bin.appendingPathComponent("rekfilter").path)
        let built = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().appendingPathComponent("rekfilter-format-yolo").path
        try! FileManager.default.copyItem(atPath: built, toPath: plugins.appendingPathComponent("rekfilter-format-yolo").path)
        for name in ["voc", "labelstudio"] {
            try! FileManager.default.copyItem(
                atPath: TestData.projectRoot.appendingPathComponent("plugins/rekfilter-format-\(name)").path,
                toPath: plugins.appendingPathComponent("rekfilter-format-\(name)").path)
        }
        return (bin.appendingPathComponent("rekfilter").path, plugins.path)
    }()

    func run(_ arguments: [String], stdinPath: String? = nil, environment: [String: String] = [:]) throws -> Binary.Result {
        try Binary.run(arguments, stdinPath: stdinPath ?? image, environment: environment, executable: Self.installed.bin)
    }

    /// No REKFILTER_PLUGIN_PATH: the plugin folder is found relative to the binary itself.
    @Test func foundBesideTheInstalledBinary() throws {
        let list = try run(["--list-formats"])
        let bin = URL(fileURLWithPath: Self.installed.bin).deletingLastPathComponent().path
        for name in ["yolo", "voc", "labelstudio"] {
            #expect(
                list.stdoutText.contains("(plugin \(bin)/../lib/rekfilter/plugins/rekfilter-format-\(name))"), "\(name): \(list.stdoutText)"
            )
        }
    }

    @Test func yolo() throws {
        let plain = try run(["--detections", OutputTests.detections, "-f", "yolo"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdoutText == "0 0.25 0.5 0.25 0.5\n", "the training format: five columns")
        let confident = try run(["--detections", OutputTests.detections, "-f", "yolo", "-O", "conf=true"])
        #expect(confident.stdoutText == "0 0.25 0.5 0.25 0.5 0.91\n")
        let fixed = try run(["--detections", OutputTests.detections, "-f", "yolo", "--classes", "cat,left half"])
        #expect(fixed.stdoutText == "1 0.25 0.5 0.25 0.5\n")
        let legacy = try run(["--detections", OutputTests.detections, "-f", "yolo", "-O", "classes=cat,left half"])
        #expect(legacy.stdoutText == "1 0.25 0.5 0.25 0.5\n")
        let bad = try run(["--detections", OutputTests.detections, "-f", "yolo", "-O", "conf=maybe"])
        #expect(bad.status == 70 && bad.stderr.contains("conf takes true or false") && bad.stdout.isEmpty)
        let frames = try StreamTests.frames(3)
        let stream = try run(
            [
                "--stream", "-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/ok", "-f",
                "yolo",
            ],
            stdinPath: frames, environment: StubEnvironment.keys)
        // A stream is a tar of label files, one a frame, then classes.txt and data.yaml.
        let archive = try Self.extract(stream.stdout)
        #expect(
            try Self.list(stream.stdout) == [
                "labels/frame-000000.txt", "labels/frame-000001.txt", "labels/frame-000002.txt", "classes.txt", "data.yaml",
            ])
        for frame in 0..<3 {
            #expect(try String(contentsOfFile: "\(archive)/labels/frame-00000\(frame).txt", encoding: .utf8) == "0 0.25 0.5 0.25 0.5\n")
        }
        #expect(try String(contentsOfFile: "\(archive)/classes.txt", encoding: .utf8) == "widget\n")
        #expect(try String(contentsOfFile: "\(archive)/data.yaml", encoding: .utf8).hasSuffix("names:\n  0: \"widget\"\n"))
    }

    /// `tar` unpacks `bytes` into a new folder.
    static func extract(_ bytes: [UInt8]) throws -> String {
        let folder = try TestData.scratch()
        try Data(bytes).write(to: folder.appendingPathComponent("out.tar"))
        let result = try Command.run(["tar", "xf", "out.tar"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out.tar"))
        return folder.path
    }

    /// The members of the archive that was in `folder`, in order, as `tar t` lists them.
    static func list(_ bytes: [UInt8]) throws -> [String] {
        let folder = try TestData.scratch()
        try Data(bytes).write(to: folder.appendingPathComponent("out.tar"))
        return try Command.run(["tar", "tf", "out.tar"], in: folder.path).stdout.split(separator: "\n").map(String.init)
    }

    @Test func voc() throws {
        let out = try TestData.scratch().appendingPathComponent("boxes.xml").path
        let result = try run(["--detections", OutputTests.detections, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(xml.contains("<size><width>1800</width><height>1200</height><depth>3</depth></size>"))
        #expect(xml.contains("<name>left half</name>") && xml.contains("<xmin>226</xmin><ymin>301</ymin><xmax>675</xmax><ymax>900</ymax>"))
        #expect(!xml.contains("<name>scene</name>"), "labels without a box have no object")
        let frames = try StreamTests.frames(2)
        let stream = try run(
            [
                "--stream", "-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/ok", "-f",
                "voc",
                "-O", "filename=f%03d.jpg",
            ], stdinPath: frames, environment: StubEnvironment.keys)
        // A stream is a tar of one VOC document a frame, as VOC readers read them.
        #expect(try Self.list(stream.stdout) == ["Annotations/f000.xml", "Annotations/f001.xml"], "\(stream.stderr)")
        let folder = try Self.extract(stream.stdout)
        let second = try String(contentsOfFile: "\(folder)/Annotations/f001.xml", encoding: .utf8)
        #expect(second.contains("<filename>f001.jpg</filename>") && second.hasPrefix("<?xml") && !second.contains("<annotations>"))
    }

    /// `%` in options is taken as written except `%d`-style frame numbers (URL-encoded keys,
    /// Python's `%(x)s`); numbers no JSON writer should send (NaN, ±Infinity) are clamped, not a crash.
    @Test func thePythonPluginsSurviveOddInput() throws {
        let name = "s3://b/a%20b%(x)s%.jpg"
        let single = try run(["--detections", OutputTests.detections, "-f", "labelstudio", "-O", "image=\(name)"])
        #expect(single.status == 0, "\(single.stderr)")
        let tasks = try JSONSerialization.jsonObject(with: Data(single.stdout)) as! [[String: Any]]
        #expect((tasks[0]["data"] as! [String: String])["image"] == name)
        let frames = try StreamTests.frames(2)
        let stream = try run(
            [
                "--stream", "-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/ok", "-f",
                "labelstudio", "-O", "image=s3://b/x%20%03d.jpg",
            ], stdinPath: frames, environment: StubEnvironment.keys)
        let streamed = try JSONSerialization.jsonObject(with: Data(stream.stdout)) as! [[String: Any]]
        #expect(streamed.map { ($0["data"] as! [String: String])["image"]! } == ["s3://b/x%20000.jpg", "s3://b/x%20001.jpg"])

        let message =
            #"{"type":"frame","frame":0,"image":{"width":100,"height":50,"mediaType":"image/jpeg","name":"a.jpg"},"#
            + #""detector":"x","detections":[{"label":"n","confidence":NaN,"box":{"left":NaN,"top":-Infinity,"width":Infinity,"height":0.5}},"#
            + #"{"label":"ok","confidence":50,"box":{"left":0.1,"top":0.1,"width":0.5,"height":0.5}}],"response":null,"error":null,"bytes":0}"#
        for plugin in ["voc", "labelstudio"] {
            let path = "\(Self.installed.plugins)/rekfilter-format-\(plugin)"
            let fed = try Command.run([
                "sh", "-c",
                "printf '%s\\n%s\\n%s\\n' \"$1\" \"$2\" \"$3\" | \"$0\" --rekfilter-plugin-run", path,
                #"{"type":"begin","protocol":1,"stream":false,"format":"x","options":{}}"#, message, #"{"type":"end","frames":1}"#,
            ])
            #expect(fed.status == 0, "\(plugin): \(fed.stderr)")
            #expect(fed.stdout.contains("ok") && !fed.stderr.contains("Traceback"), "\(plugin): \(fed.stdout) \(fed.stderr)")
        }
    }

    @Test func labelStudio() throws {
        let result = try run(
            [
                "-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/ok", "-f", "labelstudio",
                "-O", "image=s3://b/photo.jpg",
            ], environment: StubEnvironment.keys)
        #expect(result.status == 0, "\(result.stderr)")
        let tasks = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [[String: Any]]
        #expect((tasks[0]["data"] as! [String: String]) == ["image": "s3://b/photo.jpg"])
        let prediction = (tasks[0]["predictions"] as! [[String: Any]])[0]
        #expect(prediction["model_version"] as? String == StubEnvironment.model)
        let first = (prediction["result"] as! [[String: Any]])[0]
        #expect(
            first["type"] as? String == "rectanglelabels" && first["original_width"] as? Int == 1800
                && first["original_height"] as? Int == 1200)
        let value = first["value"] as! [String: Any]
        #expect(
            value["x"] as? Double == 12.5 && value["y"] as? Double == 25 && value["width"] as? Double == 25
                && value["height"] as? Double == 50)
        #expect(value["rectanglelabels"] as? [String] == ["widget"] && first["score"] as? Double == 0.975)
    }
}

/// The example in docs/plugins.md works as printed.
@Suite struct PluginDocumentationTests {
    @Test func theTwentyLineExampleRuns() throws {
        let doc = try String(contentsOf: TestData.projectRoot.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        let section = doc.components(separatedBy: "## A plugin in 20 lines (Python)")[1]
        let code = section.components(separatedBy: "```python\n")[1].components(separatedBy: "```")[0]
        #expect(code.split(separator: "\n").count <= 20)
        let folder = try TestData.scratch()
        let path = folder.appendingPathComponent("rekfilter-format-names").path
        try code.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o755) == 0)
        let result = try Binary.run(
            ["--detections", OutputTests.detections, "-f", "names"], stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"),
            environment: ["REKFILTER_PLUGIN_PATH": folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText == "0 left half\n0 scene\n")
    }
}

/// SIGTERM during a stream through a format plugin that would never exit: its stdin closes,
/// it gets 5 s, then it is stopped; the exit is the signal's.
@Suite struct PluginSignalTests {
    @Test func aSignalGivesThePluginFiveSeconds() throws {
        let plugins = try PluginTests.folder(["hang"])
        let frames = try StreamTests.frames(40)
        let p = Binary.process(
            [
                "-m", StubEnvironment.model, "--stream", "-f", "hang", "--endpoint-url",
                "\(LocalServer.stub.url)/\(LocalServer.testID())/slow=200",
            ],
            stdinPath: frames, environment: StubEnvironment.keys.merging(["REKFILTER_PLUGIN_PATH": plugins]) { a, _ in a })
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var stderr = Data()
        let group = DispatchGroup()
        onOwnThread(group) { _ = out.fileHandleForReading.readDataToEndOfFile() }
        onOwnThread(group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        Thread.sleep(forTimeInterval: 1.0)
        let signalled = Date()
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        let after = Date().timeIntervalSince(signalled)
        group.wait()
        #expect(p.terminationStatus == 143)
        #expect(after > 4 && after < 10, "\(after) s")
        #expect(String(decoding: stderr, as: UTF8.self).contains("was stopped 5 s after the signal"))
    }
}

/// Children start with the signals at their defaults and none blocked, and never outlive a
/// rekfilter that a signal ends.
@Suite struct PluginChildTests {
    /// A plugin in shell (dash changes no disposition it inherits) that reports what it inherited.
    static let reporter: String = {
        let folder = try! TestData.scratch()
        let path = folder.appendingPathComponent("rekfilter-format-signals").path
        let script = """
            #!/bin/sh
            if [ "$1" = --rekfilter-plugin-info ]; then
              echo '{"protocol": 1, "kind": "format", "name": "signals", "summary": "", "mediaType": "text/plain", "extensions": [], "binary": false, "needs": "detections"}'
              exit 0
            fi
            # Builtins only: dash blocks every signal while it waits for a child, then clears the
            # mask, so a forked command would hide what was inherited.
            while read -r line; do :; done
            while IFS= read -r line; do case "$line" in SigBlk:*|SigIgn:*) echo "$line";; esac; done < /proc/$$/status
            """
        try! script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return folder.path
    }()

    @Test func pluginsInheritNoBlockedOrIgnoredSignals() throws {
        for stream in [false, true] {
            let result = try Binary.run(
                ["--detections", OutputTests.detections, "-f", "signals"] + (stream ? ["--stream"] : []),
                stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"), environment: ["REKFILTER_PLUGIN_PATH": Self.reporter])
            #expect(result.status == 0, "\(result.stderr)")
            var masks: [String: UInt64] = [:]
            for line in result.stdoutText.split(separator: "\n") {
                let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                masks[parts[0]] = UInt64(parts[1], radix: 16)
            }
            #expect(masks["SigBlk"] == 0, "stream \(stream): \(result.stdoutText)")
            // SIGPIPE (13), SIGINT (2), SIGTERM (15): bit n − 1.
            for signal in [13, 2, 15] { #expect((masks["SigIgn"] ?? 1) & (1 << (signal - 1)) == 0, "signal \(signal) ignored") }
        }
    }

    /// SIGTERM while a single picture's plugin hangs: rekfilter exits 143 at once and the plugin
    /// is ended with it, not left running.
    @Test func aSignalEndsThePluginsToo() throws {
        let plugins = try PluginTests.folder(["hang"])
        let pidfile = try TestData.scratch().appendingPathComponent("pid").path
        let p = Binary.process(
            ["--detections", OutputTests.detections, "-f", "hang", "-O", "pidfile=\(pidfile)"],
            stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"), environment: ["REKFILTER_PLUGIN_PATH": plugins])
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        var pid: pid_t = 0
        for _ in 0..<100 where pid == 0 {
            Thread.sleep(forTimeInterval: 0.05)
            pid = pid_t((try? String(contentsOfFile: pidfile, encoding: .utf8)) ?? "") ?? 0
        }
        #expect(pid > 0)
        Thread.sleep(forTimeInterval: 0.3)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143)
        var gone = false
        for _ in 0..<50 where !gone {
            // The orphan is reaped by init once it ends; until then it is a zombie or running.
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
            gone = state == nil || state == "Z"
            if !gone { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(gone, "the plugin \(pid) outlived rekfilter")
        if !gone { kill(pid, SIGKILL) }
    }
}
