/// `rekfilter eval` (README, Is the model good enough?): the truth's pictures matched with the
/// predictions' by key — relative paths compared without extension (and without an s3://
/// bucket), a name matching one that ends with it at a `/` — then AP as COCOeval computes it,
/// and per label the counts at a confidence cut.
public struct Evaluation: Sendable {
    public var iou: Double
    /// 0–100.
    public var threshold: Double

    public init(iou: Double = 0.5, threshold: Double = 50) {
        self.iou = iou
        self.threshold = threshold
    }

    public struct Report: Sendable {
        public var images: Int
        public var iou: Double
        public var threshold: Double
        public var mAP: Double?
        public var ap50: Double?
        public var labels: [(name: String, counts: LabelCounts, curve: COCOEvaluation.LabelCurve?)]
        /// Truth pictures nothing was found for (their truths are missed), predictions for pictures the truth does not have.
        public var withoutPredictions: [String]
        public var unknownPictures: [String]
        /// Image classification: per truth label, how often each label was the picture's top
        /// one at or above the cut (`(none)`: nothing was); nil for object detection.
        public var confusion: [String: [String: Int]]?
    }

    public func run(truth: GroundTruth, predictions: Predictions) -> Report {
        let matcher = KeyMatcher(truth.pictures.map(\.name))
        var found = [[EvaluationPrediction]?](repeating: nil, count: truth.pictures.count)
        var unknown: [String] = []
        for (name, predicted) in predictions.pictures {
            guard let index = matcher.match(name) else {
                unknown.append(name)
                continue
            }
            found[index] = (found[index] ?? []) + predicted
        }
        let without = truth.pictures.indices.filter { found[$0] == nil }.map { truth.pictures[$0].name }
        if truth.isClassification {
            return classify(truth, predictions, matcher: matcher, without: without, unknown: unknown)
        }
        let images = truth.pictures.enumerated().map { i, p in
            EvaluationImage(key: p.name, truths: p.truths, predictions: found[i] ?? [])
        }
        let coco = COCOEvaluation.evaluate(images, labels: truth.labels)
        // Labels the truth never has are counted (all false positives), not averaged.
        let extra = Set(images.flatMap { $0.predictions.map(\.label) }).subtracting(truth.labels).sorted()
        let labels = (truth.labels + extra).map { name in
            (name, LabelCounts.count(name, images, iou: iou, threshold: threshold), coco.labels[name])
        }
        return Report(
            images: images.count, iou: iou, threshold: threshold, mAP: coco.mAP, ap50: coco.ap50, labels: labels,
            withoutPredictions: without, unknownPictures: unknown)
    }

    /// Image classification: per label precision, recall and F1 at the cut, and the confusion
    /// of each picture's truth with its top label.
    func classify(_ truth: GroundTruth, _ predictions: Predictions, matcher: KeyMatcher, without: [String], unknown: [String]) -> Report {
        var given = [[EvaluationClass]](repeating: [], count: truth.pictures.count)
        for (name, _) in predictions.pictures {
            if let index = matcher.match(name) { given[index] += predictions.classes[name] ?? [] }
        }
        let truths = truth.pictures.map(\.classes)
        let extra = Set(given.flatMap { $0.map(\.label) }).subtracting(truth.labels).sorted()
        let labels = (truth.labels + extra).map { name in
            (name, LabelCounts.classify(name, truths: truths, given: given, threshold: threshold), nil as COCOEvaluation.LabelCurve?)
        }
        var confusion: [String: [String: Int]] = [:]
        for (classes, found) in zip(truths, given) {
            guard let actual = classes?.first else { continue }
            let top = found.filter { $0.score >= threshold }.max { $0.score < $1.score }?.label ?? "(none)"
            confusion[actual, default: [:]][top, default: 0] += 1
        }
        return Report(
            images: truth.pictures.count, iou: iou, threshold: threshold, mAP: nil, ap50: nil, labels: labels,
            withoutPredictions: without, unknownPictures: unknown, confusion: confusion)
    }
}

/// Matches picture names across files: `s3://bucket/a/b.jpg`, `a/b.jpg`, `a/b.json` and `b.png`
/// name one picture when their paths without extension are equal, or one ends with the other
/// at a `/` (and only one truth picture does).
struct KeyMatcher {
    private var exact: [String: Int] = [:]
    private var byLast: [String: [Int]] = [:]
    private let normalized: [String]

    init(_ names: [String]) {
        normalized = names.map(Self.normalize)
        for (i, n) in normalized.enumerated() {
            if exact[n] == nil { exact[n] = i }
            byLast[String(n.split(separator: "/").last ?? ""), default: []].append(i)
        }
    }

    func match(_ name: String) -> Int? {
        let n = Self.normalize(name)
        if let i = exact[n] { return i }
        let candidates = (byLast[String(n.split(separator: "/").last ?? "")] ?? []).filter {
            normalized[$0].hasSuffix("/" + n) || n.hasSuffix("/" + normalized[$0])
        }
        return candidates.count == 1 ? candidates[0] : nil
    }

    /// Without scheme and bucket, leading `./` or `/`, and extension.
    static func normalize(_ name: String) -> String {
        var s = Substring(name)
        if s.hasPrefix("s3://") {
            s = s.dropFirst(5)
            s = s.firstIndex(of: "/").map { s[s.index(after: $0)...] } ?? ""
        }
        while s.hasPrefix("./") || s.hasPrefix("/") { s = s.drop { $0 == "." || $0 == "/" } }
        if let slash = s.lastIndex(of: "/") ?? Optional(s.startIndex), let dot = s[slash...].lastIndex(of: "."),
            dot != s.startIndex, s[s.index(before: dot)] != "/"
        {
            s = s[..<dot]
        }
        return String(s)
    }
}
