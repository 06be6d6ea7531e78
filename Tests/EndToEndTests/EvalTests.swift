import Foundation
import RekFilter
import TestSupport
import Testing

/// `rekfilter eval` end to end: a batch's results against a Ground Truth manifest, in each
/// output form; bad truth files said with their line.
@Suite struct EvalTests {
    /// The stub finds one `widget` at (0.125, 0.25, 0.25, 0.5) of every picture: the truth has it
    /// there in two pictures, elsewhere in the third, and a `gadget` the model never finds.
    static func labelledSet() throws -> (truth: URL, dest: URL) {
        let source = try BatchTests.sourceFolder()
        let work = source.deletingLastPathComponent()
        let dest = work.appendingPathComponent("out")
        let result = try Binary.run(
            [
                "batch", source.path, "--out", dest.path, "-m", StubEnvironment.model, "--endpoint-url",
                "\(LocalServer.stub.url)/\(LocalServer.testID())/ok",
            ],
            environment: StubEnvironment.keys)
        #expect(result.status == 0, "\(result.stderr)")
        func line(_ key: String, _ width: Double, _ height: Double, _ boxes: [(Int, Double, Double, Double, Double)]) -> String {
            let annotations = boxes.map {
                #"{"class_id": \#($0.0), "left": \#($0.1), "top": \#($0.2), "width": \#($0.3), "height": \#($0.4)}"#
            }
            return
                #"{"source-ref": "s3://bucket/photos/\#(key)", "boxes": {"annotations": [\#(annotations.joined(separator: ","))], "image_size": [{"width": \#(width), "height": \#(height), "depth": 3}]}, "boxes-metadata": {"class-map": {"0": "widget", "1": "gadget"}, "type": "groundtruth/object-detection", "human-annotated": "yes"}}"#
        }
        let manifest = [
            line("one.jpg", 1800, 1200, [(0, 225, 300, 450, 600)]),
            line("a/two.png", 256, 256, [(0, 32, 64, 64, 128), (1, 150, 150, 50, 50)]),
            line("a/b/three four.jpg", 1200, 1800, [(0, 900, 100, 200, 200)]),
            line("missing.jpg", 100, 100, [(0, 10, 10, 20, 20)]),
        ]
        let truth = work.appendingPathComponent("truth.manifest")
        try Data((manifest.joined(separator: "\n") + "\n").utf8).write(to: truth)
        return (truth, dest)
    }

