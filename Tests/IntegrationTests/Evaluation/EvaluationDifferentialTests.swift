import Foundation
import TestSupport
import Testing

@testable import RekFilter

/// `rekfilter eval`'s AP against pycocotools' COCOeval on generated data sets — the rules that
/// decide its figures each exercised: empty predictions, a label without truth, duplicates, crowd
/// truths, over 100 detections in a picture, ties in confidence. mAP, AP50 and every label's AP
/// and AP50 must agree within 1e-4.
@Suite struct EvaluationDifferentialTests {
    /// A seeded generator (SplitMix64): the same data sets on every run.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var seed: UInt64
        var images = 40
        var labels = 4
        var crowd = false
        var duplicates = false
        var crowded = false
        var ties = false
        var noPredictions = false
        var labelWithoutTruth = false
        var testDescription: String { name }
    }

    /// Writes a COCO dataset and a results file for `c`; returns their paths.
    static func make(_ c: Case) throws -> (truth: String, results: String) {
        var rng = Seeded(state: c.seed)
        var images: [[String: Any]] = []
        var annotations: [[String: Any]] = []
        var results: [[String: Any]] = []
        let categories = (1...c.labels).map { ["id": $0 * 3, "name": "label\($0)", "supercategory": "none"] as [String: Any] }
        var annotationID = 1
        for i in 1...c.images {
            let imageID = i * 7
            images.append(["id": imageID, "file_name": "pictures/p\(i).jpg", "width": 640, "height": 480])
            for _ in 0..<rng.int(0..<7) {
                let category = rng.int(1..<(c.labels + (c.labelWithoutTruth ? 0 : 1)))
                let w = 10 + rng.uniform() * 200
                let h = 10 + rng.uniform() * 200
                let x = rng.uniform() * (640 - w)
                let y = rng.uniform() * (480 - h)
                let crowd = c.crowd && rng.uniform() < 0.2
                annotations.append([
                    "id": annotationID, "image_id": imageID, "category_id": category * 3, "bbox": [x, y, w, h], "area": w * h * 0.9,
                    "iscrowd": crowd ? 1 : 0,
                ])
                annotationID += 1
                guard !c.noPredictions else { continue }
                // Found, a little off; sometimes twice; sometimes missed.
                for _ in 0..<(c.duplicates && rng.uniform() < 0.3 ? 2 : (rng.uniform() < 0.8 ? 1 : 0)) {
                    let jitter = { (v: Double, rng: inout Seeded) in v + (rng.uniform() - 0.5) * 30 }
                    var score = rng.uniform()
                    if c.ties { score = (score * 5).rounded() / 5 }
                    results.append([
                        "image_id": imageID, "category_id": category * 3,
                        "bbox": [jitter(x, &rng), jitter(y, &rng), max(1, jitter(w, &rng)), max(1, jitter(h, &rng))], "score": score,
                    ])
                }
            }
            guard !c.noPredictions else { continue }
            // False positives, on any label (the one without truth included).
            let extra = c.crowded && i == 1 ? 150 : rng.int(0..<4)
            for _ in 0..<extra {
                var score = rng.uniform()
                if c.ties { score = (score * 5).rounded() / 5 }
                let w = 5 + rng.uniform() * 100
                let h = 5 + rng.uniform() * 100
                // In the crowded picture, all on one label: over the 100 that count.
                let category = c.crowded && i == 1 ? 1 : rng.int(1..<(c.labels + 1))
                results.append([
                    "image_id": imageID, "category_id": category * 3,
                    "bbox": [rng.uniform() * 500, rng.uniform() * 400, w, h], "score": score,
                ])
            }
        }
        let folder = try TestData.scratch()
        let truth = folder.appendingPathComponent("truth.json")
        let resultsFile = folder.appendingPathComponent("results.json")
        try JSONSerialization.data(withJSONObject: ["images": images, "annotations": annotations, "categories": categories])
            .write(to: truth)
        try JSONSerialization.data(withJSONObject: results).write(to: resultsFile)
        return (truth.path, resultsFile.path)
    }

    static let cases = [
        Case(name: "random", seed: 1),
        Case(name: "more random", seed: 2, images: 120, labels: 7),
        Case(name: "no predictions", seed: 3, noPredictions: true),
        Case(name: "a label without truth", seed: 4, labelWithoutTruth: true),
        Case(name: "duplicates", seed: 5, duplicates: true),
        Case(name: "crowd truths", seed: 6, crowd: true),
        Case(name: "150 detections in one picture", seed: 7, crowded: true),
        Case(name: "ties in confidence", seed: 8, ties: true),
        Case(name: "everything at once", seed: 9, images: 80, labels: 5, crowd: true, duplicates: true, crowded: true, ties: true),
    ]

    @Test(arguments: cases)
    func agreesWithPycocotools(_ c: Case) throws {
        let (truthPath, resultsPath) = try Self.make(c)
        let reference = try Command.run([
            "python3", TestData.projectRoot.appendingPathComponent("Tests/Clients/cocoeval.py").path, truthPath, resultsPath,
        ])
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as! [String: Any]
        let truth = try GroundTruth.load(truthPath)
        let report = Evaluation().run(truth: truth, predictions: try Predictions.load(resultsPath, truth: truth))
        func close(_ a: Double?, _ b: Any?, _ what: String) {
            let b = b as? Double
            #expect(
                (a == nil && b == nil) || (a != nil && b != nil && abs(a! - b!) <= 1e-4),
                "\(what): rekfilter \(String(describing: a)), pycocotools \(String(describing: b))")
        }
        close(report.mAP, expected["mAP"], "mAP")
        close(report.ap50, expected["AP50"], "AP50")
        let labels = expected["labels"] as! [String: [String: Any]]
        for (name, _, curve) in report.labels where labels[name] != nil {
            close(curve?.ap, labels[name]!["AP"], "\(name) AP")
            close(curve?.ap50, labels[name]!["AP50"], "\(name) AP50")
        }
        #expect(Set(report.labels.map(\.name)).isSuperset(of: labels.keys))
    }
}
