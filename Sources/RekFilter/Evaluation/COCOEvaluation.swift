/// Average precision as pycocotools' `COCOeval` computes it for boxes (`iouType="bbox"`), step
/// by step, so that its figures are the ones everyone quotes (README, Is the model good
/// enough?): IoU thresholds 0.50:0.05:0.95, 101 recall points, at most 100 detections per
/// picture and label (the most confident), all areas; crowd truths match many detections and
/// are ignored; ties in confidence are broken as its stable sorts break them (picture order,
/// then the order detections were given in).
public enum COCOEvaluation {
    /// `np.linspace(.5, .95, 10)` and `np.linspace(0, 1, 101)`, value for value.
    public static let iouThresholds: [Double] = (0..<10).map { (i: Int) -> Double in
        let step: Double = (0.95 - 0.5) / 9
        return i == 9 ? 0.95 : 0.5 + Double(i) * step
    }
    public static let recallThresholds: [Double] = (0...100).map { (i: Int) -> Double in
        let step: Double = 1.0 / 100
        return i == 100 ? 1 : Double(i) * step
    }
    static let maxDetections = 100

    /// One label's result: the interpolated precision at each IoU threshold and recall point,
    /// nil when the label has no truth that counts (as COCOeval leaves it at -1).
    public struct LabelCurve: Sendable {
        public var precision: [[Double]]?
        /// Mean over IoU thresholds and recall points: the label's AP (0.50:0.95).
        public var ap: Double? { precision.map { $0.joined().reduce(0, +) / Double($0.count * $0.first!.count) } }
        /// At IoU 0.5 alone.
        public var ap50: Double? { precision.map { $0[0].reduce(0, +) / Double($0[0].count) } }
        /// At IoU 0.5: every counted detection in descending confidence, whether it matched,
        /// and the truths that count — for the precision–recall curve and the F1-best cut.
        public var ranked: [(score: Double, matched: Bool)] = []
        public var truths = 0
    }

    public struct Result: Sendable {
        public var labels: [String: LabelCurve]
        /// Mean over the labels that have truths (COCOeval's stats[0] and stats[1]); nil when none has.
        public var mAP: Double?
        public var ap50: Double?
    }

    /// Evaluates `images` (in COCOeval's image order) for every label of `labels`.
    public static func evaluate(_ images: [EvaluationImage], labels: [String]) -> Result {
        var curves: [String: LabelCurve] = [:]
        for label in labels {
            curves[label] = evaluate(label, images)
        }
        let counted = labels.compactMap { curves[$0]?.precision }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return Result(
            labels: curves, mAP: mean(counted.flatMap { $0.joined() }), ap50: mean(counted.flatMap { $0[0] }))
    }

    /// One picture's part for one label (COCOeval's `evaluateImg`).
    struct PictureMatches {
        var scores: [Double]
        /// [threshold][detection]: matched a truth.
        var matched: [[Bool]]
        /// [threshold][detection]: neither true nor false (matched a crowd truth, or out of range).
        var ignored: [[Bool]]
        var truthIgnored: [Bool]
    }

