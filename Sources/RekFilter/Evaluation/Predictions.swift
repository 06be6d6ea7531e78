import Basics
import FoundationEssentials
import Glibc

/// What a model found, read back for an evaluation: a batch DEST of `-f json` results (one per
/// key), a `--collect jsonl` file, a COCO results file (pictures by the truth's ids), or a
/// manifest with confidences. Boxes in pixels, confidences 0–100, in the order given.
public struct Predictions: Sendable {
    /// By picture name (a key, a file_name, a source-ref).
    public var pictures: [(name: String, predictions: [EvaluationPrediction])]
    /// Labels given to whole pictures (a classification model's), by picture name.
    public var classes: [String: [EvaluationClass]] = [:]

    public static func load(_ path: String, truth: GroundTruth) throws -> Predictions {
        try read(path).named(by: truth, path: path)
    }

    /// The truth at `truthPath` and the predictions at `path`, each file read and decoded on a
    /// thread of its own (decoding the JSON is most of an evaluation's time). The truth's error
    /// comes first, as when they are read one after the other.
    public static func load(_ path: String, beside truthPath: String) throws -> (truth: GroundTruth, predictions: Predictions) {
        let reading = BackgroundWork { try read(path) }
        let truth = try GroundTruth.load(truthPath)
        return (truth, try reading.value().named(by: truth, path: path))
    }

    /// A predictions file or folder read and decoded: whole, or a COCO results file whose
    /// pictures and labels are the truth's ids, still to be named.
    enum Read: Sendable {
        case whole(Predictions)
        case cocoResults(Result<[COCOResult], EvaluationError>)

        func named(by truth: GroundTruth, path: String) throws -> Predictions {
            switch self {
            case .whole(let predictions): return predictions
            case .cocoResults(let results): return try fromCOCOResults(results, path: path, truth: truth)
            }
        }
    }

