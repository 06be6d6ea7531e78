import Foundation
import Testing

@testable import RekFilter

/// The `manifest` lines, field by field, against the shape of the Custom Labels guide's
/// object-localization and image-classification manifests.
@Suite struct ManifestFormatTests {
    func frame(_ index: Int, _ detections: [Detection]) -> FrameResult {
        FrameResult(
            index: index,
            found: FrameDetections(detector: "custom-labels", detections: detections, response: nil, encode: DetectCustomLabels.encode),
            width: 640, height: 480)
    }

    func lines(
        _ frames: [FrameResult], stream: Bool, sourceRef: String = "s3://bucket/images/IMG_%04d.png",
        attribute: String = "bounding-box", classes: [String] = [], diagnostics: CollectedDiagnostics? = nil
    ) throws -> [[String: Any]] {
        var options = FormatOptions()
        options.classes = classes
        options.manifest.sourceRef = sourceRef
        options.manifest.attribute = attribute
        let out = ByteBuffer()
        try ManifestFormat.descriptor.make(options, FormatServices(diagnostics: diagnostics)).write(frames, stream: stream, to: out)
        let text = String(decoding: out.bytes, as: UTF8.self)
        #expect(text.hasSuffix("\n") && !text.contains("\n\n"))
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    static let dot = Detection(
        label: "Echo Dot", confidence: 87.5, box: BoundingBox(width: 0.2421875, height: 0.2104167, left: 0.6234375, top: 0.5229167))
    static let echo = Detection(
        label: "Echo", confidence: 99, box: BoundingBox(width: 0.34375, height: 0.6958333, left: 0.134375, top: 0.1354167))

    @Test func objectDetectionLineHasTheGuidesShape() throws {
        let line = try lines([frame(0, [Self.dot, Self.echo])], stream: false, sourceRef: "s3://custom-labels-bucket/images/IMG_1186.png")[
            0]
        #expect(line["source-ref"] as? String == "s3://custom-labels-bucket/images/IMG_1186.png")
        let box = line["bounding-box"] as! [String: Any]
        #expect(box["image_size"] as! [[String: Int]] == [["width": 640, "height": 480, "depth": 3]])
        let annotations = box["annotations"] as! [[String: Int]]
        #expect(
            annotations == [
                ["class_id": 0, "left": 399, "top": 251, "width": 155, "height": 101],
                ["class_id": 1, "left": 86, "top": 65, "width": 220, "height": 334],
            ])
        let metadata = line["bounding-box-metadata"] as! [String: Any]
        #expect((metadata["objects"] as! [[String: Double]]) == [["confidence": 0.875], ["confidence": 0.99]])
        #expect(metadata["class-map"] as! [String: String] == ["0": "Echo Dot", "1": "Echo"])
        #expect(metadata["type"] as? String == "groundtruth/object-detection")
        #expect(metadata["human-annotated"] as? String == "no")
        #expect(metadata["job-name"] as? String == "rekfilter")
        let date = metadata["creation-date"] as! String
        #expect(date.count == 24 && date.hasSuffix("Z") && date.contains("T"), "\(date)")
        #expect(Set(line.keys) == ["source-ref", "bounding-box", "bounding-box-metadata"])
    }

    @Test func imageLevelLabelsAreClassificationEntries() throws {
        let line = try lines(
            [frame(0, [Detection(label: "Mediterranean house!", confidence: 75)])], stream: false,
            sourceRef: "s3://b/house.jpg", attribute: "testdataset")[0]
        #expect(line["testdataset-Mediterranean.20.house.21."] as? Int == 1)
        let metadata = line["testdataset-Mediterranean.20.house.21.-metadata"] as! [String: Any]
        #expect(metadata["class-name"] as? String == "Mediterranean house!")
        #expect(metadata["confidence"] as? Double == 0.75)
        #expect(metadata["type"] as? String == "groundtruth/image-classification")
        #expect(metadata["human-annotated"] as? String == "no" && metadata["job-name"] as? String == "rekfilter")
        #expect(((line["testdataset"] as! [String: Any])["annotations"] as! [Any]).isEmpty)
    }

