import ArgumentParser
import RekFilter

/// The flags. Parsing only: the work is done by the RekFilter library.
struct RekfilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekfilter",
        abstract: "Annotate an image with an Amazon Rekognition Custom Labels model.",
        discussion: """
        Reads a PNG or JPEG on stdin and writes the result on stdout.

        Examples:
          rekfilter --dry-run < photo.jpg          show what would be sent, call nothing
        """,
        version: RekFilterVersion.string
    )

    @Flag(name: .customLong("dry-run"), help: "Read, check and prepare the image; print what would be sent; call nothing.")
    var dryRun = false

    @Option(name: .customLong("max-input-bytes"), help: "Refuse input larger than this many bytes.")
    var maxInputBytes: Int = SafetyLimits.default.maxInputBytes

    @Option(name: .customLong("max-pixels"), help: "Refuse images whose header declares more pixels (decompression bombs).")
    var maxPixels: Int = SafetyLimits.default.maxPixels

    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    func validate() throws {
        guard maxInputBytes > 0 else { throw ValidationError("--max-input-bytes must be positive") }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
    }

    var limits: SafetyLimits { SafetyLimits(maxInputBytes: maxInputBytes, maxPixels: maxPixels) }
}
