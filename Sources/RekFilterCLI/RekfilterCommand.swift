import ArgumentParser
import RekFilter

/// The command line (SPEC §2): option groups that mirror the library's configuration (service,
/// output, stream, limits), each validating its own flags; `configuration` hands them over.
public struct RekfilterCommand: ParsableCommand {
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

        Credentials, region and endpoint are found as the AWS CLI finds them: environment, ~/.aws/config and ~/.aws/credentials profiles (assume role, credential_process, web identity), ECS/EKS container credentials, EC2 instance metadata.

        Exit status: 0 ok, 1 no label kept (-e), 64 usage, 65 bad image, 66 no input, 69 unavailable, 70 internal, 74 cannot write, 75 temporary (throttled, 5xx, timeout), 77 not permitted, 78 configuration.
        """,
        version: RekFilterVersion.string
    )

    @OptionGroup(title: "Service") var service: ServiceOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Stream") var stream: StreamOptions
    @OptionGroup(title: "Limits") var limits: LimitOptions

    @Option(name: .customLong("detections"), help: ArgumentHelp("Make no call: draw detections saved earlier with -f json.", valueName: "file"))
    var detections: String?

    @Flag(name: .customLong("dry-run"), help: "Read, check and prepare the image; print what would be sent; call nothing.")
    var dryRun = false

    @Flag(name: .customLong("list-formats"), help: "List the output formats: name, media type, summary.")
    var listFormats = false

    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print each attempt (status, error, request id, time) on stderr; never a secret.")
    var verbose = false

    /// Words that are not flags: never valid (the image comes on stdin), caught to say so.
    @Argument(help: .hidden)
    var stray: [String] = []

    /// The rules that span groups; each group checks its own flags.
    public func validate() throws {
        if let word = stray.first {
            let hint = word.hasPrefix("-") ? "" : "; the image goes on stdin (rekfilter -m ARN < \(word))"
            throw ValidationError("unexpected argument '\(word)'\(hint)")
        }
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other") }
        if !stream.stream {
            let given = [("-j", stream.concurrency != nil), ("--every", stream.every != nil), ("--on-error", stream.onError != nil)]
                .filter(\.1).map(\.0)
            if !given.isEmpty { throw ValidationError("\(given.joined(separator: ", ")) go\(given.count == 1 ? "es" : "") with --stream") }
        }
        if stream.stream && service.s3 != nil { throw ValidationError("--s3 names one image; it does not go with --stream") }
        if stream.stream, let name = output.chosenFormatName, !FormatRegistry.streamable(name) {
            let streaming = FormatRegistry.all.filter(\.streams).map(\.name)
            throw ValidationError("the \(name) format writes one document per picture and has no stream form; "
                + "in --stream use \(streaming.joined(separator: ", "))")
        }
    }

    /// The library's view of the command line, with REKFILTER_MODEL as the model's fallback.
    public func configuration(environment: [String: String]) throws -> Configuration {
        var c = Configuration()
        c.service = try service.configuration(environment: environment)
        c.output = output.configuration
        c.stream = stream.configuration
        c.limits = limits.configuration
        c.detectionsFile = detections
        c.verbose = verbose
        c.quiet = quiet
        return c
    }

    /// A number as the user would write it: `-1`, `2.5`, `inf`.
    static func show(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && value.magnitude < 1e15 ? String(Int(value)) : "\(value)"
    }
}

/// Which model, where, and how patiently (SPEC §1, §2, §5).
struct ServiceOptions: ParsableArguments {
    @Option(name: [.customShort("m"), .customLong("model"), .customLong("project-version-arn")],
            help: ArgumentHelp("The model version ARN (or REKFILTER_MODEL).", valueName: "arn"))
    var model: String?

    @Option(name: .customLong("min-confidence"), parsing: .unconditional, help: ArgumentHelp("Minimum confidence, 0–100, sent to the service.", valueName: "n"))
    var minConfidence: Double?

    @Option(name: .customLong("max-results"), parsing: .unconditional, help: ArgumentHelp("Most labels the service returns.", valueName: "n"))
    var maxResults: Int?

    @Option(help: ArgumentHelp("AWS region (else AWS_REGION, the profile, the ARN).", valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("Shared config profile (else AWS_PROFILE, default).", valueName: "name"))
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: ArgumentHelp("Service endpoint (else AWS_ENDPOINT_URL_REKOGNITION, AWS_ENDPOINT_URL, config).", valueName: "url"))
    var endpointURL: String?

    @Flag(help: "Use the FIPS endpoint (also AWS_USE_FIPS_ENDPOINT=true).")
    var fips = false

    @Option(name: .customLong("s3"), help: ArgumentHelp("Send this S3 object instead of bytes.", valueName: "s3://bucket/key"))
    var s3: String?

    @Option(name: .customLong("s3-version"), help: ArgumentHelp("Version of the --s3 object.", valueName: "id"))
    var s3Version: String?

    @Option(name: .customLong("max-attempts"), parsing: .unconditional, help: ArgumentHelp("Attempts per request, 1–100 (else AWS_MAX_ATTEMPTS, else 3).", valueName: "n"))
    var maxAttempts: Int?

    @Option(name: .customLong("connect-timeout"), parsing: .unconditional, help: ArgumentHelp("Seconds to connect, per attempt (at most a day).", valueName: "s"))
    var connectTimeout: Double = 5

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds per attempt (at most a day).", valueName: "s"))
    var timeout: Double = 60

    /// The most a flag may ask for: beyond these, numbers stop meaning anything and start
    /// overflowing (a timeout of 1e300 s).
    static let seconds = 86_400.0
    static let attempts = 1...100
    static let maxResultsRange = 0...Int(Int32.max)

    func validate() throws {
        if let minConfidence, !(minConfidence >= 0 && minConfidence <= 100) {
            throw ValidationError("--min-confidence must be a number from 0 to 100, got \(RekfilterCommand.show(minConfidence))")
        }
        if let maxResults, !Self.maxResultsRange.contains(maxResults) {
            throw ValidationError("--max-results must be from 0 to \(Self.maxResultsRange.upperBound), got \(maxResults)")
        }
        if let maxAttempts, !Self.attempts.contains(maxAttempts) {
            throw ValidationError("--max-attempts must be from 1 to 100, got \(maxAttempts)")
        }
        for (flag, value) in [("--connect-timeout", connectTimeout), ("--timeout", timeout)] {
            guard value.isFinite, value > 0, value <= Self.seconds else {
                throw ValidationError("\(flag) must be a number of seconds above 0 and at most \(Int(Self.seconds)) (a day), got \(RekfilterCommand.show(value))")
            }
        }
        if let s3, S3Location(uri: s3) == nil { throw ValidationError("--s3 wants s3://bucket/key, got '\(s3)'") }
        if s3Version != nil && s3 == nil { throw ValidationError("--s3-version needs --s3") }
    }

    func configuration(environment: [String: String]) throws -> ServiceConfiguration {
        var c = ServiceConfiguration()
        c.model = model ?? environment["REKFILTER_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        if let arn = c.model, !ModelARN.isValid(arn) {
            throw UsageError("malformed model ARN '\(arn)': expected arn:aws:rekognition:REGION:ACCOUNT:project/NAME/version/NAME/NUMBER")
        }
        c.minConfidence = minConfidence
        c.maxResults = maxResults
        c.region = region
        c.profile = profile
        c.endpointURL = endpointURL
        c.fips = fips
        c.s3 = s3.flatMap { S3Location(uri: $0, version: s3Version) }
        c.maxAttempts = maxAttempts
        c.connectTimeout = connectTimeout
        c.timeout = timeout
        return c
    }
}

/// What is written, and where (SPEC §2, §4).
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Output format (see --list-formats); default png, or from -o's extension.", valueName: "name"))
    var format: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write there instead of stdout, atomically ('-' is stdout).", valueName: "file"))
    var output: String?

    @Option(name: .customLong("labels"), help: ArgumentHelp("Keep only these label names (comma-separated; repeatable: the union).", valueName: "a,b"))
    var labels: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("JPEG output quality, 1–100.", valueName: "q"))
    var quality: Int = 90

    @Option(name: .customLong("png-compression"), help: ArgumentHelp("PNG output: fast (zlib 1) or small (zlib 9, adaptive filters).", valueName: "fast|small"))
    var pngCompression: PNGCodec.Compression = .fast

    @Option(help: ArgumentHelp("TrueType font for labels (default: DejaVu Sans Bold).", valueName: "path"))
    var font: String?

    @Flag(name: .customLong("svg-embed"), help: "svg: embed the picture under the overlay.")
    var svgEmbed = false

    @Flag(name: [.customShort("e"), .customLong("exit-status")], help: "Exit 1 when no label was kept (like grep).")
    var exitStatus = false

    func validate() throws {
        if let format, FormatRegistry.named(format) == nil {
            throw ValidationError("unknown format '\(format)' (see --list-formats)")
        }
        if let output {
            if output.isEmpty { throw ValidationError("-o needs a file name ('-' for stdout)") }
            if output != "-" && (output.hasSuffix("/") || Files.isDirectory(output)) {
                throw ValidationError("-o \(output) is a folder: name a file in it")
            }
            if output != "-", format == nil, let ext = FormatRegistry.fileExtension(of: output), FormatRegistry.forPath(output) == nil {
                throw ValidationError("no format is known by the extension .\(ext) of -o \(output): give -f (see --list-formats)")
            }
        }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be from 1 to 100, got \(quality)") }
        if !labels.isEmpty && labelNames.isEmpty {
            throw ValidationError("--labels needs at least one label name (comma-separated)")
        }
    }

    /// The format's name as `-f` or `-o`'s extension gives it, if either does.
    var chosenFormatName: String? {
        if let format { return FormatRegistry.named(format)?.name }
        if let output { return FormatRegistry.forPath(output)?.name }
        return nil
    }

    /// `--labels`, every use of it: the union of the comma-separated names.
    var labelNames: Set<String> {
        Set(labels.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty })
    }

    var configuration: OutputConfiguration {
        var c = OutputConfiguration()
        if let format, let named = FormatRegistry.named(format) {
            c.format = named
        } else if let output, output != "-", let implied = FormatRegistry.forPath(output) {
            c.format = implied
        }
        c.path = output
        c.labels = labels.isEmpty ? nil : labelNames
        c.formatOptions.jpeg.quality = quality
        c.formatOptions.png.compression = pngCompression
        c.formatOptions.drawing.fontPath = font
        c.formatOptions.svg.embed = svgEmbed
        c.exitStatusOnNoLabels = exitStatus
        return c
    }
}

/// `--stream` and what goes with it (SPEC §2).
struct StreamOptions: ParsableArguments {
    @Flag(help: "stdin is a concatenation of PNG/JPEG frames (ffmpeg image2pipe): one result per frame, in order.")
    var stream = false

    @Option(name: [.customShort("j"), .customLong("concurrency")], parsing: .unconditional,
            help: ArgumentHelp("Stream mode: requests in flight at most, 1–256 (default 4; lowered automatically while throttled).", valueName: "n"))
    var concurrency: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stream mode: call the service on every Nth frame; the frames between reuse its detections.", valueName: "n"))
    var every: Int?

    @Option(name: .customLong("on-error"), help: ArgumentHelp("Stream mode, a frame that fails after retries: pass (write it undrawn, default), skip, abort.", valueName: "pass|skip|abort"))
    var onError: StreamConfiguration.OnError?

    @Flag(inversion: .prefixedNo, help: "Progress line on stderr (default: only when stderr is a terminal).")
    var progress: Bool?

    static let concurrencyRange = 1...256
    static let everyRange = 1...1_000_000

    func validate() throws {
        if let concurrency, !Self.concurrencyRange.contains(concurrency) {
            throw ValidationError("-j must be from 1 to 256, got \(concurrency)")
        }
        if let every, !Self.everyRange.contains(every) {
            throw ValidationError("--every must be from 1 to \(Self.everyRange.upperBound), got \(every)")
        }
    }

    var configuration: StreamConfiguration {
        var c = StreamConfiguration()
        c.enabled = stream
        c.concurrency = concurrency ?? 4
        c.every = every ?? 1
        c.onError = onError ?? .pass
        c.progress = progress
        return c
    }
}

/// The safety limits (SPEC §3.2).
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-input-bytes"), parsing: .unconditional, help: ArgumentHelp("Refuse input larger than this (at most 1 TiB).", valueName: "n"))
    var maxInputBytes: Int = SafetyLimits.default.maxInputBytes

    @Option(name: .customLong("max-pixels"), parsing: .unconditional, help: ArgumentHelp("Refuse images whose header declares more pixels (at most 2^32).", valueName: "n"))
    var maxPixels: Int = SafetyLimits.default.maxPixels

    static let inputBytes = 1...(1 << 40)
    /// Beyond 2^32 pixels, a buffer's size in bytes could overflow what the decoders size with.
    static let pixels = 1...(1 << 32)

    func validate() throws {
        guard Self.inputBytes.contains(maxInputBytes) else {
            throw ValidationError("--max-input-bytes must be from 1 to \(Self.inputBytes.upperBound) (1 TiB), got \(maxInputBytes)")
        }
        guard Self.pixels.contains(maxPixels) else {
            throw ValidationError("--max-pixels must be from 1 to \(Self.pixels.upperBound), got \(maxPixels)")
        }
    }

    var configuration: SafetyLimits { SafetyLimits(maxInputBytes: maxInputBytes, maxPixels: maxPixels) }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension StreamConfiguration.OnError: ExpressibleByArgument {}
extension PNGCodec.Compression: ExpressibleByArgument {}
