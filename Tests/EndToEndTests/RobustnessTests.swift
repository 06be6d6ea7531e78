import Foundation
import RekFilter
import TestSupport
import Testing

/// What a new user broke in one afternoon (odd flags, files, pipes), each through the binary:
/// the exit status, stdout and stderr bytes the contract promises.
@Suite struct RobustnessTests {
    let image = TestData.path("exif-orientation/Landscape_1.jpg")  // 1800×1200 JPEG
    let model = StubEnvironment.model

    func stubURL(_ scenario: String, id: String = LocalServer.testID()) -> String { "\(LocalServer.stub.url)/\(id)/\(scenario)" }

    /// The contract for a refused run: one line on stderr starting "rekfilter: ", nothing on stdout.
    func expectOneLineRefusal(_ result: Binary.Result, _ status: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix("rekfilter: ") && result.stderr.filter { $0 == "\n" }.count == 1,
            "\(result.stderr)", sourceLocation: sourceLocation)
    }

    func detectionsFile(_ json: String) throws -> String {
        let url = try TestData.scratch().appendingPathComponent("detections.json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // MARK: crashes

    @Test(arguments: [
        ["--timeout", "inf"], ["--timeout", "1e400"], ["--timeout", "nan"], ["--timeout", "1e300"], ["--connect-timeout", "inf"],
        ["--quality", "1e400"], ["--stream", "-j", "99999999999999999999"], ["--stream", "--every", "9223372036854775807"],
        ["--max-attempts", "1000000"], ["--max-input-bytes", "9223372036854775807"], ["--max-pixels", "9223372036854775807"],
        ["--min-confidence", "-1"],
    ])
    func absurdNumbersAreUsageErrors(_ arguments: [String]) throws {
        let result = try Binary.run(
            ["-m", model, "-f", "csv", "--endpoint-url", stubURL("ok")] + arguments,
            stdinPath: image, environment: StubEnvironment.keys)
        expectOneLineRefusal(result, 64)
        #expect(!result.stderr.contains("Missing value"))
    }

    static let hugeDetections = #"""
        {"CustomLabels":[
         {"Name":"far","Confidence":90,"Geometry":{"BoundingBox":{"Width":0.5,"Height":0.5,"Left":1e17,"Top":0.1}}},
         {"Name":"huge","Confidence":80,"Geometry":{"BoundingBox":{"Width":1e300,"Height":1e300,"Left":-1e300,"Top":-1e300}}},
         {"Name":"poly","Confidence":70,"Geometry":{"BoundingBox":{"Width":0.1,"Height":0.1,"Left":0.2,"Top":0.2},
           "Polygon":[{"X":1e300,"Y":-1e300},{"X":0.3,"Y":1e17},{"X":-1e17,"Y":0.5}]}},
         {"Name":"max","Confidence":60,"Geometry":{"BoundingBox":{"Width":1.7976931348623157e308,"Height":1.7976931348623157e308,"Left":1.7976931348623157e308,"Top":-1.7976931348623157e308}}}
        ]}
        """#

    /// Any finite coordinate a file (or the service) holds is written clamped, in every format.
    @Test(arguments: ["csv", "coco", "json", "svg", "png", "jpeg"])
    func hugeCoordinatesAreClampedInEveryFormat(_ format: String) throws {
        let result = try Binary.run(["--detections", try detectionsFile(Self.hugeDetections), "-f", format], stdinPath: image)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.isEmpty)
        if format == "csv" {
            for row in result.stdoutText.split(separator: "\n").dropFirst() {
                let fields = row.split(separator: ",", omittingEmptySubsequences: false)
                let (x, y, w, h) = (Double(fields[3])!, Double(fields[4])!, Double(fields[5])!, Double(fields[6])!)
                #expect(x >= 0 && x + w <= 1800 && y >= 0 && y + h <= 1200 && w >= 0 && h >= 0, "\(row)")
            }
        }
        if format == "coco" {
            let doc = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
            for annotation in doc["annotations"] as! [[String: Any]] {
                let b = annotation["bbox"] as! [Double]
                #expect(b[0] >= 0 && b[0] + b[2] <= 1800 && b[1] >= 0 && b[1] + b[3] <= 1200, "\(b)")
            }
        }
    }

    @Test func nonFiniteCoordinatesAreRefused() throws {
        let file = try detectionsFile(
            #"{"CustomLabels":[{"Name":"x","Confidence":9,"Geometry":{"BoundingBox":{"Width":1e400,"Height":0.1,"Left":0,"Top":0}}}]}"#)
        let result = try Binary.run(["--detections", file, "-f", "csv"], stdinPath: image)
        expectOneLineRefusal(result, 65)
        #expect(result.stderr.contains("detections file \(file) is not rekfilter/Rekognition JSON") && !result.stderr.contains("service"))
    }

    // MARK: output files

    @Test func outputThroughASymlinkReplacesTheTargetAndKeepsTheLink() throws {
        let folder = try TestData.scratch()
        let target = folder.appendingPathComponent("real.csv")
        let link = folder.appendingPathComponent("link.csv")
        try "old".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real.csv")
        let result = try Binary.run(["--detections", OutputTests.detections, "-o", link.path], stdinPath: image)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real.csv")
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("frame,name"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["link.csv", "real.csv"])
    }

    @Test func outputToAFIFOWritesThrough() throws {
        let fifo = try TestData.scratch().appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        nonisolated(unsafe) var read = Data()
        let reader = Thread { read = FileHandle(forReadingAtPath: fifo.path)!.readDataToEndOfFile() }
        reader.start()
        let result = try Binary.run(["--detections", OutputTests.detections, "-f", "csv", "-o", fifo.path], stdinPath: image, timeout: 30)
        #expect(result.status == 0 && !result.timedOut, "\(result.stderr)")
        while !reader.isFinished { usleep(10_000) }
        #expect(String(decoding: read, as: UTF8.self).hasPrefix("frame,name"))
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "still a FIFO")
    }

    /// A device node (made here, as root: /dev/null's and /dev/full's numbers) is written
    /// through, never replaced; a full one is exit 74.
    @Test(.enabled(if: getuid() == 0, "mknod needs root"))
    func outputToADeviceWritesThroughAndKeepsTheNode() throws {
        let folder = try TestData.scratch()
        for (name, minor, status) in [("null", UInt32(3), Int32(0)), ("full", UInt32(7), Int32(74))] {
            let node = folder.appendingPathComponent(name).path
            // makedev(1, minor)
            #expect(mknod(node, S_IFCHR | 0o666, dev_t(1 << 8 | minor)) == 0)
            let result = try Binary.run(["--detections", OutputTests.detections, "-f", "csv", "-o", node], stdinPath: image)
            #expect(result.status == status, "\(name): \(result.stderr)")
            var info = stat()
            #expect(lstat(node, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "\(name) is still a device")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["full", "null"], "no temporary left")
    }

    @Test func outputKeepsAnExistingFilesMode() throws {
        let file = try TestData.scratch().appendingPathComponent("private.png")
        try Data("old".utf8).write(to: file)
        #expect(chmod(file.path, 0o600) == 0)
        let result = try Binary.run(["--detections", OutputTests.detections, "-o", file.path], stdinPath: image)
        #expect(result.status == 0)
        var info = stat()
        #expect(stat(file.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try Data(contentsOf: file).count > 1000)
    }

    @Test(arguments: [
        (["-o", ""], "-o needs a file name"), (["-o", "nowhere/dir/"], "is a folder"),
        (["-o", "out.txt"], "no format is known by the extension .txt"),
    ])
    func badOutputNamesAreUsageErrors(_ arguments: [String], _ says: String) throws {
        let result = try Binary.run(["--detections", OutputTests.detections] + arguments, stdinPath: image)
        expectOneLineRefusal(result, 64)
        #expect(result.stderr.contains(says))
    }

    // MARK: truncated input

    /// Formats that never decode still refuse a broken picture, before any call.
    @Test(arguments: ["json", "csv", "svg", "coco", "png"])
    func truncatedInputIsRefusedBeforeTheCall(_ format: String) throws {
        let jpeg = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let png = try TestData.bytes("pngsuite/PngSuite.png")
        for cut in [Array(jpeg.prefix(3000)), Array(jpeg.dropLast(100)), Array(png.dropLast(30))] {
            let id = LocalServer.testID()
            let result = try Binary.run(
                ["-m", model, "-f", format, "--endpoint-url", stubURL("ok", id: id)],
                stdin: cut, environment: StubEnvironment.keys)
            expectOneLineRefusal(result, 65)
            #expect(result.stderr.contains("truncated"))
            #expect(try LocalServer.stub.requests(id).isEmpty, "nothing was sent")
        }
    }

    // MARK: streams

    /// A live feed: frame 0's row is written as soon as its last byte is in, while the input
    /// is still open and frame 1 has not come.
    @Test func aFrameIsWrittenAsSoonAsItIsComplete() throws {
        let jpeg = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let p = Binary.process(["-m", model, "--stream", "-f", "csv", "--endpoint-url", stubURL("ok")], environment: StubEnvironment.keys)
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        input.fileHandleForWriting.write(Data(jpeg))
        // Read until frame 0's row arrives, without closing the input or sending frame 1.
        var seen = ""
        let deadline = Date().addingTimeInterval(15)
        let fd = output.fileHandleForReading.fileDescriptor
        while !seen.contains("\n0,widget") && Date() < deadline {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 200) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            seen += String(decoding: chunk[0..<n], as: UTF8.self)
        }
        #expect(seen.contains("\n0,widget"), "frame 0 written before frame 1 arrived: \(seen)")
        input.fileHandleForWriting.write(Data(jpeg))
        try input.fileHandleForWriting.close()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect((seen + String(decoding: rest, as: UTF8.self)).contains("\n1,widget"))
    }

    /// SIGINT with 8 slow requests in flight: no request starts after it, those in flight are
    /// written, and the exit (130) comes within one request's time.
    @Test func interruptStopsWithinOneRequest() throws {
        let frames = try StreamTests.frames(40)
        let id = LocalServer.testID()
        var inFlight = 0
        let (result, afterSignal) = try Binary.interrupted(
            ["-m", model, "--stream", "-f", "json", "-j", "8", "--endpoint-url", stubURL("slow=2000", id: id)],
            stdinPath: frames, environment: StubEnvironment.keys
        ) {
            inFlight = try LocalServer.stub.requests(id).count
            return inFlight >= 8
        }
        #expect(inFlight == 8)
        #expect(result.status == 130)
        #expect(afterSignal < 4.0, "exit \(afterSignal) s after the signal; each request takes 2 s")
        #expect(try LocalServer.stub.requests(id).count == inFlight, "no request started after the signal")
        let lines = result.stdoutText.split(separator: "\n")
        let written = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(written.map { $0["Frame"] as! Int } == Array(0..<written.count), "whole frames, in order, no gap")
        // The frames in flight are written with their detections; a frame among them that was
        // not yet sent is written undrawn, marked, and said on stderr.
        #expect(written.filter { $0["Error"] == nil }.count == inFlight, "the frames in flight were written")
        let unsent = written.compactMap { $0["Error"] as? String }
        #expect(unsent.allSatisfy { $0.contains("interrupted before the request was sent") })
        let stderr = result.stderr
        #expect(stderr.contains("interrupted: stopped after \(written.count) frames"))
        #expect(stderr.components(separatedBy: "interrupted before the request was sent").count - 1 == unsent.count)
    }

    /// --every with a broken base frame: the frames that wait for it are told, not left hanging.
    @Test func everyWithABrokenBaseFrameNeverHangs() throws {
        let jpeg = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let result = try Binary.run(
            ["-m", model, "--stream", "-f", "csv", "--every", "3", "--endpoint-url", stubURL("ok")],
            stdin: [0xFF, 0xD8] + jpeg + jpeg, timeout: 30, environment: StubEnvironment.keys)
        #expect(!result.timedOut)
        #expect(result.status == 65)
        #expect(result.stderr.contains("frame 0: corrupt JPEG frame"))
        #expect(result.stderr.contains("frame 1: no detections to reuse: frame 0"))
    }

    /// --every when the base frame's call fails: its followers carry the Error too.
    @Test func followersOfAFailedCallAreMarked() throws {
        let frames = try StreamTests.frames(6)
        let result = try Binary.run(
            [
                "-m", model, "--stream", "-f", "json", "--every", "3", "-j", "1",
                "--endpoint-url", stubURL("fail=AccessDeniedException:400:1"),
            ],
            stdinPath: frames, timeout: 60, environment: StubEnvironment.keys)
        #expect(result.status == 77)
        let lines = try result.stdoutText.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(lines.count == 6)
        // The stub fails the first call it gets: frame 0's or frame 3's, whichever base frame
        // was ready first. Either way the failed base's two followers carry the Error too.
        let marked = lines.map { $0["Error"] != nil }
        #expect(marked == [true, true, true, false, false, false] || marked == [false, false, false, true, true, true], "\(marked)")
        let follower = marked[0] ? "frame 2" : "frame 5"
        #expect(result.stderr.contains("\(follower): no detections to reuse"), "\(result.stderr)")
    }

    @Test func detectionsLinesMissingForSomeFramesAreMarked() throws {
        let frames = try StreamTests.frames(4)
        let file = try detectionsFile(
            """
            {"Frame":0,"CustomLabels":[{"Name":"a","Confidence":90}]}
            {"Frame":1,"CustomLabels":[]}
            """)
        let result = try Binary.run(["--stream", "--detections", file, "-f", "json"], stdinPath: frames)
        #expect(result.status == 65)
        let lines = try result.stdoutText.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(lines.map { $0["Error"] != nil } == [false, false, true, true])
        #expect(result.stderr.contains("has no line for frame 2") && result.stderr.contains("has no line for frame 3"))
    }

    @Test(arguments: [(Array("hello\n".utf8), Int32(65)), ([UInt8](repeating: 0, count: 3 << 20), Int32(65)), ([UInt8](), Int32(66))])
    func aStreamWithoutFramesIsAnError(_ input: [UInt8], _ status: Int32) throws {
        for format in ["csv", "json", "coco", "png"] {
            let result = try Binary.run(
                ["-m", model, "--stream", "-f", format, "--endpoint-url", stubURL("ok")],
                stdin: input, environment: StubEnvironment.keys)
            expectOneLineRefusal(result, status)
        }
    }

    @Test func dryRunChecksEveryFrameOfAStream() throws {
        let frames = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try StreamTests.frames(5))))
        let good = try Binary.run(["--dry-run", "--stream"], stdin: frames)
        #expect(good.status == 0 && good.stdout.isEmpty)
        #expect(good.stderr.contains("dry run: 5 frames, 0 refused"))
        let broken = try Binary.run(["--dry-run", "--stream"], stdin: frames + [0xFF, 0xD8, 0xFF, 0xE0, 0x00])
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("frame 5: the input ends inside a JPEG frame"))
        #expect(broken.stderr.contains("dry run: 6 frames, 1 refused"))
    }

    @Test func svgHasNoStreamForm() throws {
        let result = try Binary.run(["--stream", "-f", "svg", "--detections", "/dev/null"], stdin: [])
        expectOneLineRefusal(result, 64)
    }

    // MARK: security

    @Test(arguments: ["http://127.example.com/creds", "http://169.254.170.2.example.com/creds", "http://127.1:9/creds"])
    func containerCredentialsNeverGoToAHostName(_ url: String) throws {
        let result = try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", stubURL("ok")], stdinPath: image,
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-token"])
        expectOneLineRefusal(result, 78)
        #expect(result.stderr.contains("must be https or a loopback/container address"))
    }

    @Test func containerTokenWithALineBreakIsRefused() throws {
        let result = try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", stubURL("ok")], stdinPath: image,
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(LocalServer.stub.url)/container",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-token\r\nX-Injected: 1",
            ])
        expectOneLineRefusal(result, 78)
        #expect(result.stderr.contains("line break"))
    }

    @Test func plainHTTPToAHostNameThatLooksLikeLoopbackIsWarnedAbout() throws {
        let result = try Binary.run(
            ["-m", model, "-f", "json", "--max-attempts", "1", "--endpoint-url", "http://127.example.invalid"],
            stdinPath: image, environment: StubEnvironment.keys)
        #expect(result.stderr.contains("warning: plain-http endpoint"))
    }

    // MARK: smaller things

    @Test func labelsFromEveryUseAreKept() throws {
        let file = try detectionsFile(
            #"{"CustomLabels":[{"Name":"a","Confidence":90},{"Name":"b","Confidence":80},{"Name":"c","Confidence":70}]}"#)
        let result = try Binary.run(["--detections", file, "-f", "csv", "--labels", "a", "--labels", "b"], stdinPath: image)
        #expect(result.status == 0)
        let labels: [String] = result.stdoutText.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        #expect(labels == ["a", "b"])
        expectOneLineRefusal(try Binary.run(["--detections", file, "--labels", ""], stdinPath: image), 64)
    }

    @Test(arguments: [["--list-formats"], ["--help"], ["--version"]])
    func informationToAFullDiskIsExit74(_ arguments: [String]) throws {
        let p = Binary.process(arguments)
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 74)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("No space left on device"))
    }

    @Test func fontProblemsAreSaidOnce() throws {
        let file = try detectionsFile(
            #"{"CustomLabels":[{"Name":"日本","Confidence":90,"Geometry":{"BoundingBox":{"Width":0.2,"Height":0.2,"Left":0.1,"Top":0.3}}},{"Name":"日本語","Confidence":80}]}"#
        )
        let result = try Binary.run(["--detections", file, "--font", "/nope.ttf"], stdinPath: image)
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: cannot load the font /nope.ttf"))
        #expect(result.stderr.contains("has no glyph for '日' (U+65E5)"))
        #expect(result.stderr.split(separator: "\n").count == 2, "each said once: \(result.stderr)")
    }

    @Test func controlCharactersInMessagesAreEscaped() throws {
        let result = try Binary.run(["-m", "arn:aws:rekognition:eu-west-1:1:project/x\nsecond line\u{1B}[31m"], stdinPath: image)
        expectOneLineRefusal(result, 64)
        #expect(result.stderr.contains("x\\nsecond line\\x1b[31m"))
    }

    @Test func detectionsFileMessagesSayWhatIsWrong() throws {
        let missing = try Binary.run(["--detections", "/nonexistent/d.json"], stdinPath: image)
        expectOneLineRefusal(missing, 66)
        #expect(missing.stderr.contains("cannot read detections file /nonexistent/d.json: No such file or directory"))
        let garbage = try Binary.run(["--detections", try detectionsFile("<html>")], stdinPath: image)
        expectOneLineRefusal(garbage, 65)
        #expect(garbage.stderr.contains("is not rekfilter/Rekognition JSON: not a JSON object"), "\(garbage.stderr)")
        let other = try Binary.run(["--detections", try detectionsFile(#"{"nope": 1}"#)], stdinPath: image)
        expectOneLineRefusal(other, 65)
        #expect(other.stderr.contains("no CustomLabels, Labels, FaceDetails"), "says what it looked for: \(other.stderr)")
    }

    @Test func aMissingProfileIsTheSameErrorHoweverItIsNamed() throws {
        let byFlag = try Binary.run(["-m", model, "-f", "json", "--profile", "nosuch", "--endpoint-url", stubURL("ok")], stdinPath: image)
        let byVariable = try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", stubURL("ok")], stdinPath: image,
            environment: ["AWS_PROFILE": "nosuch"])
        expectOneLineRefusal(byFlag, 78)
        expectOneLineRefusal(byVariable, 78)
        #expect(byFlag.stderr == byVariable.stderr)
        #expect(byFlag.stderr.contains("the config profile 'nosuch' could not be found"))
    }

    /// A credential_process that never answers is stopped after a minute, with a message.
    @Test func aHungCredentialProcessTimesOut() throws {
        let home = try TestData.scratch()
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        try "[default]\ncredential_process = sleep 600\n".write(
            to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let result = try Binary.run(
            ["-m", model, "-f", "json", "--endpoint-url", stubURL("ok")], stdinPath: image, timeout: 120,
            environment: ["HOME": home.path])
        #expect(!result.timedOut)
        expectOneLineRefusal(result, 78)
        #expect(result.stderr.contains("credential_process gave no answer within 60 s"))
        #expect(result.seconds < 75)
    }

    /// A stream pre-labelled for a model's next version: one manifest line per frame, in order.
    @Test func manifestLinesForAStream() throws {
        let frames = try StreamTests.frames(3)
        let saved = try Binary.run(
            ["-m", model, "--stream", "-f", "json", "--endpoint-url", stubURL("ok")], stdinPath: frames, environment: StubEnvironment.keys)
        let result = try Binary.run(
            [
                "--stream", "--detections", try detectionsFile(saved.stdoutText), "-f", "manifest",
                "--source-ref", "s3://bucket/video/frame%04d.jpg",
            ], stdinPath: frames)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdoutText.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(lines.map { $0["source-ref"] as! String } == (0..<3).map { "s3://bucket/video/frame000\($0).jpg" })
        for line in lines {
            let annotations = (line["bounding-box"] as! [String: Any])["annotations"] as! [[String: Int]]
            #expect(annotations == [["class_id": 0, "left": 40, "top": 60, "width": 80, "height": 120]])
        }
        let refused = try Binary.run(["--detections", OutputTests.detections, "-f", "manifest"], stdinPath: image)
        expectOneLineRefusal(refused, 64)
    }
}
