import ArgumentParser
import RekFilter

/// `rekfilter model describe -m ARN`: the version's status and its evaluation at training —
/// F1, and per label precision, recall, F1 and the threshold it assumed — from the summary file.
struct ModelDescribeCommand: ModelSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "The model version's status and evaluation: F1, and per label precision, recall, F1 and threshold.",
        discussion: "-f json writes the evaluation summary file as it is.")

    @OptionGroup var model: ModelOption
    @OptionGroup var common: ModelCommonOptions
    @OptionGroup var output: ModelFormatOption

    func execute(environment: [String: String]) throws -> Int32 {
        let arn = try model.resolve(environment)
        var service = ServiceConfiguration()
        common.connection.apply(to: &service)
        service.model = arn.arn
        let diagnostics = common.diagnostics()
        let session = try ServiceSession(
            service: service, variables: environment, diagnostics: diagnostics, verbose: common.verbose, quiet: common.quiet)
        let client = try session.makeClient()
        let (description, _) = try ModelLifecycle(model: arn, client: client).describe()
        let summary = try EvaluationSummary.fetch(arn, client: client, s3: session.makeS3Client, cache: nil)
        if output.format == .json {
            var bytes = summary.bytes
            if bytes.last != 10 { bytes.append(10) }
            try ModelOutput.write(String(decoding: bytes, as: UTF8.self))
            return ExitStatus.success
        }
        let f = TextTable.thousandths
        var text = description.line + "\n"
        text += "F1 \(f(summary.f1 ?? description.evaluation?.f1)), precision \(f(summary.precision)), recall \(f(summary.recall))\n\n"
        var rows = [["label", "images", "precision", "recall", "F1", "threshold"]]
        rows += summary.labels.map { l in
            [
                l.name, l.testingImages.map(String.init) ?? "-", f(l.precision), f(l.recall), f(l.f1),
                // As a confidence 0–100, as --thresholds and detections count it.
                l.threshold.map { Self.confidence($0 * 100) } ?? "-",
            ]
        }
        try ModelOutput.write(text + TextTable.render(rows))
        return ExitStatus.success
    }

    /// `98`, `97.5`: a confidence as people write it.
    static func confidence(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : "\(Int(tenths) / 10).\(Int(tenths) % 10)"
    }
}