    static func evaluate(_ label: String, _ images: [EvaluationImage]) -> LabelCurve {
        let t = iouThresholds.count
        var all: [PictureMatches] = []
        for image in images {
            if let matches = match(label, image) { all.append(matches) }
        }
        var curve = LabelCurve()
        guard !all.isEmpty else { return curve }
        // Every picture's detections in one ranking, by confidence; ties keep picture order.
        var scores: [Double] = []
        var matched = [[Bool]](repeating: [], count: t)
        var ignored = [[Bool]](repeating: [], count: t)
        var truths = 0
        for m in all {
            scores += m.scores
            for i in 0..<t {
                matched[i] += m.matched[i]
                ignored[i] += m.ignored[i]
            }
            truths += m.truthIgnored.filter { !$0 }.count
        }
        curve.truths = truths
        guard truths > 0 else { return curve }
        let order = stableOrder(scores.map { -$0 })
        var precision = [[Double]](repeating: [Double](repeating: 0, count: recallThresholds.count), count: t)
        for i in 0..<t {
            var tp = 0.0
            var fp = 0.0
            var recall: [Double] = []
            var exact: [Double] = []
            recall.reserveCapacity(order.count)
            exact.reserveCapacity(order.count)
            for d in order {
                let isMatched = matched[i][d]
                let isIgnored = ignored[i][d]
                if isMatched && !isIgnored { tp += 1 }
                if !isMatched && !isIgnored { fp += 1 }
                recall.append(tp / Double(truths))
                exact.append(tp / (fp + tp + Double.ulpOfOne))
            }
            if i == 0 {
                curve.ranked = order.filter { !ignored[0][$0] }.map { (scores[$0], matched[0][$0]) }
            }
            // Precision made non-increasing from the right, then read at each recall point.
            if exact.count > 1 {
                for j in stride(from: exact.count - 1, to: 0, by: -1) where exact[j] > exact[j - 1] { exact[j - 1] = exact[j] }
            }
            var start = 0
            for (r, threshold) in recallThresholds.enumerated() {
                // numpy's searchsorted(side="left"): the first place where recall ≥ threshold.
                var lo = start
                var hi = recall.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if recall[mid] < threshold { lo = mid + 1 } else { hi = mid }
                }
                start = lo
                guard lo < exact.count else { break }
                precision[i][r] = exact[lo]
            }
        }
        curve.precision = precision
        return curve
    }

    /// COCOeval's `evaluateImg` for one picture and label, all areas, 100 detections.
    static func match(_ label: String, _ image: EvaluationImage) -> PictureMatches? {
        let truths = image.truths.filter { $0.label == label }
        let given = image.predictions.filter { $0.label == label }
        guard !truths.isEmpty || !given.isEmpty else { return nil }
        // Truths that count first (stable), detections by confidence (stable), the first 100.
        let truthOrder = stableOrder(truths.map { Self.ignored($0) ? 1.0 : 0.0 })
        let gt = truthOrder.map { truths[$0] }
        let dt = stableOrder(given.map { -$0.score }).prefix(maxDetections).map { given[$0] }
        let t = iouThresholds.count
        var matched = [[Bool]](repeating: [Bool](repeating: false, count: dt.count), count: t)
        var ignoredDetection = [[Bool]](repeating: [Bool](repeating: false, count: dt.count), count: t)
        let truthIgnored = gt.map(Self.ignored)
        let ious = dt.map { d in gt.map { g in iou(d.box, g.box, crowd: g.crowd) } }
        for (ti, threshold) in iouThresholds.enumerated() {
            var truthTaken = [Bool](repeating: false, count: gt.count)
            for (di, _) in dt.enumerated() {
                var best = min(threshold, 1 - 1e-10)
                var m = -1
                for gi in gt.indices {
                    if truthTaken[gi] && !gt[gi].crowd { continue }
                    // Past the truths that count, once one is matched: stop.
                    if m > -1 && !truthIgnored[m] && truthIgnored[gi] { break }
                    if ious[di][gi] < best { continue }
                    best = ious[di][gi]
                    m = gi
                }
                guard m > -1 else { continue }
                ignoredDetection[ti][di] = truthIgnored[m]
                matched[ti][di] = true
                truthTaken[m] = true
            }
        }
        // A detection outside the area range counts for nothing unless it matched.
        for (di, d) in dt.enumerated() where d.box.w * d.box.h < 0 || d.box.w * d.box.h > 1e10 {
            for ti in 0..<t where !matched[ti][di] { ignoredDetection[ti][di] = true }
        }
        return PictureMatches(scores: dt.map(\.score), matched: matched, ignored: ignoredDetection, truthIgnored: truthIgnored)
    }

    /// Crowd truths, and truths outside the area range, are ignored.
    static func ignored(_ truth: EvaluationTruth) -> Bool { truth.crowd || truth.area < 0 || truth.area > 1e10 }

    /// pycocotools' `bbIou`: intersection over union; over the detection's area for a crowd truth.
    static func iou(_ d: PixelBox, _ g: PixelBox, crowd: Bool) -> Double {
        let w = min(d.x + d.w, g.x + g.w) - max(d.x, g.x)
        guard w > 0 else { return 0 }
        let h = min(d.y + d.h, g.y + g.h) - max(d.y, g.y)
        guard h > 0 else { return 0 }
        let i = w * h
        let u = crowd ? d.w * d.h : d.w * d.h + g.w * g.h - i
        return i / u
    }

    /// Indexes in ascending order of `keys`, equal keys in their given order (numpy's mergesort).
    static func stableOrder(_ keys: [Double]) -> [Int] {
        keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
    }
}
