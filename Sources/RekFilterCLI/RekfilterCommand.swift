import ArgumentParser
import RekFilter

/// The flags (SPEC §2). Parsing and validation only: `options` hands them to the library.
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

    @Option(name: [.customShort("m"), .customLong("model"), .customLong("project-version-arn")],
            help: ArgumentHelp("The model version ARN (or REKFILTER_MODEL).", valueName: "arn"))
    var model: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format (see --list-formats); default png, or from -o's extension.", valueName: "name"))
    var format: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write there instead of stdout, atomically ('-' is stdout).", valueName: "file"))
    var output: String?

    @Option(name: .customLong("min-confidence"), parsing: .unconditional, help: ArgumentHelp("Minimum confidence, 0–100, sent to the service.", valueName: "n"))
    var minConfidence: Double?

    @Option(name: .customLong("max-results"), parsing: .unconditional, help: ArgumentHelp("Most labels the service returns.", valueName: "n"))
    var maxResults: Int?

    @Option(name: .customLong("labels"), help: ArgumentHelp("Keep only these label names (comma-separated; repeatable: the union).", valueName: "a,b"))
    var labels: [String] = []

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

    @Option(name: .customLong("detections"), help: ArgumentHelp("Make no call: draw detections saved earlier with -f json.", valueName: "file"))
    var detections: String?

    @Flag(help: "stdin is a concatenation of PNG/JPEG frames (ffmpeg image2pipe): one result per frame, in order.")
    var stream = false

    @Option(name: [.customShort("j"), .customLong("concurrency")], parsing: .unconditional,
            help: ArgumentHelp("Stream mode: requests in flight at most, 1–256 (default 4; lowered automatically while throttled).", valueName: "n"))
    var concurrency: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stream mode: call the service on every Nth frame; the frames between reuse its detections.", valueName: "n"))
    var every: Int?

    @Option(name: .customLong("on-error"), help: ArgumentHelp("Stream mode, a frame that fails after retries: pass (write it undrawn, default), skip, abort.", valueName: "pass|skip|abort"))
    var onError: Options.OnError?

    @Flag(inversion: .prefixedNo, help: "Progress line on stderr (default: only when stderr is a terminal).")
    var progress: Bool?

    @Option(name: .customLong("max-attempts"), parsing: .unconditional, help: ArgumentHelp("Attempts per request, 1–100 (else AWS_MAX_ATTEMPTS, else 3).", valueName: "n"))
    var maxAttempts: Int?

    @Option(name: .customLong("connect-timeout"), parsing: .unconditional, help: ArgumentHelp("Seconds to connect, per attempt (default 5, at most a day).", valueName: "s"))
    var connectTimeout: Double = 5

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds per attempt (default 60, at most a day).", valueName: "s"))
    var timeout: Double = 60

    @Option(parsing: .unconditional, help: ArgumentHelp("JPEG output quality, 1–100.", valueName: "q"))
    var quality: Int = 90

    @Option(name: .customLong("png-compression"), help: ArgumentHelp("PNG output: fast (zlib 1, default) or small (zlib 9, adaptive filters).", valueName: "fast|small"))
    var pngCompression: PNGCodec.Compression = .fast

    @Option(help: ArgumentHelp("TrueType font for labels (default: DejaVu Sans Bold).", valueName: "path"))
    var font: String?

    @Flag(name: .customLong("svg-embed"), help: "svg: embed the picture under the overlay.")
    var svgEmbed = false

    @Flag(name: [.customShort("e"), .customLong("exit-status")], help: "Exit 1 when no label was kept (like grep).")
    var exitStatus = false

    @Flag(name: .customLong("dry-run"), help: "Read, check and prepare the image; print what would be sent; call nothing.")
    var dryRun = false

    @Flag(name: .customLong("list-formats"), help: "List the output formats: name, media type, summary.")
    var listFormats = false

    @Option(name: .customLong("max-input-bytes"), parsing: .unconditional, help: ArgumentHelp("Refuse input larger than this (at most 1 TiB).", valueName: "n"))
    var maxInputBytes: Int = SafetyLimits.default.maxInputBytes

    @Option(name: .customLong("max-pixels"), parsing: .unconditional, help: ArgumentHelp("Refuse images whose header declares more pixels (at most 2^32).", valueName: "n"))
    var maxPixels: Int = SafetyLimits.default.maxPixels

    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print each attempt (status, error, request id, time) on stderr; never a secret.")
    var verbose = false

    /// Words that are not flags: never valid (the image comes on stdin), caught to say so.
    @Argument(help: .hidden)
    var stray: [String] = []

    /// The most a flag may ask for: beyond these, numbers stop meaning anything and start
    /// overflowing (a timeout of 1e300 s, a pixel budget whose buffers Int cannot size).
    public enum Bounds {
        public static let seconds = 86_400.0
        public static let attempts = 1...100
        public static let concurrency = 1...256
        public static let every = 1...1_000_000
        public static let maxResults = 0...Int(Int32.max)
        public static let inputBytes = 1...(1 << 40)
        public static let pixels = 1...(1 << 32)
    }

    public func validate() throws {
        if let word = stray.first {
            let hint = word.hasPrefix("-") ? "" : "; the image goes on stdin (rekfilter -m ARN < \(word))"
            throw ValidationError("unexpected argument '\(word)'\(hint)")
        }
        if let minConfidence, !(minConfidence >= 0 && minConfidence <= 100) {
            throw ValidationError("--min-confidence must be a number from 0 to 100, got \(Self.show(minConfidence))")
        }
        if let maxResults, !Bounds.maxResults.contains(maxResults) {
            throw ValidationError("--max-results must be from 0 to \(Bounds.maxResults.upperBound), got \(maxResults)")
        }
        if let maxAttempts, !Bounds.attempts.contains(maxAttempts) {
            throw ValidationError("--max-attempts must be from 1 to 100, got \(maxAttempts)")
        }
        for (flag, value) in [("--connect-timeout", connectTimeout), ("--timeout", timeout)] {
            guard value.isFinite, value > 0, value <= Bounds.seconds else {
                throw ValidationError("\(flag) must be a number of seconds above 0 and at most \(Int(Bounds.seconds)) (a day), got \(Self.show(value))")
            }
        }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be from 1 to 100, got \(quality)") }
        guard Bounds.inputBytes.contains(maxInputBytes) else {
            throw ValidationError("--max-input-bytes must be from 1 to \(Bounds.inputBytes.upperBound) (1 TiB), got \(maxInputBytes)")
        }
        guard Bounds.pixels.contains(maxPixels) else {
            throw ValidationError("--max-pixels must be from 1 to \(Bounds.pixels.upperBound), got \(maxPixels)")
        }
        if let format, FormatRegistry.named(format) == nil {
            throw ValidationError("unknown format '\(format)' (see --list-formats)")
        }
        if let output {
            try Self.validateOutput(output, format: format)
        }
        if !labels.isEmpty && labelNames.isEmpty {
            throw ValidationError("--labels needs at least one label name (comma-separated)")
        }
        if let s3, S3Location(uri: s3) == nil { throw ValidationError("--s3 wants s3://bucket/key, got '\(s3)'") }
        if s3Version != nil && s3 == nil { throw ValidationError("--s3-version needs --s3") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other") }
        if let concurrency, !Bounds.concurrency.contains(concurrency) {
            throw ValidationError("-j must be from 1 to 256, got \(concurrency)")
        }
        if let every, !Bounds.every.contains(every) {
            throw ValidationError("--every must be from 1 to \(Bounds.every.upperBound), got \(every)")
        }
        if !stream {
            let given = [("-j", concurrency != nil), ("--every", every != nil), ("--on-error", onError != nil)].filter(\.1).map(\.0)
            if !given.isEmpty { throw ValidationError("\(given.joined(separator: ", ")) go\(given.count == 1 ? "es" : "") with --stream") }
        }
        if stream && s3 != nil { throw ValidationError("--s3 names one image; it does not go with --stream") }
        if stream, let name = chosenFormatName, !FormatRegistry.streamable(name) {
            let streaming = FormatRegistry.all.filter(\.streams).map(\.name)
            throw ValidationError("the \(name) format writes one document per picture and has no stream form; "
                + "in --stream use \(streaming.joined(separator: ", "))")
        }
    }

    /// A number as the user would write it: `-1`, `2.5`, `inf`.
    static func show(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && value.magnitude < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// `-o`: a file name (not empty, not a folder) whose extension names a format, unless `-f` does.
    static func validateOutput(_ output: String, format: String?) throws {
        if output.isEmpty { throw ValidationError("-o needs a file name ('-' for stdout)") }
        if output == "-" { return }
        if output.hasSuffix("/") || Files.isDirectory(output) {
            throw ValidationError("-o \(output) is a folder: name a file in it")
        }
        if format == nil, let ext = FormatRegistry.fileExtension(of: output), FormatRegistry.forPath(output) == nil {
            throw ValidationError("no format is known by the extension .\(ext) of -o \(output): give -f (see --list-formats)")
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

    /// The library's view of the command line, with REKFILTER_MODEL as the model's fallback.
    public func options(environment: [String: String]) throws -> Options {
        var o = Options()
        o.model = model ?? environment["REKFILTER_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        if let arn = o.model, !ModelARN.isValid(arn) {
            throw UsageError("malformed model ARN '\(arn)': expected arn:aws:rekognition:REGION:ACCOUNT:project/NAME/version/NAME/NUMBER")
        }
        if let format {
            o.format = FormatRegistry.named(format)!
        } else if let output, output != "-", let implied = FormatRegistry.forPath(output) {
            o.format = implied
        }
        o.output = output
        o.minConfidence = minConfidence
        o.maxResults = maxResults
        o.labels = labels.isEmpty ? nil : labelNames
        o.region = region
        o.profile = profile
        o.endpointURL = endpointURL
        o.fips = fips
        o.s3 = s3.flatMap { S3Location(uri: $0, version: s3Version) }
        o.detectionsFile = detections
        o.maxAttempts = maxAttempts
        o.connectTimeout = connectTimeout
        o.timeout = timeout
        o.formatOptions.jpeg.quality = quality
        o.formatOptions.png.compression = pngCompression
        o.formatOptions.drawing.fontPath = font
        o.formatOptions.svg.embed = svgEmbed
        o.exitStatusOnNoLabels = exitStatus
        o.limits = SafetyLimits(maxInputBytes: maxInputBytes, maxPixels: maxPixels)
        o.verbose = verbose
        o.quiet = quiet
        o.stream = stream
        o.concurrency = concurrency ?? 4
        o.every = every ?? 1
        o.onError = onError ?? .pass
        o.progress = progress
        return o
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension Options.OnError: ExpressibleByArgument {}
extension PNGCodec.Compression: ExpressibleByArgument {}
