import Foundation
import TestSupport
import Testing

/// The data-set formats loaded by the libraries people load them with — pycocotools,
/// supervision, globox, Ultralytics' own label check, lxml, label-studio-sdk, the Custom Labels
/// guide's manifest rules, CairoSVG and rsvg — through `Tests/Clients/load_outputs.py`. Every
/// library must accept the file and read every box within 2 px of the truth, by picture name.
@Suite(.serialized) struct ClientLibraryTests {
    /// A box well inside, one partly outside (clipped), one wholly outside (left out: it is
    /// less than a pixel once clipped), and an image-level label.
    static let detections: String = {
        let json = """
            {"CustomLabels":[\
            {"Name":"dog","Confidence":91.5,"Geometry":{"BoundingBox":{"Width":0.3,"Height":0.4,"Left":0.1,"Top":0.2}}},\
            {"Name":"bus","Confidence":80,"Geometry":{"BoundingBox":{"Width":0.4,"Height":0.3,"Left":0.8,"Top":-0.1}}},\
            {"Name":"gone","Confidence":75,"Geometry":{"BoundingBox":{"Width":0.2,"Height":0.2,"Left":1.2,"Top":0.2}}},\
            {"Name":"scene","Confidence":70}]}
            """
        let url = try! TestData.scratch().appendingPathComponent("detections.json")
        try! json.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }()

    /// The same for each frame of a stream (JSON Lines).
    static func streamDetections(_ frames: Int) throws -> String {
        let one = try String(contentsOfFile: detections, encoding: .utf8).replacingOccurrences(of: "\n", with: "")
        let url = try TestData.scratch().appendingPathComponent("detections.jsonl")
        try String(repeating: one + "\n", count: frames).write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The boxes every reader must find on a `width`×`height` picture, in pixels.
    static func truth(_ width: Double, _ height: Double) -> [String: [Double]] {
        ["dog": [0.1 * width, 0.2 * height, 0.4 * width, 0.6 * height], "bus": [0.8 * width, 0, width, 0.2 * height]]
    }

    static let plugins: String = ShippedPluginTests.installed.plugins

    func run(_ arguments: [String], stdinPath: String) throws -> Binary.Result {
        let result = try Binary.run(arguments, stdinPath: stdinPath, environment: ["REKFILTER_PLUGIN_PATH": Self.plugins])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    /// What each library read: library → picture → boxes.
    func load(_ arguments: [String]) throws -> [String: [String: [[Any]]]] {
        let script = TestData.projectRoot.appendingPathComponent("Tests/Clients/load_outputs.py").path
        let result = try Command.run(["python3", script] + arguments)
        #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
        guard result.status == 0 else { return [:] }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: [String: [[Any]]]]
    }

    /// Every library read exactly the true boxes of each picture, within 2 px.
    func expectBoxes(_ read: [String: [String: [[Any]]]], _ pictures: [String: (Double, Double)], libraries: Int) {
        #expect(read.count == libraries, "\(read.keys)")
        for (library, byPicture) in read {
            #expect(Set(byPicture.keys) == Set(pictures.keys), "\(library) read \(byPicture.keys)")
            for (picture, size) in pictures {
                let boxes = (byPicture[picture] ?? []).filter { !($0[1] is NSNull) }
                let truth = Self.truth(size.0, size.1)
                #expect(boxes.count == truth.count, "\(library) \(picture): \(boxes)")
                for box in boxes {
                    let label = box[0] as! String
                    let numbers = box[1...].map { ($0 as! NSNumber).doubleValue }
                    guard let expected = truth[label] else {
                        Issue.record("\(library) \(picture): unexpected \(label)")
                        continue
                    }
                    #expect(
                        zip(numbers, expected).allSatisfy { abs($0 - $1) <= 2 }, "\(library) \(picture) \(label): \(numbers) vs \(expected)"
                    )
                }
            }
        }
    }

