import AWSCore
import ArgumentParser
import RekFilter

/// The command line (docs/command-line.md): option groups that mirror the library's configuration (service,
/// output, stream, limits), each validating its own flags; `configuration` hands them over.
public struct RekfilterCommand: ParsableCommand, Sendable {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "rekfilter",
        abstract: "Annotate images with an Amazon Rekognition Custom Labels model: image on stdin, result on stdout.",
        discussion: """
            Reads a PNG or JPEG on stdin, sends it to DetectCustomLabels, and writes the picture with the detections drawn on it, or the detections as data (-f), on stdout.

            Examples:
              rekfilter -m "$ARN" < photo.jpg > boxed.png
              rekfilter -m "$ARN" -f json < photo.jpg | jq '.CustomLabels[].Name'
              rekfilter -m "$ARN" -o boxed.jpg < photo.png    (format from extension)
              rekfilter --detections saved.json < photo.jpg > boxed.png   (no call)
              rekfilter -m "$ARN" -e --labels defect -f csv < part.jpg || echo ok
              rekfilter --dry-run < photo.jpg     (check and prepare, call nothing)
              ffmpeg -i in.mp4 -vf fps=2 -c:v mjpeg -f image2pipe - \\
                | rekfilter -m "$ARN" --stream -f jpeg -j 8 \\
                | ffmpeg -f jpeg_pipe -framerate 2 -i - -pix_fmt yuv420p boxed.mp4

            A model answers, and bills, only while it runs: rekfilter model list|status|start|stop, and rekfilter model run -m ARN -- COMMAND to start it for one job and stop it after (see rekfilter model --help).

            Credentials, region and endpoint are found as the AWS CLI finds them: environment, ~/.aws/config and ~/.aws/credentials profiles (assume role, web identity, IAM Identity Center, credential_process), ECS/EKS container credentials, EC2 instance metadata.

            Exit status: 0 ok, 1 no label kept (-e), 64 usage, 65 bad image, 66 no input, 69 unavailable, 70 internal, 74 cannot write, 75 temporary (throttled, 5xx, timeout), 77 not permitted, 78 configuration.
            """,
        version: RekFilterVersion.string,
        subcommands: [ModelCommand.self, BatchCommand.self, EvalCommand.self]
    )

    @OptionGroup(title: "Service") var service: ServiceOptions
    @OptionGroup(title: "Service") var object: S3ObjectOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Tiles") var tiles: TileOptions
    @OptionGroup(title: "Stream") var stream: StreamOptions
    @OptionGroup(title: "Limits") var limits: LimitOptions

    @Option(
        name: .customLong("detections"), help: ArgumentHelp("Make no call: draw detections saved earlier with -f json.", valueName: "file"))
    var detections: String?

    @Flag(name: .customLong("dry-run"), help: "Read, check and prepare the image; print what would be sent; call nothing.")
    var dryRun = false

    @Flag(name: .customLong("list-formats"), help: "List the output formats, built in and plugins: name, media type, summary.")
    var listFormats = false

    @Flag(name: .customLong("list-detectors"), help: "List the detectors, built in and plugins.")
    var listDetectors = false

    @OptionGroup var verbosity: VerbosityOptions

    /// The rules that span groups; each group checks its own flags.
    public func validate() throws {
        if !stream.stream {
            // -j is also how many tiles of one picture go at once.
            let given = [
                ("-j", stream.concurrency != nil && tiles.tile == nil), ("--every", stream.every != nil),
                ("--on-error", stream.onError != nil),
            ]
            .filter(\.1).map(\.0)
            if !given.isEmpty { throw ValidationError("\(given.joined(separator: ", ")) go\(given.count == 1 ? "es" : "") with --stream") }
        }
        if detections != nil && tiles.tile != nil {
            throw ValidationError("--tile goes with a detector: --detections replays detections already merged")
        }
        if detections != nil && service.detect != DetectCustomLabels.detectorName {
            throw ValidationError("--detections replays saved detections: it does not go with --detect")
        }
        if object.s3 != nil && !BuiltInDetectors.names.contains(service.detect) {
            throw ValidationError("--s3 goes with the built-in detectors: a detector plugin is sent the picture itself")
        }
        if stream.stream && object.s3 != nil { throw ValidationError("--s3 names one image; it does not go with --stream") }
        if output.chosenFormatName == "manifest" && output.sourceRef == nil && object.s3 == nil {
            throw ValidationError("the manifest format needs the picture's s3:// URI: give --source-ref URI (or --s3)")
        }
        // One URI on every line would say every frame is the same picture.
        if stream.stream, let sourceRef = output.sourceRef, !PictureNaming.takesFrameNumber(sourceRef) {
            throw ValidationError("--source-ref in --stream is a template for each frame: put %d (or %06d) where the frame number goes")
        }
        if stream.stream, let name = output.imageName, !PictureNaming.takesFrameNumber(name) {
            throw ValidationError("--image-name in --stream is a template for each frame: put %d (or %06d) where the frame number goes")
        }
        if stream.stream, let name = output.chosenFormatName, !FormatRegistry.streamable(name) {
            let streaming = FormatRegistry.all.filter(\.streams).map(\.name)
            throw ValidationError(
                "the \(name) format writes one document per picture and has no stream form; "
                    + "in --stream use \(streaming.joined(separator: ", "))")
        }
    }

    /// The library's view of the command line, with REKFILTER_MODEL as the model's fallback.
    public func configuration(environment: [String: String]) throws -> Configuration {
        var c = Configuration()
        c.service = try service.configuration(environment: environment)
        c.service.s3 = object.location
        c.output = try output.configuration(environment: environment)
        // -O goes to whichever plugin takes it: the format's, or the detector's.
        c.service.pluginOptions = c.output.formatOptions.plugin.pairs
        if c.output.formatOptions.manifest.sourceRef == nil, let s3 = object.s3 {
            c.output.formatOptions.manifest.sourceRef = s3  // the object sent is the picture the line names
            c.output.formatOptions.naming.sourceRef = s3
        }
        if !stream.stream { c.output.formatOptions.naming.stdinName = StandardInput.fileName() }
        c.stream = stream.configuration
        c.output.formatOptions.tracks = stream.track
        c.tiles = try tiles.configuration
        c.limits = limits.configuration
        c.detectionsFile = detections
        c.verbose = verbosity.verbose
        c.quiet = verbosity.quiet
        return c
    }

    /// A number as the user would write it: `-1`, `2.5`, `inf`.
    static func show(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && value.magnitude < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// Every value as a command line without these flags leaves it, made without
    /// ArgumentParser: the start of OptionTable's quick path. A property left out here would trap
    /// when read (OptionTableTests checks that none is, and that the whole equals a parse of nothing).
    static var unset: RekfilterCommand {
        var options = RekfilterCommand()
        options.service = ServiceOptions.unset
        options.object = S3ObjectOptions.unset
        options.output = OutputOptions.unset
        options.tiles = TileOptions.unset
        options.stream = StreamOptions.unset
        options.limits = LimitOptions.unset
        options.detections = nil
        options.dryRun = false
        options.listFormats = false
        options.listDetectors = false
        options.verbosity = VerbosityOptions.unset
        return options
    }
}
