import Foundation
import TestSupport
import Testing

/// `-f crops` (README, Crops): a tar stream that `tar` and Python's `tarfile` read, a JPEG per
/// detection of the box's size (padded when asked), `index.json`; label names never escape
/// the archive's folder.
@Suite struct CropsTests {
    static func saved() throws -> String {
        let path = try TestData.scratch().appendingPathComponent("saved.json").path
        try Data(
            #"""
            {"Detections": [
              {"label": "widget", "confidence": 90, "box": {"left": 0.1, "top": 0.1, "width": 0.3, "height": 0.4}},
              {"label": "../../etc", "confidence": 80, "box": {"left": 0.6, "top": 0.5, "width": 0.2, "height": 0.3}},
              {"label": "text", "confidence": 99, "polygon": [{"x": 0.5, "y": 0.05}, {"x": 0.9, "y": 0.05}, {"x": 0.9, "y": 0.4}]},
              {"label": "scene", "confidence": 70}
            ]}
            """#.utf8
        ).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aPicturesCropsInATarThatToolsRead() throws {
        let folder = try TestData.scratch()
        let result = try Binary.run(
            ["--detections", try Self.saved(), "-f", "crops", "--image-name", "photos/a.jpg"],
            stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        #expect(result.status == 0, "\(result.stderr)")
        let tar = folder.appendingPathComponent("crops.tar")
        try Data(result.stdout).write(to: tar)
        let extract = try Command.run(["tar", "-x", "-f", tar.path, "-C", folder.path])
        #expect(extract.status == 0, "\(extract.stderr)")
        let read = try Command.run([
            "python3", "-c",
            """
            import json, sys, tarfile, io
            from PIL import Image
            t = tarfile.open(sys.argv[1])
            for m in t.getmembers():
                data = t.extractfile(m).read()
                if m.name.endswith(".jpg"):
                    im = Image.open(io.BytesIO(data)); print(m.name, im.format, im.size[0], im.size[1])
                else:
                    print(m.name, len(json.loads(data)))
            """,
            tar.path,
        ])
        #expect(read.status == 0, "\(read.stderr)")
        // 1800×1200: the widget 540×480, the other 360×360, the triangle's bounding box 720×420.
        #expect(
            read.stdout.split(separator: "\n") == [
                "widget/photos/a-1.jpg JPEG 540 480", ".._.._etc/photos/a-2.jpg JPEG 360 360", "text/photos/a-3.jpg JPEG 720 420",
                "index.json 3",
            ], "\(read.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("text/photos/a-3.jpg").path))
        let index =
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("index.json"))) as! [[String: Any]]
        #expect(index[0]["label"] as? String == "widget" && index[0]["source"] as? String == "photos/a.jpg")
        #expect(index[0]["box"] as? [String: Int] == ["left": 180, "top": 120, "width": 540, "height": 480])
    }

    @Test func paddingWidensAndAStreamIsOneArchive() throws {
        var frames = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        frames += try TestData.bytes("exif-orientation/Landscape_2.jpg")
        let saved = try TestData.scratch().appendingPathComponent("saved.jsonl")
        let line =
            #"{"Detections": [{"label": "widget", "confidence": 90, "box": {"left": 0.1, "top": 0.1, "width": 0.3, "height": 0.4}}]}"#
        try Data((line + "\n" + line + "\n").utf8).write(to: saved)
        let result = try Binary.run(
            ["--detections", saved.path, "--stream", "-f", "crops", "--crop-padding", "0.1"], stdin: frames)
        #expect(result.status == 0, "\(result.stderr)")
        let tar = try TestData.scratch().appendingPathComponent("stream.tar")
        try Data(result.stdout).write(to: tar)
        let list = try Command.run(["tar", "-t", "-v", "-f", tar.path])
        let names = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(names == ["widget/frame-000000-1.jpg", "widget/frame-000001-1.jpg", "index.json"], "\(list.stdout)")
        let size = try Command.run([
            "python3", "-c",
            "import sys, tarfile, io; from PIL import Image; t = tarfile.open(sys.argv[1]); "
                + "print(Image.open(io.BytesIO(t.extractfile('widget/frame-000000-1.jpg').read())).size)",
            tar.path,
        ])
        // 540×480 widened by 10% on each side: 648×576.
        #expect(size.stdout == "(648, 576)\n", "\(size.stdout) \(size.stderr)")
    }

    @Test func cropPaddingGoesWithCrops() throws {
        let result = try Binary.run(["--detections", "/nonexistent.json", "--crop-padding", "0.2", "-f", "png"], stdin: [])
        #expect(result.status == 64 && result.stderr.contains("--crop-padding does nothing with -f png"), "\(result.stderr)")
    }
}
