import Foundation
import TestSupport
import Testing

/// `--tile` (README, Tiles) end to end, against the stub's colour detector — which decodes what
/// it is sent and finds each red, green or blue patch as one object, if both its sides are at
/// least 16 px in the picture it got: an object across a tile edge comes back as one box, and a
/// small object that the 4096 px fit of a big picture shrinks below that is found only in tiles.
@Suite struct TilesTests {
    /// A white `width`×`height` PNG with filled rectangles (x0, y0, x1, y1 inclusive) of colours.
    static func picture(_ width: Int, _ height: Int, _ patches: [(String, [Int])]) throws -> String {
        let path = try TestData.scratch().appendingPathComponent("picture.png").path
        let drawn = (patches.map { "d.rectangle(\($0.1), fill='\($0.0)')" } + ["pass"]).joined(separator: "; ")
        let make = try Command.run([
            "python3", "-c",
            "import sys; from PIL import Image, ImageDraw; im = Image.new('RGB', (\(width), \(height)), 'white'); "
                + "d = ImageDraw.Draw(im); \(drawn); im.save(sys.argv[1])",
            path,
        ])
        #expect(make.status == 0, "\(make.stderr)")
        return path
    }

    func detect(_ picture: String, _ extra: [String], scenario: String = "colours=16", id: String = LocalServer.testID()) throws -> (
        Binary.Result, [[String: Any]]
    ) {
        let result = try Binary.run(
            ["-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/\(scenario)"] + extra,
            stdinPath: picture, environment: StubEnvironment.keys)
        return (result, try LocalServer.stub.requests(id))
    }

