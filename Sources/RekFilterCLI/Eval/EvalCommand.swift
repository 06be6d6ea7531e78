import ArgumentParser
import Basics
import RekFilter

/// `rekfilter eval --truth TRUTH PREDICTIONS`: how good the model is on labelled pictures
/// (README, Is the model good enough?).
struct EvalCommand: RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract:
            "Measure predictions against the truth: per label TP, FP, FN, precision, recall, F1; AP and mAP as pycocotools computes them.",
        discussion: """
            TRUTH: a COCO dataset or a Ground Truth manifest (object detection). PREDICTIONS: a batch DEST of -f json \
            results, a --collect jsonl file, a COCO results file or a manifest. Pictures are matched by their paths \
            without extension. mAP averages IoU 0.50:0.05:0.95 with 101 recall points and 100 detections a picture, \
            as COCOeval does; the counts are at --threshold with greedy matching at --iou.
            """)

    @Option(help: ArgumentHelp("The labelled pictures: a COCO dataset or a Ground Truth manifest.", valueName: "file"))
    var truth: String?

    @Argument(help: ArgumentHelp("What the model found: a batch DEST, a jsonl, COCO results or a manifest.", valueName: "predictions"))
    var predictions: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("IoU at which a prediction matches a truth, 0–1 (default 0.5).", valueName: "x"))
    var iou: Double = 0.5

    @Option(
        parsing: .unconditional, help: ArgumentHelp("Confidence 0–100 at which TP, FP and FN are counted (default 50).", valueName: "n"))
    var threshold: Double = 50

    @Option(name: .shortAndLong, help: ArgumentHelp("text (a table), json or csv.", valueName: "text|json|csv"))
    var format: Evaluation.Report.Format = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write there instead of stdout, atomically.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Also draw each label's precision–recall curve there, as a PNG.", valueName: "file.png"))
    var plot: String?

    @Option(help: ArgumentHelp("TrueType font for the plot (default: DejaVu Sans Bold).", valueName: "path"))
    var font: String?

    @OptionGroup var verbosity: VerbosityOptions

    func validate() throws {
        guard truth != nil else { throw ValidationError("eval needs --truth FILE: the labelled pictures") }
        guard predictions != nil else { throw ValidationError("eval needs PREDICTIONS: a batch DEST, a jsonl, COCO results or a manifest") }
        guard iou > 0 && iou <= 1 else { throw ValidationError("--iou must be above 0 and at most 1, got \(iou)") }
        guard threshold >= 0 && threshold <= 100 else { throw ValidationError("--threshold must be from 0 to 100, got \(threshold)") }
    }

    func execute(environment: [String: String]) throws -> Int32 {
        let (truth, predicted) = try Predictions.load(predictions ?? "", beside: self.truth ?? "")
        let report = Evaluation(iou: iou, threshold: threshold).run(truth: truth, predictions: predicted)
        if let plot {
            let picture = try OutputSink(path: plot, binary: true)
            try picture.write(try PrecisionRecallPlot.png(report, fontPath: font))
            try picture.finish()
        }
        let out = try OutputSink(path: output, binary: false)
        try out.write(report.rendered(format))
        try out.finish()
        if !verbosity.quiet && format != .text {
            if !report.withoutPredictions.isEmpty {
                StandardError.say("\(report.withoutPredictions.count) pictures of the truth have no predictions: their truths are missed")
            }
            if !report.unknownPictures.isEmpty {
                StandardError.say("\(report.unknownPictures.count) predicted pictures are not in the truth: not scored")
            }
        }
        return ExitStatus.success
    }
}

extension Evaluation.Report.Format: ExpressibleByArgument {}
