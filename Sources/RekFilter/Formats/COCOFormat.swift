import Basics

/// `coco`: a COCO document as pycocotools, supervision and globox load it — `info`, `licenses`,
/// `images` (`id`, `file_name`, `width`, `height`), `annotations` (`id`, `image_id`,
/// `category_id`, `bbox` [x, y, w, h] in pixels clipped to the picture, `area`, `iscrowd`,
/// `segmentation` [], `score` 0–1, and `track_id` with `--track`) and `categories` (`id`, `name`,
/// `supercategory`).
///
/// Ids are chosen so that documents of separate runs can be merged: a category's id is its
/// class number + 1 (`ClassList`: `--classes` pins them), an image's id is a 53-bit hash of its
/// `file_name` (the same picture gets the same id in every run, different pictures different
/// ids; a name given twice in one run is told apart by its frame number), and an annotation's
/// id a hash of its image's id and the box's place in it. Labels
/// without a box get a category but no annotation; boxes less than a pixel once clipped are left
/// out (and said); a stream frame that failed is left out (its error is said on stderr).
public enum COCOFormat {
    public static let descriptor = FormatDescriptor(
        name: "coco", fileExtensions: ["coco"], mediaType: "application/json",
        summary: "a COCO document: images with file_name, annotations with bbox and score, categories",
        keepsFailedFrames: false, usesNamesAndClasses: true
    ) { options, services in
        .init(
            renderer: NoRenderer(),
            writer: Writer(
                classes: ClassList(pinned: options.classes, format: "coco", diagnostics: services.warnings),
                warnings: DataSetWarnings(format: "coco", diagnostics: services.warnings),
                created: WallClock.iso8601(WallClock.now())))
    }

    /// Numbers annotations and categories across the run, in frame order.
    struct Writer: OutputWriter {
        var classes: ClassList
        var warnings: DataSetWarnings
        let created: String
        private var images: [String] = []
        private var annotations = 0
        private var parents: [String: String] = [:]
        private var imageIDs: Set<UInt64> = []

        init(classes: ClassList, warnings: DataSetWarnings, created: String) {
            self.classes = classes
            self.warnings = warnings
            self.created = created
        }

        mutating func begin(stream: Bool, to out: any ByteWriter) throws {
            let info =
                "{\"description\":\"rekfilter detections\",\"version\":\(JSONText.text(RekFilterVersion.string)),"
                + "\"date_created\":\(JSONText.text(created))}"
            try out.write("{\"info\":\(info),\"licenses\":[],\"annotations\":[")
        }

        mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {
            guard frame.error == nil else { return }
            // Two frames of one run given the same name still get ids of their own.
            var imageID = COCOFormat.id(frame.name)
            if !imageIDs.insert(imageID).inserted {
                imageID = COCOFormat.id(frame.name + "#\(frame.index)")
                imageIDs.insert(imageID)
            }
            images.append(
                "{\"id\":\(imageID),\"file_name\":\(JSONText.text(frame.name)),\"width\":\(frame.width),\"height\":\(frame.height)}")
            var text = ""
            var dropped = 0
            for (n, detection) in frame.detections.enumerated() {
                let category = classes.id(detection.label) + 1
                if let parent = detection.parent, parents[detection.label] == nil { parents[detection.label] = parent }
                guard let box = detection.box else { continue }
                guard let p = DataSetBox(box, pictureWidth: frame.width, pictureHeight: frame.height) else {
                    dropped += 1
                    continue
                }
                annotations += 1
                text += (annotations > 1 ? "," : "") + "\n{\"id\":\(COCOFormat.id("\(imageID)#\(n)")),\"image_id\":\(imageID),"
                text +=
                    "\"category_id\":\(category),\"bbox\":[\([p.x, p.y, p.width, p.height].map(Numbers.pixels).joined(separator: ","))],"
                text += "\"area\":\(Numbers.pixels(p.width * p.height)),\"iscrowd\":0,\"segmentation\":[],"
                text += "\"score\":\(Numbers.exact(min(100, max(0, detection.confidence)) / 100))"
                text += (detection.track.map { ",\"track_id\":\($0)" } ?? "") + "}"
            }
            if dropped > 0 {
                warnings.note(
                    "boxes under a pixel left out", picture: frame.name,
                    "\(dropped) box\(dropped == 1 ? "" : "es") less than a pixel once clipped to the picture left out")
            }
            try out.write(text)
        }

        mutating func end(stream: Bool, to out: any ByteWriter) throws {
            let list = classes.names.enumerated().map {
                "{\"id\":\($0.offset + 1),\"name\":\(JSONText.text($0.element)),\"supercategory\":\(JSONText.text(parents[$0.element] ?? "none"))}"
            }
            try out.write("\n],\"images\":[\(images.joined(separator: ","))],\"categories\":[\(list.joined(separator: ","))]}\n")
            warnings.finish()
        }
    }

    /// A positive id that stays below 2^53 (exact in every JSON reader): FNV-1a 64 of `text`.
    static func id(_ text: String) -> UInt64 { fnv1a(text) & 0x1F_FFFF_FFFF_FFFF | 1 }
}