    /// The labels of a json answer, with their boxes in pixels of a `width`×`height` picture.
    func boxes(_ result: Binary.Result, _ width: Double, _ height: Double) throws -> [String: [Double]] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        var found: [String: [Double]] = [:]
        for label in object["CustomLabels"] as! [[String: Any]] {
            let box = (label["Geometry"] as! [String: Any])["BoundingBox"] as! [String: Double]
            found[label["Name"] as! String] = [
                box["Left"]! * width, box["Top"]! * height, (box["Left"]! + box["Width"]!) * width, (box["Top"]! + box["Height"]!) * height,
            ]
        }
        return found
    }

    @Test func anObjectAcrossTileEdgesIsOneBoxInTheWholePicturesCoordinates() throws {
        // Tiles of 1024 with 0.2 overlap start at x 0, 819, 1638, 1976 and y 0, 819, 976: the red
        // patch lies across the edges x = 1024 and x = 1843, the green one across y = 1024.
        let picture = try Self.picture(3000, 2000, [("red", [900, 300, 1899, 599]), ("#00ff00", [2100, 700, 2399, 1399])])
        let (result, requests) = try detect(picture, ["--tile", "1024", "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requests.count == 12)
        #expect(requests.allSatisfy { ($0["width"] as? Int) == 1024 && ($0["height"] as? Int) == 1024 })
        let found = try boxes(result, 3000, 2000)
        #expect(found.count == 2)
        let expected: [String: [Double]] = ["red": [900, 300, 1900, 600], "green": [2100, 700, 2400, 1400]]
        for (label, box) in expected {
            let got = try #require(found[label], "\(label) not found: \(result.stdoutText)")
            #expect(zip(got, box).allSatisfy { abs($0 - $1) <= 2 }, "\(label): \(got) for \(box)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect(object["Tiles"] as? Int == 12)
        #expect((object["Image"] as? [String: Int]) == ["Width": 3000, "Height": 2000])
    }

    @Test func aSmallObjectTheFitLosesIsFoundInTiles() throws {
        // 8000×6000 fitted to 4096 px makes the 24 px blue patch 12 px: below the detector's 16.
        let picture = try Self.picture(8000, 6000, [("blue", [6000, 5000, 6023, 5023])])
        let (whole, sent) = try detect(picture, ["-f", "json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(sent.count == 1 && (sent[0]["width"] as? Int) == 4096)
        #expect(try boxes(whole, 8000, 6000).isEmpty)
        let (tiled, tiles) = try detect(picture, ["--tile", "2048", "-f", "json"])
        #expect(tiled.status == 0, "\(tiled.stderr)")
        #expect(tiles.count == 20)
        let blue = try #require(try boxes(tiled, 8000, 6000)["blue"])
        #expect(zip(blue, [6000.0, 5000, 6024, 5024]).allSatisfy { abs($0 - $1) <= 2 }, "\(blue)")
        // Side by side: more than one tile in flight at once (-j 4 by default).
        #expect(tiles.compactMap { $0["in_flight"] as? Int }.max()! > 1)
    }

    @Test func aPictureSmallerThanATileIsOneCallAsBefore() throws {
        let picture = try Self.picture(800, 600, [("red", [100, 100, 199, 199])])
        let (result, requests) = try detect(picture, ["--tile", "1024", "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requests.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect(object["Tiles"] == nil)
    }

    @Test func aTileThatFailsFailsThePictureAndNothingIsWritten() throws {
        let picture = try Self.picture(3000, 2000, [("red", [900, 300, 1899, 599])])
        let (result, _) = try detect(picture, ["--tile", "1024"], scenario: "fail=AccessDeniedException:400:1/colours=16")
        #expect(result.status == 77)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func tilesInAStreamAndInABatch() throws {
        let picture = try Self.picture(2000, 1000, [("red", [900, 300, 1299, 599])])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: picture)))
        let stream = try TestData.scratch().appendingPathComponent("two.png").path
        try Data(bytes + bytes).write(to: URL(fileURLWithPath: stream))
        let (result, requests) = try detect(stream, ["--stream", "--tile", "1024", "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requests.count == 6)  // 3 × 2 tiles a frame
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains("\"Tiles\":3") && $0.contains("\"red\"") })

        let folder = try TestData.scratch()
        try FileManager.default.copyItem(atPath: picture, toPath: folder.appendingPathComponent("a.png").path)
        let destination = try TestData.scratch().appendingPathComponent("out").path
        let id = LocalServer.testID()
        let batch = try Binary.run(
            [
                "batch", "-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/colours=16", "--tile", "1024",
                "-f", "json", "--out", destination, folder.path,
            ],
            environment: StubEnvironment.keys)
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(try LocalServer.stub.requests(id).count == 3)
        let written = try String(contentsOfFile: destination + "/a.json", encoding: .utf8)
        #expect(written.contains("\"Tiles\":3") && written.contains("\"red\""))
    }

    /// A detector plugin (declaring 1000 px at most) is sent each tile as a picture of its own,
    /// several to one process, and its boxes come back in the whole picture's coordinates.
    @Test func aDetectorPluginIsSentTheTiles() throws {
        let plugins = try DetectorPluginTests.folder(["boxes"])
        let picture = try Self.picture(2000, 1000, [])
        let environment = ["REKFILTER_PLUGIN_PATH": plugins]
        let result = try Binary.run(
            ["--detect", "boxes", "--tile", "800", "-j", "2", "-f", "json"], stdinPath: picture, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        let detections = object["Detections"] as! [[String: Any]]
        #expect(object["Tiles"] as? Int == 6)
        #expect(detections.count == 6 && detections.allSatisfy { $0["label"] as? String == "seen-JPEG-800x800" }, "\(detections)")
        // Each box is the middle half of its tile: tiles start at x 0, 640, 1200 and y 0, 200.
        let lefts = Set(detections.map { (($0["box"] as! [String: Double])["left"]! * 2000).rounded() })
        #expect(lefts == [200, 840, 1400])
        let tooBig = try Binary.run(["--detect", "boxes", "--tile", "1200"], stdinPath: picture, environment: environment)
        #expect(tooBig.status == 64 && tooBig.stderr.contains("boxes takes at most 1000 px a side"), "\(tooBig.stderr)")
    }

    /// A detector plugin that answers more than it was asked fails the picture, even when each
    /// of its processes got one tile only and said so only as it ended.
    @Test func aPluginAnsweringTooMuchForItsTilesFailsThePicture() throws {
        let plugins = try DetectorPluginTests.folder(["chatty"])
        let picture = try Self.picture(2000, 1000, [])
        let result = try Binary.run(
            ["--detect", "chatty", "--tile", "900", "-j", "16", "-f", "json"], stdinPath: picture,
            environment: ["REKFILTER_PLUGIN_PATH": plugins])
        #expect(result.status == 70)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("answered more than it was asked"), "\(result.stderr)")
    }

    @Test func theDryRunListsTheTiles() throws {
        let picture = try Self.picture(3000, 2000, [])
        let result = try Binary.run(["--dry-run", "--tile", "1024x768", "--tile-overlap", "0.1"], stdinPath: picture)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first?.contains("would send 12 tiles of 1024×768 (overlap 0.1)") == true, "\(result.stderr)")
        #expect(lines.count == 13)
        #expect(lines[1].contains("tile 1 of 12: x 0, y 0, 1024×768 → would send JPEG 1024×768 quality 95"), "\(lines[1])")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        (["--tile", "5000"], "at most 4096 px a side"), (["--tile", "32"], "at least 64 px"), (["--tile", "big"], "--tile takes a size"),
        (["--tile", "1024", "--tile-overlap", "1"], "--tile-overlap must be from 0 to 0.9"),
        (["--merge-iou", "0.3"], "--merge-iou goes with --tile"), (["--tile", "1024", "--merge-iou", "0"], "--merge-iou must be above 0"),
    ])
    func badTileFlagsAreUsageErrors(_ flags: [String], _ message: String) throws {
        let result = try Binary.run(["-m", StubEnvironment.model] + flags, stdin: [], environment: StubEnvironment.keys)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
