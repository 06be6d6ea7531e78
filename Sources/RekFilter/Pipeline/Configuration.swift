import AWSCore

/// Everything a run needs, as the command line gave it (docs/command-line.md), in the groups the command
/// line shows: the service, the output, the stream, the safety limits. Built by the CLI, read
/// by the driver.
public struct Configuration: Sendable, Equatable {
    public var service = ServiceConfiguration()
    public var output = OutputConfiguration()
    public var stream = StreamConfiguration()
    public var limits = SafetyLimits.default
    /// `--tile`: detect in tiles of the full-resolution picture (README, Tiles); nil: the picture whole.
    public var tiles: TileConfiguration?
    /// `--detections FILE`: replay saved detections instead of calling anything.
    public var detectionsFile: String?
    public var verbose = false
    public var quiet = false

    public init() {}
}

/// What detects, which model, where, and how patiently.
public struct ServiceConfiguration: Sendable, Equatable {
    /// `--detect NAME`: `custom-labels`, or a detector plugin's name.
    public var detector = DetectCustomLabels.detectorName
    /// The detector plugin `detector` names, as its handshake described it.
    public var detectorPlugin: PluginInfo?
    /// `-O KEY=VALUE` for a detector plugin, in order.
    public var pluginOptions: [PluginOption] = []
    public var model: String?
    /// `--text-level` for the text detector.
    public var textLevel = DetectText.Level.line
    /// `--attributes` for the faces detector.
    public var faceAttributes = ["DEFAULT"]
    /// `--required-equipment` for the ppe detector.
    public var requiredEquipment: [String] = []
    public var minConfidence: Double?
    public var maxResults: Int?
    public var region: String?
    public var profile: String?
    public var endpointURL: String?
    public var fips = false
    /// `--dualstack`: the dual-stack (IPv4 and IPv6) endpoint.
    public var dualStack = false
    /// Send this S3 object instead of bytes.
    public var s3: S3Location?
    /// `--cache DIR`: keep each answer there and serve it again without a call; nil: no cache.
    public var cacheDirectory: String?
    public var maxAttempts: Int?
    public var connectTimeout: Double = 5
    public var timeout: Double = 60

    public init() {}
}

/// What is written, and where.
public struct OutputConfiguration: Sendable, Equatable {
    public var format: FormatDescriptor = PNGFormat.descriptor
    /// `-o FILE`; nil or `-` for stdout.
    public var path: String?
    public var formatOptions = FormatOptions()
    /// Keep only these label names (client side).
    public var labels: Set<String>?
    /// `--thresholds`: per label the lowest confidence kept.
    public var thresholds: LabelThresholds?
    /// `-e`: exit 1 when no label was kept.
    public var exitStatusOnNoLabels = false

    public init() {}
}

/// `--stream` and what goes with it.
public struct StreamConfiguration: Sendable, Equatable {
    public var enabled = false
    /// Requests in flight at most (`-j`).
    public var concurrency = 4
    /// Call the service on every Nth frame only.
    public var every = 1
    public var onError = OnError.pass
    /// Progress line on stderr; nil = only when stderr is a terminal.
    public var progress: Bool?
    /// `--track`: follow objects from frame to frame (README, Tracks).
    public var track = false
    /// `--track-buffer`: frames a lost track is kept.
    public var trackBuffer = 30

    /// What to do with a frame that fails after its retries.
    public enum OnError: String, Sendable, CaseIterable {
        /// Write it undrawn (default).
        case pass
        /// Leave it out.
        case skip
        /// Stop the stream (frames before it are written).
        case abort
    }

    public init() {}
}
