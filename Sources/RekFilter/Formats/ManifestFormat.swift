/// `manifest`: Amazon SageMaker Ground Truth manifest lines, the form Custom Labels trains from
/// (object localization): one JSON line per image or frame, with integer pixel boxes of the
/// upright picture clamped to it, class ids given in first-seen order and kept for the whole
/// run, and labels without a box as image-level classification entries on the same line. So a
/// model can pre-label new pictures for its own next version.
public enum ManifestFormat {
    public struct Options: Sendable {
        /// `--source-ref`: the picture's `s3://` URI; in a stream a template whose `%d`,
        /// `%05d` … take the frame number. Else the `--s3` URI.
        public var sourceRef: String?
        /// `--manifest-attribute`: the label attribute's name.
        public var attribute = "bounding-box"
        public init() {}
    }

    public static let descriptor = FormatDescriptor(
        name: "manifest", fileExtensions: ["manifest"], mediaType: "application/x-ndjson",
        summary: "SageMaker Ground Truth manifest lines (object detection), as Custom Labels trains from"
    ) { options in
        .init(renderer: NoRenderer(), writer: Writer(options: options.manifest, created: WallClock.iso8601(WallClock.now())))
    }

    /// Numbers the classes across the run, in frame order, and writes each frame's line.
    struct Writer: OutputWriter {
        let options: Options
        /// When the run began, as every line's `creation-date`.
        let created: String
        private var classIDs: [String: Int] = [:]

        init(options: Options, created: String) {
            self.options = options
            self.created = created
        }

        mutating func begin(stream: Bool, to out: any ByteWriter) throws {}
        mutating func end(stream: Bool, to out: any ByteWriter) throws {}

        mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {
            let attribute = options.attribute
            let source = ManifestFormat.sourceRef(options.sourceRef ?? "", frame: frame.index, stream: stream)
            var annotations: [String] = []
            var confidences: [String] = []
            var classMap: [(Int, String)] = []
            var classifications: [String] = []
            for detection in frame.detections {
                guard let box = detection.box else {
                    let key = attribute + "-" + ManifestFormat.keySafe(detection.label)
                    classifications.append(
                        "\(JSONText.text(key)):1,\(JSONText.text(key + "-metadata")):{\"confidence\":\(Numbers.exact(detection.confidence / 100)),"
                            + "\"class-name\":\(JSONText.text(detection.label)),\"type\":\"groundtruth/image-classification\","
                            + "\"human-annotated\":\"no\",\"creation-date\":\(JSONText.text(created)),\"job-name\":\"rekfilter\"}")
                    continue
                }
                let id = classID(detection.label)
                if !classMap.contains(where: { $0.0 == id }) { classMap.append((id, detection.label)) }
                let p = box.pixels(width: frame.width, height: frame.height)
                let (x0, y0) = (Int(p.x.rounded()), Int(p.y.rounded()))
                let (x1, y1) = (Int((p.x + p.w).rounded()), Int((p.y + p.h).rounded()))
                annotations.append("{\"class_id\":\(id),\"left\":\(x0),\"top\":\(y0),\"width\":\(x1 - x0),\"height\":\(y1 - y0)}")
                confidences.append("{\"confidence\":\(Numbers.exact(detection.confidence / 100))}")
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

        /// The class's id for the whole run: 0, 1, 2 … in the order names are first seen.
        private mutating func classID(_ name: String) -> Int {
            if let id = classIDs[name] { return id }
            classIDs[name] = classIDs.count
            return classIDs.count - 1
        }
    }

    /// `--source-ref` for a frame: in a stream, `%d`-style conversions (`%d`, `%05d`, `%%`) take
    /// the frame number; a single image's is used as given.
    static func sourceRef(_ template: String, frame: Int, stream: Bool) -> String {
        guard stream, template.contains("%") else { return template }
        var out = ""
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            var spec = rest[rest.index(after: percent)...]
            if spec.first == "%" {
                out += "%"
                rest = spec.dropFirst()
                continue
            }
            let digits = spec.prefix { $0.isASCII && $0.isNumber }
            spec = spec.dropFirst(digits.count)
            guard spec.first == "d" else {
                out += "%"
                rest = rest[rest.index(after: percent)...]
                continue
            }
            let number = String(frame)
            let width = Int(digits) ?? 0
            let pad = digits.hasPrefix("0") ? "0" : " "
            out += String(repeating: pad, count: max(0, min(width, 64) - number.count)) + number
            rest = spec.dropFirst()
        }
        return out + rest
    }

    /// A label name as part of an attribute name: characters outside `[A-Za-z0-9_.-]` become `_`.
    static func keySafe(_ name: String) -> String {
        String(
            name.unicodeScalars.map { scalar -> Character in
                let c = Character(scalar)
                return scalar.isASCII && (c.isLetter || c.isNumber || "_.-".contains(c)) ? c : "_"
            })
    }
}
