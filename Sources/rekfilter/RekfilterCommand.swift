import ArgumentParser
import RekFilter

/// The flags (SPEC §2). Parsing and validation only: `options` hands them to the library.
struct RekfilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
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

    @Option(name: .customLong("min-confidence"), help: ArgumentHelp("Minimum confidence, 0–100, sent to the service.", valueName: "n"))
    var minConfidence: Double?

    @Option(name: .customLong("max-results"), help: ArgumentHelp("Most labels the service returns.", valueName: "n"))
    var maxResults: Int?

    @Option(name: .customLong("labels"), help: ArgumentHelp("Keep only these label names (comma-separated).", valueName: "a,b"))
    var labels: String?

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

    @Option(name: [.customShort("j"), .customLong("concurrency")], help: ArgumentHelp("Stream mode: requests in flight at most (lowered automatically while throttled).", valueName: "n"))
    var concurrency: Int = 4

    @Option(help: ArgumentHelp("Stream mode: call the service on every Nth frame; the frames between reuse its detections.", valueName: "n"))
    var every: Int = 1

    @Option(name: .customLong("on-error"), help: ArgumentHelp("Stream mode, a frame that fails after retries: pass (write it undrawn), skip, abort.", valueName: "pass|skip|abort"))
    var onError: String = "pass"

    @Flag(inversion: .prefixedNo, help: "Progress line on stderr (default: only when stderr is a terminal).")
    var progress: Bool?

    @Option(name: .customLong("max-attempts"), help: ArgumentHelp("Attempts per request (else AWS_MAX_ATTEMPTS, else 3).", valueName: "n"))
    var maxAttempts: Int?

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to connect, per attempt.", valueName: "s"))
    var connectTimeout: Double = 5

    @Option(help: ArgumentHelp("Seconds per attempt.", valueName: "s"))
    var timeout: Double = 60

    @Option(help: ArgumentHelp("JPEG output quality.", valueName: "q"))
    var quality: Int = 90

    @Option(name: .customLong("png-compression"), help: ArgumentHelp("PNG output: fast (zlib 1, default) or small (zlib 9, adaptive filters).", valueName: "fast|small"))
    var pngCompression: String = "fast"

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

    @Option(name: .customLong("max-input-bytes"), help: ArgumentHelp("Refuse input larger than this.", valueName: "n"))
    var maxInputBytes: Int = SafetyLimits.default.maxInputBytes

    @Option(name: .customLong("max-pixels"), help: ArgumentHelp("Refuse images whose header declares more pixels.", valueName: "n"))
    var maxPixels: Int = SafetyLimits.default.maxPixels

    @Flag(name: .shortAndLong, help: "Print nothing on stderr but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print each attempt (status, error, request id, time) on stderr; never a secret.")
    var verbose = false

    func validate() throws {
        if let minConfidence, !(0...100).contains(minConfidence) { throw ValidationError("--min-confidence must be between 0 and 100") }
        if let maxResults, maxResults < 0 { throw ValidationError("--max-results must be 0 or more") }
        if let maxAttempts, maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
        guard connectTimeout > 0, timeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be between 1 and 100") }
        guard PNGCodec.Compression(rawValue: pngCompression) != nil else { throw ValidationError("--png-compression is fast or small") }
        guard maxInputBytes > 0 else { throw ValidationError("--max-input-bytes must be positive") }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
        if let format, OutputFormats.named(format) == nil {
            throw ValidationError("unknown format '\(format)' (see --list-formats)")
        }
        if let s3, S3Location(uri: s3) == nil { throw ValidationError("--s3 wants s3://bucket/key, got '\(s3)'") }
        if s3Version != nil && s3 == nil { throw ValidationError("--s3-version needs --s3") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other") }
        guard (1...256).contains(concurrency) else { throw ValidationError("-j must be between 1 and 256") }
        guard every >= 1 else { throw ValidationError("--every must be at least 1") }
        guard Options.OnError(rawValue: onError) != nil else { throw ValidationError("--on-error is pass, skip or abort") }
        if !stream && (every != 1 || onError != "pass") { throw ValidationError("--every and --on-error go with --stream") }
        if stream && s3 != nil { throw ValidationError("--s3 names one image; it does not go with --stream") }
    }

    /// The library's view of the command line, with REKFILTER_MODEL as the model's fallback.
    func options(environment: [String: String]) throws -> Options {
        var o = Options()
        o.model = model ?? environment["REKFILTER_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        if let arn = o.model, !ModelARN.isValid(arn) {
            throw UsageError("malformed model ARN '\(arn)': expected arn:aws:rekognition:REGION:ACCOUNT:project/NAME/version/NAME/NUMBER")
        }
        if let format {
            o.format = OutputFormats.named(format)!
        } else if let output, output != "-", let implied = OutputFormats.forPath(output) {
            o.format = implied
        }
        o.output = output
        o.minConfidence = minConfidence
        o.maxResults = maxResults
        o.labels = labels.map { Set($0.split(separator: ",").map { String($0).trimmingSpaces() }) }
        o.region = region
        o.profile = profile
        o.endpointURL = endpointURL
        o.fips = fips
        o.s3 = s3.flatMap { S3Location(uri: $0, version: s3Version) }
        o.detectionsFile = detections
        o.maxAttempts = maxAttempts
        o.connectTimeout = connectTimeout
        o.timeout = timeout
        o.formatSettings.jpegQuality = quality
        o.formatSettings.pngCompression = PNGCodec.Compression(rawValue: pngCompression) ?? .fast
        o.formatSettings.fontPath = font
        o.formatSettings.embedImage = svgEmbed
        o.exitStatusOnNoLabels = exitStatus
        o.limits = SafetyLimits(maxInputBytes: maxInputBytes, maxPixels: maxPixels)
        o.verbose = verbose
        o.quiet = quiet
        o.stream = stream
        o.concurrency = concurrency
        o.every = every
        o.onError = Options.OnError(rawValue: onError) ?? .pass
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
