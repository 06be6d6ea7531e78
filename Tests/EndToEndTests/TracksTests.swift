import Foundation
import TestSupport
import Testing

/// `--track` (README, Tracks) end to end: a red square moving across a video made by ffmpeg,
/// found in each frame by the stub's colour detector; ids in json, csv, coco and to plugins, and
/// with `--every` the frames between calls interpolated — under `-j 8`, frames worked on side by side.
@Suite struct TracksTests {
    /// `count` 320×240 frames with a 40 px red square moving `speed` px a frame to the right.
    static func video(_ count: Int, speed: Int) throws -> String {
        let path = try TestData.scratch().appendingPathComponent("moving.mjpeg").path
        let make = try Command.run([
            "/usr/bin/ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i",
            "color=red:size=40x40:rate=10[box];color=white:size=320x240:rate=10[bg];[bg][box]overlay=x='20+n*\(speed)':y=100",
            "-frames:v", "\(count)", "-c:v", "mjpeg", "-q:v", "2", "-f", "image2pipe", path,
        ])
        #expect(make.status == 0, "\(make.stderr)")
        return path
    }

    func stream(_ video: String, _ extra: [String], environment: [String: String] = [:]) throws -> (Binary.Result, [[String: Any]]) {
        let id = LocalServer.testID()
        let result = try Binary.run(
            ["-m", StubEnvironment.model, "--stream", "--endpoint-url", "\(LocalServer.stub.url)/\(id)/colours=8"] + extra,
            stdinPath: video, environment: StubEnvironment.keys.merging(environment) { a, _ in a })
        return (result, try LocalServer.stub.requests(id))
    }

    func lines(_ result: Binary.Result) throws -> [[String: Any]] {
        try result.stdoutText.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func eachFramesLabelCarriesTheTracksId() throws {
        let (result, _) = try stream(try Self.video(12, speed: 4), ["--track", "-j", "8", "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let frames = try lines(result)
        #expect(frames.map { $0["Frame"] as? Int } == Array(0..<12))
        for frame in frames {
            let labels = frame["CustomLabels"] as! [[String: Any]]
            #expect(labels.count == 1 && labels[0]["TrackId"] as? Int == 1, "\(frame)")
        }
    }

    @Test func csvAndCocoCarryTrackIds() throws {
        let video = try Self.video(6, speed: 4)
        let (csv, _) = try stream(video, ["--track", "-f", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdoutText.split(separator: "\n")
        #expect(rows.first == "frame,name,confidence,left,top,width,height,error,track_id")
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",,1") } && rows.count == 7, "\(csv.stdoutText)")
        let (plain, _) = try stream(video, ["-f", "csv"])
        #expect(plain.stdoutText.hasPrefix("frame,name,confidence,left,top,width,height,error\n"))

        let (coco, _) = try stream(video, ["--track", "-f", "coco"])
        #expect(coco.status == 0, "\(coco.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(coco.stdout)) as! [String: Any]
        let annotations = document["annotations"] as! [[String: Any]]
        #expect(annotations.count == 6 && annotations.allSatisfy { $0["track_id"] as? Int == 1 })
    }

    /// A plugin is handed each DETECTION with its `"track"`.
    @Test func pluginsAreHandedTheTrack() throws {
        let plugins = try PluginTests.folder(["echo"])
        let (result, _) = try stream(
            try Self.video(3, speed: 4), ["--track", "-f", "echo"], environment: ["REKFILTER_PLUGIN_PATH": plugins])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.hasPrefix("0 red 99 #1\nframe 0 payload 0 error False\n1 red 99 #1\n"), "\(result.stdoutText)")
    }

    /// `--every 4`: the service is called on frames 0, 4, 8; frames between are drawn where the
    /// square is a fraction of the way between two calls (2 px a frame), not where the older call saw it.
    @Test func framesBetweenCallsAreInterpolated() throws {
        let (result, requests) = try stream(try Self.video(10, speed: 2), ["--track", "--every", "4", "-j", "8", "-f", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requests.count == 3)
        let rows = result.stdoutText.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 10)
        let lefts = rows.map { Double($0[3])! }
        let steps = zip(lefts.dropFirst(), lefts).map { $0 - $1 }
        // Two px a frame up to the last call; after it (frame 9) the square stands where that call saw it.
        #expect(steps.prefix(8).allSatisfy { abs($0 - 2) <= 0.5 }, "\(lefts)")
        #expect(steps.last == 0)
        #expect(rows.allSatisfy { $0.last == "1" })
    }

    /// SIGINT in the middle of a slow `--every 3` stream, with and without `--track`: the frames
    /// in flight finish with their own (or their call's) detections; none is failed for the
    /// signal's sake — a call frame never says it has nothing to reuse, and a frame between
    /// calls says so only when its call really got nothing.
    @Test(arguments: [[], ["--track"]])
    func anInterruptedStreamFinishesItsFramesInFlight(_ extra: [String]) throws {
        let video = try Self.video(60, speed: 2)
        let id = LocalServer.testID()
        let (result, _) = try Binary.interrupted(
            [
                "-m", StubEnvironment.model, "--stream", "--every", "3", "-j", "4", "-f", "json",
                "--endpoint-url", "\(LocalServer.stub.url)/\(id)/colours=8/slow=700",
            ] + extra,
            stdinPath: video, environment: StubEnvironment.keys
        ) { try LocalServer.stub.requests(id).count >= 6 }
        #expect(result.status == 130)
        let written = try result.stdoutText.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(written.count > 6 && written.count < 60)
        #expect(written.map { $0["Frame"] as! Int } == Array(0..<written.count))
        for frame in written {
            let index = frame["Frame"] as! Int
            guard let error = frame["Error"] as? String else { continue }
            #expect(index % 3 != 0 || !error.contains("no detections to reuse"), "call frame \(index): \(error)")
            if index % 3 != 0 && error.contains("no detections to reuse") {
                #expect(written[index / 3 * 3]["Error"] != nil, "frame \(index): \(error), yet its call got detections")
            }
        }
        #expect(written.contains { $0["Error"] == nil && $0["Frame"] as! Int > 3 })
    }

    @Test(arguments: [
        (["--track"], "--track follows objects through the frames of a --stream"),
        (["--stream", "--track-buffer", "5"], "--track-buffer goes with --track"),
        (["--stream", "--track", "--track-buffer", "-1"], "--track-buffer must be from 0"),
    ])
    func badTrackFlagsAreUsageErrors(_ flags: [String], _ message: String) throws {
        let result = try Binary.run(["-m", StubEnvironment.model] + flags, stdin: [], environment: StubEnvironment.keys)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
