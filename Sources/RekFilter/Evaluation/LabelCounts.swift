/// Per label, what a confidence cut makes of the predictions: true and false positives, missed
/// truths, precision, recall, F1 — with greedy matching by confidence at one IoU (each
/// detection takes the unmatched truth it overlaps most, at least `iou`; crowd truths count
/// for nothing) — and the cut at which F1 is highest.
public struct LabelCounts: Sendable, Equatable {
    public var tp = 0
    public var fp = 0
    public var fn = 0
    public var precision: Double { tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp) }
    public var recall: Double { tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    /// The confidence (0–100) at which F1 is highest, and that F1.
    public var bestThreshold = 0.0
    public var bestF1 = 0.0
    /// Precision and recall after each distinct confidence, from the highest down: the curve.
    public var curve: [CurvePoint] = []

    public struct CurvePoint: Sendable, Equatable {
        public var recall: Double
        public var precision: Double
        /// The confidence of this cut.
        public var confidence: Double
    }

    /// Every prediction of `label`, matched once at `iou`, then counted at `threshold`.
    public static func count(_ label: String, _ images: [EvaluationImage], iou: Double, threshold: Double) -> LabelCounts {
        var ranked: [(score: Double, matched: Bool)] = []
        var truths = 0
        for image in images {
            let gt = image.truths.filter { $0.label == label }
            truths += gt.filter { !COCOEvaluation.ignored($0) }.count
            let given = image.predictions.filter { $0.label == label }
            let dt = COCOEvaluation.stableOrder(given.map { -$0.score }).map { given[$0] }
            var taken = [Bool](repeating: false, count: gt.count)
            for d in dt {
                var best = iou
                var m = -1
                for (gi, g) in gt.enumerated() where !taken[gi] || g.crowd {
                    let overlap = COCOEvaluation.iou(d.box, g.box, crowd: g.crowd)
                    // A truth that counts is preferred to a crowd at the same overlap.
                    if overlap > best || (overlap == best && (m == -1 || (gt[m].crowd && !g.crowd))) {
                        best = overlap
                        m = gi
                    }
                }
                if m > -1 {
                    taken[m] = true
                    if gt[m].crowd || COCOEvaluation.ignored(gt[m]) { continue }  // neither true nor false
                    ranked.append((d.score, true))
                } else {
                    ranked.append((d.score, false))
                }
            }
        }
        return summarize(ranked, truths: truths, threshold: threshold)
    }

    /// Image classification: a picture given `label` at or above the cut is a true positive when
    /// its truth has the label, a false one when not; a truth label not given is missed.
    public static func classify(
        _ label: String, truths: [[String]?], given: [[EvaluationClass]], threshold: Double
    ) -> LabelCounts {
        var ranked: [(score: Double, matched: Bool)] = []
        for (truth, classes) in zip(truths, given) {
            guard let score = classes.filter({ $0.label == label }).map(\.score).max() else { continue }
            ranked.append((score, truth?.contains(label) ?? false))
        }
        let count = truths.filter { $0?.contains(label) ?? false }.count
        return summarize(ranked, truths: count, threshold: threshold)
    }

    /// The counts at `threshold`, and the curve and F1-best cut over every confidence.
    static func summarize(_ ranked: [(score: Double, matched: Bool)], truths: Int, threshold: Double) -> LabelCounts {
        var ranked = ranked
        var counts = LabelCounts()
        counts.tp = ranked.filter { $0.matched && $0.score >= threshold }.count
        counts.fp = ranked.filter { !$0.matched && $0.score >= threshold }.count
        counts.fn = truths - counts.tp
        // F1 at each distinct confidence, from the highest down.
        ranked.sort { $0.score > $1.score }
        var tp = 0
        var fp = 0
        for (i, r) in ranked.enumerated() {
            if r.matched { tp += 1 } else { fp += 1 }
            guard i == ranked.count - 1 || ranked[i + 1].score < r.score else { continue }
            let p = Double(tp) / Double(tp + fp)
            let rc = truths == 0 ? 0 : Double(tp) / Double(truths)
            let f1 = p + rc == 0 ? 0 : 2 * p * rc / (p + rc)
            counts.curve.append(CurvePoint(recall: rc, precision: p, confidence: r.score))
            if f1 > counts.bestF1 {
                counts.bestF1 = f1
                counts.bestThreshold = r.score
            }
        }
        return counts
    }
}
