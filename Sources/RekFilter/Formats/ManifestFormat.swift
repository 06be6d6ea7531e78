import Basics

/// `manifest`: Amazon SageMaker Ground Truth manifest lines, the form Custom Labels trains from
/// (object localization): one JSON line per image or frame, with integer pixel boxes of the
/// upright picture clamped to it, class ids from `ClassList` (`--classes` pins them, so lines
/// appended by separate runs agree), and labels without a box as image-level classification
/// entries on the same line. So a model can pre-label new pictures for its own next version.
///
/// What Custom Labels would refuse to train on is not written, or is warned about: boxes under a
/// pixel once clipped are left out, a picture keeps its 50 most confident boxes
/// (ERROR_TOO_MANY_BOUNDING_BOXES), a picture outside 64–4096 px a side is warned about, and a
/// stream frame that failed is left out (no line: an empty line would say "nothing here").
public enum ManifestFormat {
    public struct Options: Sendable, Equatable {
        /// `--source-ref`: the picture's `s3://` URI; in a stream a template whose `%d`,
        /// `%05d` … take the frame number. Else the `--s3` URI.
        public var sourceRef: String?
        /// `--manifest-attribute`: the label attribute's name.
        public var attribute = "bounding-box"
        public init() {}
    }

    /// Custom Labels' limits for a training picture.
    static let maxBoxes = 50
    static let sides = 64...4096

    public static let descriptor = FormatDescriptor(
        name: "manifest", fileExtensions: ["manifest"], mediaType: "application/x-ndjson",
        summary: "SageMaker Ground Truth manifest lines (object detection), as Custom Labels trains from",
        keepsFailedFrames: false, usesNamesAndClasses: true
    ) { options, services in
        .init(
            renderer: NoRenderer(),
            writer: Writer(
                options: options.manifest, created: WallClock.iso8601(WallClock.now()),
                classes: ClassList(pinned: options.classes, format: "manifest", diagnostics: services.warnings),
                warnings: DataSetWarnings(format: "manifest", diagnostics: services.warnings)))
    }

    /// Numbers the classes across the run, in frame order, and writes each frame's line.
    struct Writer: OutputWriter {
        let options: Options
        /// When the run began, as every line's `creation-date`.
        let created: String
        var classes: ClassList
        var warnings: DataSetWarnings

        mutating func begin(stream: Bool, to out: any ByteWriter) throws {}
        mutating func end(stream: Bool, to out: any ByteWriter) throws { warnings.finish() }

        mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {
            guard frame.error == nil else { return }
            let attribute = options.attribute
            let source = PictureNaming.expand(options.sourceRef ?? "", frame: frame.index, stream: stream)
            if !ManifestFormat.sides.contains(frame.width) || !ManifestFormat.sides.contains(frame.height) {
                warnings.note(
                    "pictures outside 64–4096 px", picture: source,
                    "\(frame.width)×\(frame.height) px: Custom Labels trains only on pictures of 64 to 4096 px a side")
            }
            var boxes: [(Detection, DataSetBox)] = []
            var dropped = 0
            var classifications: [String] = []
            for detection in frame.detections {
                guard let box = detection.box else {
                    let key = attribute + "-" + ManifestFormat.keySafe(detection.label)
                    classifications.append(
                        "\(JSONText.text(key)):1,\(JSONText.text(key + "-metadata")):{\"confidence\":\(ManifestFormat.ratio(detection.confidence)),"
                            + "\"class-name\":\(JSONText.text(detection.label)),\"type\":\"groundtruth/image-classification\","
                            + "\"human-annotated\":\"no\",\"creation-date\":\(JSONText.text(created)),\"job-name\":\"rekfilter\"}")
                    continue
                }
                guard let pixels = DataSetBox(box, pictureWidth: frame.width, pictureHeight: frame.height) else {
                    dropped += 1
                    continue
                }
                boxes.append((detection, pixels))
            }
            if dropped > 0 {
                warnings.note(
                    "boxes under a pixel left out", picture: source,
                    "\(dropped) box\(dropped == 1 ? "" : "es") less than a pixel once clipped to the picture left out")
            }
            if boxes.count > ManifestFormat.maxBoxes {
                warnings.note(
                    "pictures with more than 50 boxes", picture: source,
                    "\(boxes.count) boxes; Custom Labels trains on at most 50 a picture: kept the 50 most confident")
                // Stable: of equal confidences, the first given stays.
                boxes = boxes.enumerated().sorted { ($0.element.0.confidence, -$0.offset) > ($1.element.0.confidence, -$1.offset) }
                    .prefix(ManifestFormat.maxBoxes).map(\.element)
            }
            var annotations: [String] = []
            var confidences: [String] = []
            var classMap: [(Int, String)] = []
            for (detection, pixels) in boxes {
                let id = classes.id(detection.label)
                if !classMap.contains(where: { $0.0 == id }) { classMap.append((id, detection.label)) }
                let p = pixels.integral
                annotations.append("{\"class_id\":\(id),\"left\":\(p.left),\"top\":\(p.top),\"width\":\(p.width),\"height\":\(p.height)}")
                confidences.append("{\"confidence\":\(ManifestFormat.ratio(detection.confidence))}")
            }
            var line = "{\"source-ref\":\(JSONText.text(source)),"
            line += "\(JSONText.text(attribute)):{\"image_size\":[{\"width\":\(frame.width),\"height\":\(frame.height),\"depth\":3}],"
            line += "\"annotations\":[\(annotations.joined(separator: ","))]},"
            let map = classMap.map { "\"\($0.0)\":\(JSONText.text($0.1))" }.joined(separator: ",")
            line += "\(JSONText.text(attribute + "-metadata")):{\"objects\":[\(confidences.joined(separator: ","))],"
            line += "\"class-map\":{\(map)},\"type\":\"groundtruth/object-detection\",\"human-annotated\":\"no\","
            line += "\"creation-date\":\(JSONText.text(created)),\"job-name\":\"rekfilter\"}"
            for entry in classifications { line += "," + entry }
            try out.write(line + "}\n")
        }
    }

    /// A confidence (0–100) as the manifest's 0–1, clamped.
    static func ratio(_ confidence: Double) -> String { Numbers.exact(min(100, max(0, confidence)) / 100) }

    /// A label name as part of an attribute name (`bounding-box-NAME`), one-to-one, so that no two
    /// labels share a key and no label's key is another's `-metadata` key: letters, digits, `_` and
    /// `-` stay; any other character becomes `.HEX.` (its code point: `日` → `.65e5.`, `.` → `.2e.`);
    /// and a name that is `metadata` or ends in `-metadata` has that word's `m` written `.6d.`.
    static func keySafe(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            let v = scalar.value
            let plain = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F || v == 0x2D
            out += plain ? String(scalar) : "." + String(v, radix: 16) + "."
        }
        if out == "metadata" || out.hasSuffix("-metadata") {
            out = String(out.dropLast(8)) + ".6d.etadata"
        }
        return out
    }
}