    static func read(_ path: String) throws -> Read {
        if Files.isDirectory(path) { return .whole(try fromFolder(path)) }
        let bytes: [UInt8]
        switch Files.contents(path, limit: 4 << 30) {
        case .success(let b): bytes = b
        case .failure(let f): throw EvaluationError.cannotRead(path, f.reason)
        }
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "[") { return .cocoResults(decodeCOCOResults(bytes, path: path)) }
        return .whole(try fromLines(bytes, path: path))
    }

    /// A `-f json` result's labels without boxes: a classification model's.
    static func classesInSavedJSON<C: Collection<UInt8>>(_ bytes: C) -> [EvaluationClass] {
        ((try? SavedDetections.parse(Array(bytes)))?.detections ?? []).filter { $0.box == nil }.map {
            EvaluationClass(label: $0.label, score: $0.confidence)
        }
    }

    /// A `-f json` result: its detections with boxes, in pixels of its `Image` size.
    static func fromSavedJSON<C: Collection<UInt8>>(_ bytes: C) throws -> [EvaluationPrediction] {
        let found = try SavedDetections.parse(Array(bytes))
        guard let image = JSONValue.parse(bytes)?["Image"], let width = image["Width"]?.number, let height = image["Height"]?.number
        else { throw DetectionsParseError("no Image with Width and Height") }
        return found.detections.compactMap { d in
            d.box.map {
                EvaluationPrediction(
                    label: d.label, box: PixelBox(x: $0.left * width, y: $0.top * height, w: $0.width * width, h: $0.height * height),
                    score: d.confidence)
            }
        }
    }

    /// Every `.json` under the folder (failures.jsonl and partial files aside), by key.
    static func fromFolder(_ root: String) throws -> Predictions {
        var pictures: [(String, [EvaluationPrediction])] = []
        var classes: [String: [EvaluationClass]] = [:]
        var pending = [""]
        while let folder = pending.popLast() {
            let (folders, files, _) = try BatchLister.list(root: root, relative: folder)
            pending += folders.filter { !$0.hasPrefix(".rekfilter") }.reversed()
            for file in files where file.hasSuffix(".json") {
                let path = BatchLister.join(root, file)
                guard case .success(let bytes) = Files.contents(path, limit: 1 << 30) else { continue }
                do {
                    pictures.append((file, try fromSavedJSON(bytes)))
                    classes[file] = classesInSavedJSON(bytes)
                } catch {
                    throw EvaluationError.badPredictions(path, "\(error)")
                }
            }
        }
        return Predictions(pictures: pictures, classes: classes)
    }

    /// `--collect jsonl` lines (`Key` and a `-f json` object; `Error` lines have no detections),
    /// or manifest lines with an object-detection attribute whose metadata has confidences.
    static func fromLines(_ bytes: [UInt8], path: String) throws -> Predictions {
        var pictures: [(String, [EvaluationPrediction])] = []
        var classes: [String: [EvaluationClass]] = [:]
        for (n, line) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            guard let object = JSONValue.parse(line) else {
                throw EvaluationError.badPredictions(path, "line \(n + 1) is not a JSON object")
            }
            if let key = object["Key"]?.string {
                if object["Error"] != nil && object["Image"] == nil {
                    pictures.append((key, []))
                    continue
                }
                do {
                    pictures.append((key, try fromSavedJSON(line)))
                    classes[key] = classesInSavedJSON(line)
                } catch {
                    throw EvaluationError.badPredictions(path, "line \(n + 1): \(error)")
                }
                continue
            }
            // A manifest line: the truth's reader, and the confidences from its metadata.
            let truth = try GroundTruth.fromManifest(Array(line), path: path)
            if let picture = truth.pictures.first, let labels = picture.classes {
                let confidence = object.object?.first { $0.key.hasSuffix("-metadata") }?.value["confidence"]?.number ?? 1
                classes[picture.name] = labels.map { EvaluationClass(label: $0, score: confidence * 100) }
                pictures.append((picture.name, []))
                continue
            }
            guard let picture = truth.pictures.first,
                let attribute = object.object?.keys.sorted().first(where: {
                    object[$0 + "-metadata"]?["type"]?.string?.hasSuffix("object-detection") == true
                })
            else { continue }
            let confidences = (object[attribute + "-metadata"]?["objects"]?.array ?? []).map { ($0["confidence"]?.number ?? 1) * 100 }
            pictures.append(
                (
                    picture.name,
                    picture.truths.enumerated().map { i, t in
                        EvaluationPrediction(label: t.label, box: t.box, score: i < confidences.count ? confidences[i] : 100)
                    }
                ))
        }
        return Predictions(pictures: pictures, classes: classes)
    }

    /// One result of a COCO results file, `[{"image_id", "category_id", "bbox", "score"}]`
    /// (scores 0–1).
    struct COCOResult: Decodable, Sendable {
        var imageID: Int
        var categoryID: Int
        var bbox: [Double]
        var score: Double
        enum CodingKeys: String, CodingKey {
            case imageID = "image_id"
            case categoryID = "category_id"
            case bbox, score
        }
    }

    static func decodeCOCOResults(_ bytes: [UInt8], path: String) -> Result<[COCOResult], EvaluationError> {
        do { return .success(try JSONDecoder().decode([COCOResult].self, from: Data(bytes))) } catch {
            return .failure(.badPredictions(path, "not a COCO results file (image_id, category_id, bbox, score)"))
        }
    }

    /// A COCO results file's pictures and labels named by the truth's ids (which it needs).
    static func fromCOCOResults(_ decoded: Result<[COCOResult], EvaluationError>, path: String, truth: GroundTruth) throws -> Predictions {
        guard !truth.categories.isEmpty || truth.pictures.isEmpty else { throw EvaluationError.resultsNeedCOCOTruth(path) }
        let results = try decoded.get()
        let names = Dictionary(truth.pictures.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var order: [String] = []
        var byName: [String: [EvaluationPrediction]] = [:]
        for (n, r) in results.enumerated() {
            guard r.bbox.count == 4 else { throw EvaluationError.badPredictions(path, "result \(n + 1) has no bbox of four numbers") }
            let name = names[r.imageID] ?? "image_id \(r.imageID)"
            let label = truth.categories[r.categoryID] ?? "category_id \(r.categoryID)"
            if byName[name] == nil { order.append(name) }
            byName[name, default: []].append(
                EvaluationPrediction(
                    label: label, box: PixelBox(x: r.bbox[0], y: r.bbox[1], w: r.bbox[2], h: r.bbox[3]), score: r.score * 100))
        }
        return Predictions(pictures: order.map { ($0, byName[$0]!) })
    }
}
