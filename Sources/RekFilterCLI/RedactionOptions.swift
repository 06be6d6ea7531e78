import ArgumentParser
import RekFilter

/// `--redact`, `--redact-labels`, `--boxes` (README, Redaction): the drawing formats cover what
/// was found instead of outlining it.
struct RedactionOptions: ParsableArguments, Sendable {
    @Option(
        help: ArgumentHelp(
            "png, jpeg: cover each region found, irreversibly — blur, pixelate or fill — instead of outlining it.",
            valueName: "blur|pixelate|fill"))
    var redact: Redactor.Mode?

    @Option(
        name: .customLong("redact-labels"),
        help: ArgumentHelp("With --redact: only these labels (comma-separated; default every label).", valueName: "a,b"))
    var redactLabels: String?

    @Flag(help: "With --redact: outline, tag and legend too, over the covered regions.")
    var boxes = false

    static let drawingFormats: Set = ["png", "jpeg"]

    func validate() throws {
        if redact == nil && (redactLabels != nil || boxes) {
            throw ValidationError("\(redactLabels != nil ? "--redact-labels" : "--boxes") goes with --redact")
        }
        if let redactLabels, names(redactLabels).isEmpty { throw ValidationError("--redact-labels needs at least one label name") }
    }

    func names(_ text: String) -> Set<String> {
        Set(text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty })
    }

    func apply(to drawing: inout DrawingOptions) {
        drawing.redact = redact
        drawing.redactLabels = redactLabels.map(names)
        drawing.boxesWhenRedacting = boxes
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: RedactionOptions {
        var options = RedactionOptions()
        options.redact = nil
        options.redactLabels = nil
        options.boxes = false
        return options
    }
}

extension Redactor.Mode: ExpressibleByArgument {}
