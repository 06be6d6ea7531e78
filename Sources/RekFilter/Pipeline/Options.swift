/// Everything a run needs, as the command line gave it (SPEC §2). Built by the CLI, read by the pipelines.
public struct Options: Sendable {
    public var model: String?
    public var format: FormatDescriptor = PNGFormat.descriptor
    public var output: String?
    public var minConfidence: Double?
    public var maxResults: Int?
    /// Keep only these label names (client side).
    public var labels: Set<String>?
    public var region: String?
    public var profile: String?
    public var endpointURL: String?
    public var fips = false
    public var s3: S3Location?
    public var detectionsFile: String?
    public var maxAttempts: Int?
    public var connectTimeout: Double = 5
    public var timeout: Double = 60
    public var formatOptions = FormatOptions()
    public var exitStatusOnNoLabels = false
    public var limits = SafetyLimits.default
    public var verbose = false
    public var quiet = false

    // Stream mode (SPEC §2).
    public var stream = false
    /// Requests in flight at most (`-j`).
    public var concurrency = 4
    /// Call the service on every Nth frame only.
    public var every = 1
    public var onError = OnError.pass
    /// Progress line on stderr; nil = only when stderr is a terminal.
    public var progress: Bool?

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

