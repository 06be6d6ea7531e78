import Basics
import FoundationEssentials

/// The truth of an evaluation (README, Is the model good enough?): a COCO dataset, or a
/// SageMaker Ground Truth manifest of object-detection lines (any attribute name: the one whose
/// `-metadata` says `object-detection`). Pictures in COCOeval's order (a COCO dataset's by id).
public struct GroundTruth: Sendable {
    public struct Picture: Sendable {
        /// `file_name`, or `source-ref`.
        public var name: String
        public var id: Int
        public var truths: [EvaluationTruth]
        /// An image-classification truth: the picture's labels (nil for object detection).
        public var classes: [String]? = nil
    }

    /// Whether the truth is about boxes (object detection) or pictures' labels (classification).
    public var isClassification: Bool { pictures.contains { $0.classes != nil } }

    public var pictures: [Picture]
    /// Every label, in the truth's order (COCO categories by id; a manifest's class-map by number).
    public var labels: [String]
    /// COCO category id → name, for a COCO results file.
    public var categories: [Int: String] = [:]

    public static func load(_ path: String) throws -> GroundTruth {
        let bytes: [UInt8]
        switch Files.contents(path, limit: 4 << 30) {
        case .success(let b): bytes = b
        case .failure(let f): throw EvaluationError.cannotRead(path, f.reason)
        }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "{"), let coco = try? COCODataset.decode(bytes), coco.images != nil {
            return try fromCOCO(coco, path: path)
        }
        return try fromManifest(bytes, path: path)
    }

    struct COCODataset: Decodable {
        struct Image: Decodable {
            var id: Int
            var fileName: String
            enum CodingKeys: String, CodingKey {
                case id
                case fileName = "file_name"
            }
        }
        struct Annotation: Decodable {
            var imageID: Int
            var categoryID: Int
            var bbox: [Double]
            var area: Double?
            var iscrowd: Int?
            enum CodingKeys: String, CodingKey {
                case imageID = "image_id"
                case categoryID = "category_id"
                case bbox, area, iscrowd
            }
        }
        struct Category: Decodable {
            var id: Int
            var name: String
        }
        var images: [Image]?
        var annotations: [Annotation]?
        var categories: [Category]?

        static func decode(_ bytes: [UInt8]) throws -> COCODataset { try JSONDecoder().decode(COCODataset.self, from: Data(bytes)) }
    }

    static func fromCOCO(_ coco: COCODataset, path: String) throws -> GroundTruth {
        let categories = Dictionary((coco.categories ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var byImage: [Int: [EvaluationTruth]] = [:]
        for (n, a) in (coco.annotations ?? []).enumerated() {
            guard a.bbox.count == 4, a.bbox.allSatisfy(\.isFinite) else {
                throw EvaluationError.badTruth(path, "annotation \(n + 1) has no bbox of four numbers")
            }
            guard let name = categories[a.categoryID] else {
                throw EvaluationError.badTruth(path, "annotation \(n + 1) has category_id \(a.categoryID), which no category has")
            }
            let box = PixelBox(x: a.bbox[0], y: a.bbox[1], w: a.bbox[2], h: a.bbox[3])
            byImage[a.imageID, default: []].append(
                EvaluationTruth(label: name, box: box, area: a.area ?? box.w * box.h, crowd: (a.iscrowd ?? 0) != 0))
        }
        let pictures = (coco.images ?? []).sorted { $0.id < $1.id }.map {
            Picture(name: $0.fileName, id: $0.id, truths: byImage[$0.id] ?? [])
        }
        var truth = GroundTruth(pictures: pictures, labels: categories.keys.sorted().map { categories[$0]! })
        truth.categories = categories
        return truth
    }

    /// Object-detection lines: `source-ref`, then `ATTR: {annotations: [{class_id, left, top,
    /// width, height}]}` with `ATTR-metadata: {class-map, type: …object-detection}`.
    static func fromManifest(_ bytes: [UInt8], path: String) throws -> GroundTruth {
        var pictures: [Picture] = []
        var classMap: [Int: String] = [:]
        for (n, line) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            guard let object = JSONValue.parse(line)?.object else {
                throw EvaluationError.badTruth(path, "line \(n + 1) is neither a COCO dataset nor a manifest line (not a JSON object)")
            }
            guard let source = object["source-ref"]?.string else {
                throw EvaluationError.badTruth(path, "line \(n + 1) has no source-ref")
            }
            // Image classification: `ATTR: 3` with `class-name`, or `ATTR: [0, 2]` with a class-map.
            if let attribute = object.keys.sorted().first(where: {
                object[$0 + "-metadata"]?["type"]?.string?.contains("image-classification") == true
            }), let metadata = object[attribute + "-metadata"] {
                var classes: [String] = []
                let names = metadata["class-map"]?.object ?? [:]
                let ids = object[attribute]?.array?.compactMap(\.number) ?? object[attribute]?.number.map { [$0] } ?? []
                for id in ids {
                    let name = names["\(Int(id))"]?.string ?? (ids.count == 1 ? metadata["class-name"]?.string : nil) ?? "\(Int(id))"
                    classes.append(name)
                    classMap[Int(id)] = name
                }
                pictures.append(Picture(name: source, id: pictures.count + 1, truths: [], classes: classes))
                continue
            }
            let attribute = object.keys.sorted().first { key in
                object[key + "-metadata"]?["type"]?.string?.hasSuffix("object-detection") == true
            }
            guard let attribute, let content = object[attribute], let metadata = object[attribute + "-metadata"] else {
                throw EvaluationError.badTruth(
                    path, "line \(n + 1) has no object-detection or image-classification attribute (ATTR and ATTR-metadata)")
            }
            for (key, value) in metadata["class-map"]?.object ?? [:] {
                if let id = Int(key), let name = value.string { classMap[id] = name }
            }
            var truths: [EvaluationTruth] = []
            for (a, annotation) in (content["annotations"]?.array ?? []).enumerated() {
                func number(_ name: String) -> Double? { annotation[name]?.number }
                guard let id = number("class_id").map({ Int($0) }), let left = number("left"), let top = number("top"),
                    let width = number("width"), let height = number("height")
                else {
                    throw EvaluationError.badTruth(
                        path, "line \(n + 1), annotation \(a + 1): class_id, left, top, width and height are needed")
                }
                guard width > 0, height > 0 else {
                    throw EvaluationError.badTruth(path, "line \(n + 1), annotation \(a + 1): a box of width \(width) and height \(height)")
                }
                truths.append(EvaluationTruth(label: "\(id)", box: PixelBox(x: left, y: top, w: width, h: height)))
            }
            pictures.append(Picture(name: source, id: pictures.count + 1, truths: truths))
        }
        // Class numbers become names once every line's class-map is read.
        for p in pictures.indices {
            for t in pictures[p].truths.indices {
                let id = Int(pictures[p].truths[t].label)!
                pictures[p].truths[t].label = classMap[id] ?? pictures[p].truths[t].label
            }
        }
        var labels: [String] = []
        for id in classMap.keys.sorted() where !labels.contains(classMap[id]!) { labels.append(classMap[id]!) }
        let unnamed = Set(pictures.flatMap { $0.truths.map(\.label) + ($0.classes ?? []) }).subtracting(labels).sorted()
        return GroundTruth(pictures: pictures, labels: labels + unnamed)
    }
}