    /// COCO from two separate runs: pycocotools, supervision and globox load each; `--classes`
    /// gives both the same category ids, and the pictures get different image ids.
    @Test func cocoLoadsInPycocotoolsSupervisionAndGlobox() throws {
        let folder = try TestData.scratch()
        var documents: [[String: Any]] = []
        for name in ["Landscape_1.jpg", "Landscape_6.jpg"] {  // the second is EXIF-rotated
            try FileManager.default.copyItem(
                atPath: TestData.path("exif-orientation/\(name)"), toPath: folder.appendingPathComponent(name).path)
            let result = try run(
                ["--detections", Self.detections, "-f", "coco", "--classes", "bus,dog,scene"],
                stdinPath: folder.appendingPathComponent(name).path)
            #expect(result.stderr.contains("1 box less than a pixel"), "\(result.stderr)")
            let path = folder.appendingPathComponent(name + ".coco").path
            try Data(result.stdout).write(to: URL(fileURLWithPath: path))
            expectBoxes(try load(["coco", path, folder.path]), [name: (1800, 1200)], libraries: 3)
            documents.append(try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any])
        }
        let categories = documents.map { $0["categories"] as! [[String: Any]] }
        #expect(
            categories[0].map { "\($0["id"]!) \($0["name"]!) \($0["supercategory"]!)" } == [
                "1 bus none", "2 dog none", "3 scene none", "4 gone none",
            ])
        #expect(categories[0].map { $0["id"] as! Int } == categories[1].map { $0["id"] as! Int })
        let images = documents.map { ($0["images"] as! [[String: Any]])[0] }
        #expect(images.map { $0["file_name"] as! String } == ["Landscape_1.jpg", "Landscape_6.jpg"])
        #expect((images[0]["id"] as! Int) != (images[1]["id"] as! Int))
        #expect(documents.allSatisfy { $0["info"] != nil && ($0["licenses"] as? [Any])?.isEmpty == true })
        let annotation = (documents[0]["annotations"] as! [[String: Any]])[0]
        #expect((annotation["segmentation"] as? [Any])?.isEmpty == true && annotation["iscrowd"] as? Int == 0)
    }

    /// A stream to YOLO is a tar that, with the frames under images/, is a data set Ultralytics'
    /// `verify_image_label`, supervision and globox all load.
    @Test func yoloStreamIsADataSetUltralyticsSupervisionAndGloboxLoad() throws {
        let (stream, names) = try Self.frames(3, in: "yolo")
        let result = try run(["--stream", "--detections", Self.streamDetections(3), "-f", "yolo"], stdinPath: stream.path)
        let dataset = try ShippedPluginTests.extract(result.stdout)
        try FileManager.default.createDirectory(atPath: dataset + "/images", withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(
                atPath: stream.deletingLastPathComponent().appendingPathComponent(name).path, toPath: dataset + "/images/" + name)
        }
        expectBoxes(try load(["yolo", dataset]), Dictionary(uniqueKeysWithValues: names.map { ($0, (320.0, 240.0)) }), libraries: 3)
    }

    /// A single picture's YOLO file is what Ultralytics trains from (five columns).
    @Test func yoloSinglePictureIsTheTrainingFormat() throws {
        let dataset = try TestData.scratch().path
        for folder in ["images", "labels"] {
            try FileManager.default.createDirectory(atPath: "\(dataset)/\(folder)", withIntermediateDirectories: true)
        }
        let picture = TestData.path("exif-orientation/Portrait_1.jpg")  // 1200×1800
        try FileManager.default.copyItem(atPath: picture, toPath: "\(dataset)/images/Portrait_1.jpg")
        let result = try run(["--detections", Self.detections, "-f", "yolo", "--classes", "bus,dog"], stdinPath: picture)
        try Data(result.stdout).write(to: URL(fileURLWithPath: "\(dataset)/labels/Portrait_1.txt"))
        try "bus\ndog\n".write(toFile: "\(dataset)/classes.txt", atomically: true, encoding: .utf8)
        try "names:\n  0: bus\n  1: dog\n".write(toFile: "\(dataset)/data.yaml", atomically: true, encoding: .utf8)
        expectBoxes(try load(["yolo", dataset]), ["Portrait_1.jpg": (1200, 1800)], libraries: 3)
    }

    /// VOC: a single document and a stream's tar of documents load in supervision, globox and lxml.
    @Test func vocLoadsInSupervisionGloboxAndLxml() throws {
        let (stream, names) = try Self.frames(2, in: "voc")
        let result = try run(["--stream", "--detections", Self.streamDetections(2), "-f", "voc"], stdinPath: stream.path)
        let folder = try ShippedPluginTests.extract(result.stdout)
        expectBoxes(
            try load(["voc", folder + "/Annotations", stream.deletingLastPathComponent().path]),
            Dictionary(uniqueKeysWithValues: names.map { ($0, (320.0, 240.0)) }), libraries: 3)

        let single = try TestData.scratch()
        try FileManager.default.createDirectory(at: single.appendingPathComponent("Annotations"), withIntermediateDirectories: true)
        let picture = single.appendingPathComponent("Landscape_6.jpg").path
        try FileManager.default.copyItem(atPath: TestData.path("exif-orientation/Landscape_6.jpg"), toPath: picture)
        let one = try run(["--detections", Self.detections, "-f", "voc"], stdinPath: picture)
        try Data(one.stdout).write(to: single.appendingPathComponent("Annotations/Landscape_6.xml"))
        expectBoxes(try load(["voc", single.path + "/Annotations", single.path]), ["Landscape_6.jpg": (1800, 1200)], libraries: 3)
    }

    /// Manifest lines appended by separate runs pass the Custom Labels guide's rules (no
    /// duplicate keys, integer boxes inside the picture, at most 50) with consistent class ids.
    @Test func manifestLinesFollowTheCustomLabelsRules() throws {
        let file = try TestData.scratch().appendingPathComponent("prelabels.manifest")
        var text = ""
        for name in ["Landscape_1.jpg", "Landscape_6.jpg"] {
            let result = try run(
                ["--detections", Self.detections, "-f", "manifest", "--classes", "dog,bus", "--source-ref", "s3://bucket/\(name)"],
                stdinPath: TestData.path("exif-orientation/\(name)"))
            text += result.stdoutText
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        expectBoxes(try load(["manifest", file.path]), ["Landscape_1.jpg": (1800, 1200), "Landscape_6.jpg": (1800, 1200)], libraries: 1)
        let maps = try text.split(separator: "\n").map {
            ((try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["bounding-box-metadata"] as! [String: Any])[
                "class-map"]
                as! [String: String]
        }
        #expect(maps == [["0": "dog", "1": "bus"], ["0": "dog", "1": "bus"]])
    }

    /// Label Studio's SDK validates the tasks and predictions; `data.image` is the picture's name.
    @Test func labelStudioPredictionsValidateInTheSDK() throws {
        let file = try TestData.scratch().appendingPathComponent("tasks.json")
        let result = try run(
            ["--detections", Self.detections, "-f", "labelstudio"], stdinPath: TestData.path("exif-orientation/Landscape_6.jpg"))
        try Data(result.stdout).write(to: file)
        expectBoxes(try load(["labelstudio", file.path]), ["Landscape_6.jpg": (1800, 1200)], libraries: 1)
        let named = try run(
            ["--detections", Self.detections, "-f", "labelstudio", "--image-name", "/data/local-files/?d=photos/a%20b.jpg"],
            stdinPath: TestData.path("exif-orientation/Landscape_6.jpg"))
        #expect(named.stdoutText.contains("\"image\": \"/data/local-files/?d=photos/a%20b.jpg\""))
    }

    /// An EXIF-rotated JPEG embedded in SVG renders upright in CairoSVG and rsvg alike.
    @Test func embeddedPicturesRenderUprightInCairoSVGAndRsvg() throws {
        let folder = try TestData.scratch()
        let picture = TestData.path("exif-orientation/Landscape_6.jpg")
        let svg = folder.appendingPathComponent("overlay.svg").path
        let result = try run(["--detections", Self.detections, "-f", "svg", "--svg-embed", "--labels", "scene"], stdinPath: picture)
        try Data(result.stdout).write(to: URL(fileURLWithPath: svg))
        let upright = folder.appendingPathComponent("upright.png").path
        let made = try Command.run([
            "python3", "-c",
            "import sys; from PIL import Image, ImageOps; ImageOps.exif_transpose(Image.open(sys.argv[1])).save(sys.argv[2])",
            picture, upright,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let script = TestData.projectRoot.appendingPathComponent("Tests/Clients/load_outputs.py").path
        let rendered = try Command.run(["python3", script, "svg", svg, upright])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let differences = try JSONSerialization.jsonObject(with: Data(rendered.stdout.utf8)) as? [String: Double] ?? [:]
        #expect(differences.count == 2)
        // Only the legend differs from the picture; a picture turned twice differs everywhere.
        #expect(differences.values.allSatisfy { $0 < 6 }, "\(differences)")
    }

    /// `count` 320×240 JPEG frames as files `frame-000000.jpg` … and as one stream file beside them.
    static func frames(_ count: Int, in name: String) throws -> (URL, [String]) {
        let folder = try TestData.scratch().appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let made = try Command.run(
            [
                "ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=5", "-frames:v", "\(count)",
                "-start_number", "0", "\(folder.path)/frame-%06d.jpg",
            ])
        #expect(made.status == 0, "\(made.stderr)")
        let names = (0..<count).map { String(format: "frame-%06d.jpg", $0) }
        var stream = Data()
        for n in names { stream += try Data(contentsOf: folder.appendingPathComponent(n)) }
        let path = folder.appendingPathComponent("stream.mjpeg")
        try stream.write(to: path)
        return (path, names)
    }
}