    @Test func aBatchAgainstItsTruthInEveryForm() throws {
        let (truth, dest) = try Self.labelledSet()
        let json = try Binary.run(["eval", "--truth", truth.path, dest.path, "-f", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any]
        #expect(report["images"] as? Int == 4)
        let labels = report["labels"] as! [String: [String: Any]]
        let widget = labels["widget"]!
        #expect(widget["tp"] as? Int == 2 && widget["fp"] as? Int == 1 && widget["fn"] as? Int == 2)
        #expect(abs((widget["precision"] as! Double) - 2.0 / 3) < 1e-6 && widget["recall"] as? Double == 0.5)
        #expect(widget["bestThreshold"] as? Double == 97.5)
        let gadget = labels["gadget"]!
        #expect(gadget["tp"] as? Int == 0 && gadget["fn"] as? Int == 1 && gadget["AP"] as? Double == 0)
        #expect(report["withoutPredictions"] as? [String] == ["s3://bucket/photos/missing.jpg"])
        #expect(json.stderr.contains("1 pictures of the truth have no predictions"))

        let text = try Binary.run(["eval", "--truth", truth.path, dest.path])
        #expect(text.stdoutText.contains("4 pictures, IoU 0.5, counted at confidence 50: mAP "), "\(text.stdoutText)")
        #expect(text.stdoutText.split(separator: "\n").contains { $0.hasPrefix("widget") && $0.contains("  2  ") })
        let csv = try Binary.run(["eval", "--truth", truth.path, dest.path, "-f", "csv", "--threshold", "99"])
        let rows = csv.stdoutText.split(separator: "\n")
        #expect(rows.first == "label,tp,fp,fn,precision,recall,f1,AP50,AP,bestThreshold,bestF1")
        #expect(rows.contains { $0.hasPrefix("widget,0,0,4,0,0,0,") }, "\(csv.stdoutText)")
    }

    /// A label the truth never has is counted (all false positives) and left out of the mAP;
    /// a picture the truth does not have is listed, not scored. Predictions here: a jsonl.
    @Test func labelsAndPicturesTheTruthLacks() throws {
        let (truth, dest) = try Self.labelledSet()
        let jsonl = dest.deletingLastPathComponent().appendingPathComponent("predictions.jsonl")
        let box = #""Geometry": {"BoundingBox": {"Width": 0.25, "Height": 0.5, "Left": 0.125, "Top": 0.25}}"#
        try Data(
            """
            {"Key": "one.jpg", "Source": "x", "CustomLabels": [{"Name": "widget", "Confidence": 90, \(box)}, {"Name": "ghost", "Confidence": 80, \(box)}], "Image": {"Width": 1800, "Height": 1200}}
            {"Key": "elsewhere/nobody.jpg", "Source": "y", "CustomLabels": [{"Name": "widget", "Confidence": 90, \(box)}], "Image": {"Width": 100, "Height": 100}}
            {"Key": "a/two.png", "Source": "z", "Error": "throttled"}

            """.utf8
        ).write(to: jsonl)
        let result = try Binary.run(["eval", "--truth", truth.path, jsonl.path, "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        let labels = report["labels"] as! [String: [String: Any]]
        #expect(labels["ghost"]?["fp"] as? Int == 1 && labels["ghost"]?["AP"] is NSNull)
        #expect(labels["widget"]?["tp"] as? Int == 1 && labels["widget"]?["fn"] as? Int == 3)
        #expect(report["unknownPictures"] as? [String] == ["elsewhere/nobody.jpg"])
        #expect(
            Set(report["withoutPredictions"] as? [String] ?? []) == [
                "s3://bucket/photos/a/b/three four.jpg", "s3://bucket/photos/missing.jpg",
            ])
        // The mAP averages the truth's labels only: widget's AP and gadget's 0.
        let widgetAP = labels["widget"]?["AP"] as? Double ?? -1
        #expect(abs((report["mAP"] as? Double ?? -1) - widgetAP / 2) < 1e-6)
    }

    /// A classification model (labels without boxes) against image-classification truth:
    /// per label precision, recall and F1, and the confusion of truth and top label.
    @Test func aClassificationModelAgainstItsTruth() throws {
        let source = try BatchTests.sourceFolder()
        let work = source.deletingLastPathComponent()
        let dest = work.appendingPathComponent("out")
        let answer = Data(#"[{"Name": "cat", "Confidence": 91.5}, {"Name": "dog", "Confidence": 12}]"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let batch = try Binary.run(
            [
                "batch", source.path, "--out", dest.path, "-m", StubEnvironment.model, "--endpoint-url",
                "\(LocalServer.stub.url)/\(LocalServer.testID())/labels=\(answer)",
            ], environment: StubEnvironment.keys)
        #expect(batch.status == 0, "\(batch.stderr)")
        func line(_ key: String, _ id: Int, _ name: String) -> String {
            #"{"source-ref": "s3://b/\#(key)", "animal": \#(id), "animal-metadata": {"class-name": "\#(name)", "type": "groundtruth/image-classification", "confidence": 1}}"#
        }
        let truth = work.appendingPathComponent("classes.manifest")
        try Data(
            [line("one.jpg", 0, "cat"), line("a/two.png", 1, "dog"), line("a/b/three four.jpg", 0, "cat")].joined(separator: "\n").utf8
        )
        .write(to: truth)
        let json = try Binary.run(["eval", "--truth", truth.path, dest.path, "-f", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any]
        let labels = report["labels"] as! [String: [String: Any]]
        #expect(labels["cat"]?["tp"] as? Int == 2 && labels["cat"]?["fp"] as? Int == 1 && labels["cat"]?["fn"] as? Int == 0)
        #expect(labels["dog"]?["tp"] as? Int == 0 && labels["dog"]?["fn"] as? Int == 1)
        #expect(report["mAP"] is NSNull)
        let confusion = report["confusion"] as! [String: [String: Int]]
        #expect(confusion == ["cat": ["cat": 2], "dog": ["cat": 1]])
        let text = try Binary.run(["eval", "--truth", truth.path, dest.path])
        #expect(text.stdoutText.contains("image classification") && text.stdoutText.contains("truth \\ top"), "\(text.stdoutText)")
    }

    /// Predictions as a manifest (what `-f manifest` writes, with confidences): the truth
    /// against itself scores 1 everywhere.
    @Test func aManifestOfPredictions() throws {
        let (truth, _) = try Self.labelledSet()
        let lines = try String(contentsOf: truth, encoding: .utf8).split(separator: "\n").map {
            $0.replacingOccurrences(of: #""human-annotated": "yes""#, with: #""objects": [{"confidence": 0.9}, {"confidence": 0.8}]"#)
        }
        let predictions = truth.deletingLastPathComponent().appendingPathComponent("predicted.manifest")
        try Data(lines.joined(separator: "\n").utf8).write(to: predictions)
        let result = try Binary.run(["eval", "--truth", truth.path, predictions.path, "-f", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout)) as! [String: Any]
        #expect(report["mAP"] as? Double == 1 && report["AP50"] as? Double == 1)
        let widget = (report["labels"] as! [String: [String: Any]])["widget"]!
        #expect(
            widget["tp"] as? Int == 4 && widget["fp"] as? Int == 0 && widget["fn"] as? Int == 0 && widget["bestThreshold"] as? Double == 90)
    }

    /// The plot, read back by Pillow: its size, each label's curve in its palette colour, the axes.
    @Test func thePlotHasEveryLabelsCurve() throws {
        let (truth, dest) = try Self.labelledSet()
        let plot = dest.deletingLastPathComponent().appendingPathComponent("pr.png")
        let result = try Binary.run(["eval", "--truth", truth.path, dest.path, "--plot", plot.path, "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let widget = Palette.color(for: "widget")
        let script = """
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]).convert("RGB")
            colours = im.getcolors(1 << 20)
            count = lambda c: sum(n for n, rgb in colours if rgb == c)
            print(im.size[0], im.size[1], count((\(widget.r), \(widget.g), \(widget.b))), count((32, 32, 32)), count((255, 255, 255)))
            """
        let read = try Command.run(["python3", "-c", script, plot.path])
        let numbers = read.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(numbers.count == 5, "\(read.stdout) \(read.stderr)")
        if numbers.count == 5 {
            #expect(numbers[0] == 1000 && numbers[1] == 640)
            #expect(numbers[2] > 100, "the widget curve, its marker and swatch")
            #expect(numbers[3] > 2000, "axes, ticks and text")
            #expect(numbers[4] > 500_000, "mostly white")
        }
    }

    @Test(arguments: [
        ("not json at all\n", "line 1 is neither a COCO dataset nor a manifest line"),
        (#"{"boxes": {"annotations": []}}"# + "\n", "line 1 has no source-ref"),
        (
            #"{"source-ref": "s3://b/k.jpg"}"# + "\n"
                + #"{"source-ref": "s3://b/x.jpg", "b": {"annotations": [{"class_id": 0, "left": 1, "top": 1, "width": 0, "height": 4}]}, "b-metadata": {"type": "groundtruth/object-detection", "class-map": {"0": "a"}}}"#
                + "\n", "line 1 has no object-detection or image-classification attribute"
        ),
        (
            #"{"source-ref": "s3://b/x.jpg", "b": {"annotations": [{"class_id": 0, "left": 1, "top": 1, "width": -3, "height": 4}]}, "b-metadata": {"type": "groundtruth/object-detection", "class-map": {"0": "a"}}}"#
                + "\n", "line 1, annotation 1: a box of width -3"
        ),
    ])
    func aBadTruthIsNamedWithItsLine(_ content: String, _ says: String) throws {
        let folder = try TestData.scratch()
        let truth = folder.appendingPathComponent("truth.manifest")
        try Data(content.utf8).write(to: truth)
        let result = try Binary.run(["eval", "--truth", truth.path, folder.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(says), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stdout.isEmpty)
    }

    /// The two files are read side by side, but what is wrong is said as if one after the other:
    /// the truth first, then whether a COCO results file has a COCO truth to name its pictures,
    /// then the results themselves.
    @Test func errorsComeInTheOrderTheFilesAreNeeded() throws {
        let folder = try TestData.scratch()
        let badTruth = folder.appendingPathComponent("truth.manifest")
        try Data("not json at all\n".utf8).write(to: badTruth)
        let manifestTruth = folder.appendingPathComponent("good.manifest")
        try Data(
            (#"{"source-ref": "s3://b/x.jpg", "b": {"annotations": [{"class_id": 0, "left": 1, "top": 1, "width": 3, "height": 4}]}, "#
                + #""b-metadata": {"type": "groundtruth/object-detection", "class-map": {"0": "a"}}}"# + "\n").utf8
        ).write(to: manifestTruth)
        let cocoTruth = folder.appendingPathComponent("truth.json")
        try Data(
            #"{"images": [{"id": 1, "file_name": "x.jpg", "width": 10, "height": 10}], "annotations": [], "categories": [{"id": 1, "name": "a"}]}"#
                .utf8
        ).write(to: cocoTruth)
        let badResults = folder.appendingPathComponent("results.json")
        try Data("[{\"image_id\": 1,".utf8).write(to: badResults)
        for (truth, status, says) in [
            (badTruth.path, 65, "the truth \(badTruth.path): line 1"),
            (manifestTruth.path, 64, "\(badResults.path) is a COCO results file"),
            ("/no/such/truth.json", 66, "cannot read /no/such/truth.json"),
            (cocoTruth.path, 65, "the predictions \(badResults.path): not a COCO results file"),
        ] {
            let result = try Binary.run(["eval", "--truth", truth, badResults.path])
            #expect(result.status == Int32(status), "\(result.stderr)")
            #expect(result.stderr.hasPrefix("rekfilter: " + says), "\(truth): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }
}
