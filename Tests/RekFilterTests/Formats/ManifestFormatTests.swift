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
        attribute: String = "bounding-box"
    ) throws -> [[String: Any]] {
        var options = FormatOptions()
        options.manifest.sourceRef = sourceRef
        options.manifest.attribute = attribute
        let out = ByteBuffer()
        try ManifestFormat.descriptor.make(options).write(frames, stream: stream, to: out)
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
        #expect(line["testdataset-Mediterranean_house_"] as? Int == 1)
        let metadata = line["testdataset-Mediterranean_house_-metadata"] as! [String: Any]
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
        #expect(ManifestFormat.sourceRef("s3://b/f%d.jpg", frame: 7, stream: true) == "s3://b/f7.jpg")
        #expect(ManifestFormat.sourceRef("s3://b/f%05d.jpg", frame: 42, stream: true) == "s3://b/f00042.jpg")
        #expect(ManifestFormat.sourceRef("s3://b/100%%/f%3d", frame: 5, stream: true) == "s3://b/100%/f  5")
        #expect(ManifestFormat.sourceRef("s3://b/%s.jpg", frame: 5, stream: true) == "s3://b/%s.jpg")
        #expect(ManifestFormat.sourceRef("s3://b/f%05d.jpg", frame: 3, stream: false) == "s3://b/f%05d.jpg")
    }
}
