/// A box in pixels: left, top, width, height (COCO's `bbox`).
public struct PixelBox: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var w: Double
    public var h: Double

    public init(x: Double, y: Double, w: Double, h: Double) {
        self.x = x
        self.y = y
        self.w = w
        self.h = h
    }
}

/// A box the truth says is there.
public struct EvaluationTruth: Sendable, Equatable {
    public var label: String
    public var box: PixelBox
    /// COCO's `area` (the box's for a manifest).
    public var area: Double
    /// COCO's `iscrowd`: one box over many objects, matched by many detections, never scored.
    public var crowd: Bool

    public init(label: String, box: PixelBox, area: Double? = nil, crowd: Bool = false) {
        self.label = label
        self.box = box
        self.area = area ?? box.w * box.h
        self.crowd = crowd
    }
}

/// A label a model gave a whole picture (a classification model's), with its confidence 0–100.
public struct EvaluationClass: Sendable, Equatable {
    public var label: String
    public var score: Double

    public init(label: String, score: Double) {
        self.label = label
        self.score = score
    }
}

/// A box a model found, with its confidence 0–100.
public struct EvaluationPrediction: Sendable, Equatable {
    public var label: String
    public var box: PixelBox
    public var score: Double

    public init(label: String, box: PixelBox, score: Double) {
        self.label = label
        self.box = box
        self.score = score
    }
}

/// One picture of an evaluation: its key, what is there, and what was found (in the order
/// given: ties in confidence keep it).
public struct EvaluationImage: Sendable {
    public var key: String
    public var truths: [EvaluationTruth]
    public var predictions: [EvaluationPrediction]

    public init(key: String, truths: [EvaluationTruth], predictions: [EvaluationPrediction]) {
        self.key = key
        self.truths = truths
        self.predictions = predictions
    }
}
