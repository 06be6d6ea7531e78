import AWSCore

/// The service side of a run, resolved once from options and environment: endpoint, region,
/// credentials (cached and refreshed), retry policy. Makes one client per worker.
public struct ServiceSession: Sendable {
    public let env: AWSEnvironment
    public let endpoint: Endpoint
    public let credentials: CredentialCache
    public let retry: RetryPolicy
    public let http: HTTPSettings
    public let log: (@Sendable (String) -> Void)?
    /// The detection cache, shared by the run's clients.
    public let cache: DetectionCache?

    /// From the service settings alone (the filter's and `rekfilter model`'s): `verbose` logs
    /// every attempt, `quiet` keeps warnings off stderr.
    public init(
        service: ServiceConfiguration, variables: [String: String], diagnostics: any Diagnostics, verbose: Bool = false, quiet: Bool = false
    ) throws(ServiceError) {
        var env = AWSEnvironment(variables: variables, profile: service.profile)
        env.regionFlag = service.region
        env.variantFlags = EndpointVariant(fips: service.fips, dualStack: service.dualStack)
        if let problem = env.fileError { throw .configuration(problem) }
        // As botocore: a profile named by --profile or AWS_PROFILE must exist, whatever else is set.
        if let named = env.namedProfile, !env.hasProfile(named) {
            throw .configuration("the config profile '\(named)' could not be found in \(env.configPath) or \(env.credentialsPath)")
        }
        self.env = env
        endpoint = try Endpoint.resolve(
            service: "rekognition",
            region: service.region, endpointURL: service.endpointURL,
            variant: EndpointVariant(fips: service.fips, dualStack: service.dualStack),
            fallbackRegion: service.model.flatMap(ModelVersionARN.region), env: env)
        var http = HTTPSettings()
        http.userAgent = "rekfilter/\(RekFilterVersion.string)"
        http.connectTimeout = service.connectTimeout
        http.timeout = service.timeout
        http.caBundle = env.setting(env: ["AWS_CA_BUNDLE"], config: "ca_bundle")
        if env.env("http_proxy") == nil { http.httpProxy = env.env("HTTP_PROXY") }
        self.http = http
        credentials = CredentialCache(chain: CredentialChain.standard(env, http: http))
        let attempts = try env.integer(flag: service.maxAttempts, env: "AWS_MAX_ATTEMPTS", config: "max_attempts") ?? 3
        guard (1...100).contains(attempts) else { throw .configuration("max attempts must be from 1 to 100, got \(attempts)") }
        retry = RetryPolicy(
            maxAttempts: attempts, mode: try RetryPolicy.mode(env.setting(env: ["AWS_RETRY_MODE"], config: "retry_mode")),
            backoffScale: env.env("REKFILTER_BACKOFF_SCALE").flatMap { Double($0) } ?? 1)
        let log: @Sendable (String) -> Void = { diagnostics.verbose($0) }
        self.log = verbose ? log : nil
        cache = service.cacheDirectory.map { DetectionCache(root: $0, warn: { diagnostics.warning($0) }) }
        if !quiet { env.permissionWarnings().forEach(diagnostics.warning) }
        if let url = URLParts(endpoint.url), url.scheme == "http", !url.isLoopback {
            diagnostics.warning("plain-http endpoint \(endpoint.url): requests and credentials' signatures travel unencrypted")
        }
    }

    public func makeClient(sharing pool: ConnectionPool? = nil, gate: (any RequestGate)? = nil) throws(ServiceError) -> RekognitionClient {
        try RekognitionClient(
            endpoint: endpoint, credentials: credentials, retry: gate.map { GatedRetry(base: retry, gate: $0) } ?? retry,
            http: HTTPClient(settings: http, share: pool), cache: cache, log: log)
    }

    /// An S3 client in the run's region, with the run's credentials and retry policy.
    public func makeS3Client() -> S3Client {
        S3Client(region: endpoint.region, env: env, credentials: credentials, http: http, retry: retry, log: log)
    }
}