    /// Class ids are given in first-seen order and kept for the whole stream; the source
    /// reference template takes each frame's number.
    @Test func classIDsAreStableAcrossAStream() throws {
        let frames = [frame(0, [Self.echo]), frame(1, [Self.dot, Self.echo]), frame(2, [Self.dot])]
        let lines = try lines(frames, stream: true)
        #expect(
            lines.map { $0["source-ref"] as! String } == [
                "s3://bucket/images/IMG_0000.png", "s3://bucket/images/IMG_0001.png", "s3://bucket/images/IMG_0002.png",
            ])
        let maps = lines.map { ($0["bounding-box-metadata"] as! [String: Any])["class-map"] as! [String: String] }
        #expect(maps == [["0": "Echo"], ["1": "Echo Dot", "0": "Echo"], ["1": "Echo Dot"]])
    }

    @Test func boxesAreIntegersClampedToThePicture() throws {
        let wide = Detection(label: "x", confidence: 50, box: BoundingBox(width: 3, height: 1e300, left: -0.5, top: 0.5))
        let annotation =
            (try lines([frame(0, [wide])], stream: false)[0]["bounding-box"] as! [String: Any])["annotations"] as! [[String: Int]]
        #expect(annotation == [["class_id": 0, "left": 0, "top": 240, "width": 640, "height": 240]])
    }

    @Test func sourceReferenceTemplates() {
        #expect(PictureNaming.expand("s3://b/f%d.jpg", frame: 7, stream: true) == "s3://b/f7.jpg")
        #expect(PictureNaming.expand("s3://b/f%05d.jpg", frame: 42, stream: true) == "s3://b/f00042.jpg")
        #expect(PictureNaming.expand("s3://b/100%%/f%3d", frame: 5, stream: true) == "s3://b/100%/f  5")
        #expect(PictureNaming.expand("s3://b/%s.jpg", frame: 5, stream: true) == "s3://b/%s.jpg")
        #expect(PictureNaming.expand("s3://b/f%05d.jpg", frame: 3, stream: false) == "s3://b/f%05d.jpg")
    }

    /// Image-level keys are one-to-one: names that differ only in characters a key cannot hold
    /// keep apart, and no label's key is the object-detection metadata or another label's metadata.
    @Test func classificationKeysNeverCollide() throws {
        let names = ["日本", "中国", "metadata", "a", "a-metadata", "a_b", "a.b", "a b", "a?b", "", "Metadata"]
        let line = try lines([frame(0, names.map { Detection(label: $0, confidence: 60) })], stream: false)[0]
        // Three keys of the object-detection part, two per label, and no JSON key twice.
        #expect(line.count == 3 + 2 * names.count)
        for name in names {
            let key = "bounding-box-" + ManifestFormat.keySafe(name)
            #expect((line[key + "-metadata"] as? [String: Any])?["class-name"] as? String == name, "\(name) → \(key)")
            #expect(
                key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789_.-".unicodeScalars.contains($0)) })
        }
        #expect((line["bounding-box-metadata"] as! [String: Any])["type"] as? String == "groundtruth/object-detection")
        #expect(Set(names.map(ManifestFormat.keySafe)).count == names.count)
    }

    /// More than 50 boxes: the 50 most confident are kept, and it is said.
    @Test func atMostFiftyBoxesTheMostConfident() throws {
        let many = (0..<60).map { i in
            Detection(label: "x", confidence: Double(i), box: BoundingBox(width: 0.01, height: 0.01, left: Double(i) / 100, top: 0.5))
        }
        let said = CollectedDiagnostics()
        let line = try lines([frame(0, many)], stream: false, diagnostics: said)[0]
        let objects = (line["bounding-box-metadata"] as! [String: Any])["objects"] as! [[String: Double]]
        #expect(objects.count == 50 && objects.map { $0["confidence"]! }.min() == 0.1)
        #expect(said.messages.contains { $0.contains("60 boxes") && $0.contains("at most 50") })
    }

    /// A box clipped to nothing (or under a pixel) is left out and said; a picture Custom Labels
    /// will not train on is warned about; a failed frame has no line.
    @Test func whatCustomLabelsRefusesIsNotWritten() throws {
        let outside = Detection(label: "x", confidence: 90, box: BoundingBox(width: 0.1, height: 0.1, left: 1.5, top: 0.2))
        let thin = Detection(label: "x", confidence: 90, box: BoundingBox(width: 0.0001, height: 0.5, left: 0.2, top: 0.2))
        let said = CollectedDiagnostics()
        var failed = frame(1, [])
        failed.error = "ThrottlingException"
        let small = FrameResult(
            index: 2,
            found: FrameDetections(detector: "custom-labels", detections: [Self.echo], response: nil, encode: DetectCustomLabels.encode),
            width: 40, height: 4000)
        let written = try lines([frame(0, [outside, thin, Self.echo]), failed, small], stream: true, diagnostics: said)
        #expect(written.map { $0["source-ref"] as! String } == ["s3://bucket/images/IMG_0000.png", "s3://bucket/images/IMG_0002.png"])
        #expect(((written[0]["bounding-box"] as! [String: Any])["annotations"] as! [Any]).count == 1)
        #expect(said.messages.contains { $0.contains("2 boxes less than a pixel") })
        #expect(said.messages.contains { $0.contains("40×4000") && $0.contains("64 to 4096") })
    }

    /// `--classes` fixes the ids: two runs that see the labels in different orders agree, and a
    /// label outside the list is numbered after it and warned about once.
    @Test func pinnedClassesAgreeAcrossRuns() throws {
        let said = CollectedDiagnostics()
        let first = try lines([frame(0, [Self.dot, Self.echo])], stream: false, classes: ["Echo", "Echo Dot"])[0]
        let second = try lines(
            [frame(0, [Self.echo, Detection(label: "new", confidence: 80, box: Self.echo.box)])], stream: false,
            classes: ["Echo", "Echo Dot"], diagnostics: said)[0]
        let maps = [first, second].map { ($0["bounding-box-metadata"] as! [String: Any])["class-map"] as! [String: String] }
        #expect(maps[0] == ["1": "Echo Dot", "0": "Echo"])
        #expect(maps[1] == ["0": "Echo", "2": "new"])
        #expect(said.messages.filter { $0.contains("'new' is not in --classes") }.count == 1)
    }
}
