/// Everything a run needs, as the command line gave it (SPEC §2). Built by the CLI, read by the pipelines.
public struct Options: Sendable {
    public var model: String?
    public var format: any OutputFormat.Type = PNGFormat.self
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
    public var formatSettings = FormatSettings()
    public var exitStatusOnNoLabels = false
    public var limits = SafetyLimits.default
    public var verbose = false
    public var quiet = false

    public init() {}
}

