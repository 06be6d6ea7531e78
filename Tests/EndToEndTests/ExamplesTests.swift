import Foundation
import TestSupport
import Testing

/// Every recipe in examples/ runs as documented: real ffmpeg, xargs and GNU parallel, the
/// release binary on PATH, the stub server as the model.
@Suite struct ExamplesTests {
    static let examples = TestData.projectRoot.appendingPathComponent("examples")

    /// A 3-second 320×240 video at 10 frames a second, with a sine tone for audio.
    static let video: String = {
        let path = try! TestData.scratch().appendingPathComponent("in.mp4").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = [
            "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", "3", "-g", "10", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
        ]
        try! p.run()
        p.waitUntilExit()
        return path
    }()

    func run(_ script: String, _ arguments: [String], id: String = LocalServer.testID(), scenario: String = "echo") throws -> (
        status: Int32, stdout: String, stderr: String, calls: Int
    ) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [Self.examples.appendingPathComponent(script).path] + arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("REKFILTER_") }
        env["PATH"] = URL(fileURLWithPath: Binary.path).deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["HOME"] = "/nonexistent"
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        env["REKFILTER_MODEL"] = StubEnvironment.model
        env["AWS_ENDPOINT_URL_REKOGNITION"] = "\(LocalServer.stub.url)/\(id)/\(scenario)"
        for (k, v) in StubEnvironment.keys { env[k] = v }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var errText = Data()
        let group = DispatchGroup()
        onOwnThread(group) { errText = err.fileHandleForReading.readDataToEndOfFile() }
        let outText = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (
            p.terminationStatus, String(decoding: outText, as: UTF8.self), String(decoding: errText, as: UTF8.self),
            try LocalServer.stub.requests(id).count
        )
    }

    @Test func annotateVideo() throws {
        let out = try TestData.scratch().appendingPathComponent("boxed.mp4").path
        let r = try run("annotate-video.sh", [Self.video, out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Media.frameCount(out) == 30)
        #expect(r.calls == 30)
    }

    /// A recipe wrapped in `rekfilter model run`: the stub's model starts (one status check
    /// later it is RUNNING, so the default 30 s poll never sleeps), the video is annotated, the
    /// model is stopped.
    @Test func aRecipeWithTheModelRunningOnlyForTheJob() throws {
        let out = try TestData.scratch().appendingPathComponent("boxed.mp4").path
        let id = LocalServer.testID()
        let r = try run(
            "with-model-running.sh", [Self.examples.appendingPathComponent("annotate-video.sh").path, Self.video, out, "2"], id: id,
            scenario: "model=STOPPED/steps=1/echo")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Media.frameCount(out) == 6)
        let calls = try LocalServer.stub.requests(id).compactMap {
            ($0["target"] as? String)?.replacingOccurrences(of: "RekognitionService.", with: "")
        }
        #expect(calls.filter { $0 == "DetectCustomLabels" }.count == 6)
        #expect(calls.first(where: { $0.hasSuffix("ProjectVersion") }) == "StartProjectVersion")
        #expect(calls.last(where: { $0.hasSuffix("ProjectVersion") }) == "StopProjectVersion")
        #expect(calls.lastIndex(of: "DetectCustomLabels")! < calls.lastIndex(of: "StopProjectVersion")!)
    }

    /// A 2-second grey-noise video (with sound) in which a red-edged square stands for a face:
    /// the stub's colour detector finds it as a face (DetectFaces), and the recipe blurs it.
    /// Measured on frame 10 of both videos: inside the face the detail is gone, outside it is as
    /// it was (through two lossy encodes), and the audio is kept.
    @Test func blurFacesInAVideo() throws {
        let folder = try TestData.scratch()
        let input = folder.appendingPathComponent("faces.mp4").path
        let make = try Command.run([
            "/usr/bin/ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
            "color=gray:size=320x240:rate=10,format=gray,noise=alls=50:allf=t,format=yuv420p,drawbox=x=100:y=60:w=120:h=120:color=red:t=6",
            "-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-g", "10", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
            input,
        ])
        #expect(make.status == 0, "\(make.stderr)")
        let out = folder.appendingPathComponent("blurred.mp4").path
        let id = LocalServer.testID()
        let r = try run("blur-faces.sh", [input, out], id: id, scenario: "colours=8")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Media.frameCount(out) == 20)
        #expect(r.calls == 20)
        #expect(try LocalServer.stub.requests(id).allSatisfy { $0["target"] as? String == "RekognitionService.DetectFaces" })
        let measure = try Command.run([
            "python3", "-c",
            #"""
            import json, subprocess, sys
            from PIL import Image
            def frame(path):
                png = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", path, "-vf", "select=eq(n\\,10)", "-frames:v", "1",
                                      "-f", "image2pipe", "-c:v", "png", "-"], capture_output=True, check=True).stdout
                import io; return Image.open(io.BytesIO(png)).convert("L")
            def detail(im, box):
                p = im.load(); x0, y0, x1, y1 = box
                return sum(abs(p[x + 1, y] - p[x, y]) for y in range(y0, y1) for x in range(x0, x1 - 1)) / ((x1 - x0 - 1) * (y1 - y0))
            a, b = frame(sys.argv[1]), frame(sys.argv[2])
            inside, outside = (115, 75, 225, 165), (0, 190, 320, 240)
            print(json.dumps({"in_before": detail(a, inside), "in_after": detail(b, inside),
                              "out_before": detail(a, outside), "out_after": detail(b, outside),
                              "audio": subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=codec_name",
                                                       "-of", "csv=p=0", sys.argv[2]], capture_output=True, text=True).stdout.strip()}))
            """#, input, out,
        ])
        #expect(measure.status == 0, "\(measure.stderr)")
        let m = try JSONSerialization.jsonObject(with: Data(measure.stdout.utf8)) as! [String: Any]
        let (inBefore, inAfter) = (m["in_before"] as! Double, m["in_after"] as! Double)
        let (outBefore, outAfter) = (m["out_before"] as! Double, m["out_after"] as! Double)
        #expect(inBefore > 10 && inAfter < inBefore / 10, "\(m)")
        #expect(outAfter > outBefore * 0.7, "\(m)")
        #expect(m["audio"] as? String == "aac")
    }

    @Test func annotateVideoAtTwoFramesASecond() throws {
        let out = try TestData.scratch().appendingPathComponent("boxed.mp4").path
        let r = try run("annotate-video.sh", [Self.video, out, "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Media.frameCount(out) == 6)
    }

    @Test func sampleToJSONLines() throws {
        let r = try run("sample-to-jsonl.sh", [Self.video])
        #expect(r.status == 0, "\(r.stderr)")
        let frames = try r.stdout.split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["Frame"] as! Int
        }
        #expect(frames == [0, 1, 2])
    }

    @Test func keyframesOnly() throws {
        let r = try run("keyframes.sh", [Self.video])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 3, "one keyframe a second (-g 10 at 10 fps): \(r.stdout)")
        #expect(r.calls == 3)
    }

    @Test func annotateDirectory() throws {
        let src = try TestData.scratch()
        let dst = try TestData.scratch()
        for name in ["Landscape_1.jpg", "Landscape_3.jpg", "Portrait_6.jpg"] {
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/\(name)"), toPath: src.appendingPathComponent(name).path)
        }
        try Data("not an image".utf8).write(to: src.appendingPathComponent("broken.jpg"))
        let r = try run("annotate-directory.sh", [src.path, dst.path, "3"])
        #expect(r.status != 0, "a broken file fails the run")
        #expect(r.stderr.contains("failed:") && r.stderr.contains("broken.jpg"))
        let made = try FileManager.default.contentsOfDirectory(atPath: dst.path).sorted()
        #expect(
            made == [
                "Landscape_1.jpg.json", "Landscape_1.jpg.png", "Landscape_3.jpg.json", "Landscape_3.jpg.png",
                "Portrait_6.jpg.json", "Portrait_6.jpg.png",
            ])
        #expect(r.calls == 3)
    }

    @Test func parallelAcrossMachines() throws {
        let src = try TestData.scratch()
        for name in ["Landscape_1.jpg", "Landscape_2.jpg"] {
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/\(name)"), toPath: src.appendingPathComponent(name).path)
        }
        // ":" is the local machine: GNU parallel runs the same command it would over ssh.
        let r = try run("parallel-across-machines.sh", [":", src.path])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try r.stdout.split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["File"] as! String
        }
        #expect(files == ["Landscape_1.jpg", "Landscape_2.jpg"])
    }
}
