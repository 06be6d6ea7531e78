/// Every setting rekfilter takes from the AWS configuration, resolved one way, as botocore's
/// config chain does (README, Credentials, region, endpoint): the command line's flag, then the environment variable(s), then
/// the profile's key (botocore merges the credentials file's section over the config file's,
/// so a key there wins), then the default. One helper instead
/// of a hand-written chain per setting, which is how settings drift apart.
extension AWSEnvironment {
    /// The raw value of a setting (empty values count as unset, as in botocore).
    public func setting(flag: String? = nil, env names: [String], config key: String?) -> String? {
        if let flag { return flag }
        for name in names { if let value = env(name) { return value } }
        guard let key else { return nil }
        return value(key)
    }

    /// A boolean setting: true only when it says `true` (any case), as botocore's `ensure_boolean`.
    public func isEnabled(flag: Bool = false, env name: String, config key: String) -> Bool {
        flag || setting(env: [name], config: key)?.lowercased() == "true"
    }

    /// An integer setting; a value that is not a number is a configuration error naming where it
    /// came from (botocore refuses it too, rather than ignoring it).
    public func integer(flag: Int? = nil, env name: String, config key: String) throws(ServiceError) -> Int? {
        if let flag { return flag }
        guard let text = setting(env: [name], config: key) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: " \t")) else {
            let place = env(name) != nil ? name : "\(key) in profile \(profile) (\(configPath))"
            throw .configuration("\(place) must be an integer, got '\(text)'")
        }
        return value
    }

    /// The region: `--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`.
    public func region(flag: String? = nil) -> String? {
        setting(flag: flag ?? regionFlag, env: ["AWS_REGION", "AWS_DEFAULT_REGION"], config: "region")
    }

    /// A service's configured endpoint (`AWS_ENDPOINT_URL_<ID>`, AWS_ENDPOINT_URL, the profile's
    /// `[services]` section, its `endpoint_url`), unless configured endpoints are ignored.
    /// `id` is the service's id as botocore spells it in variables: REKOGNITION, STS, S3, SSO, SSO_OIDC.
    public func configuredEndpoint(service id: String) -> String? {
        if isEnabled(env: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", config: "ignore_configured_endpoint_urls") { return nil }
        if let url = env("AWS_ENDPOINT_URL_\(id)") ?? env("AWS_ENDPOINT_URL") { return url }
        if let services = configSection(profile)?["services"],
            let url = self.services[services]?["\(id.lowercased()).endpoint_url"], !url.isEmpty
        {
            return url
        }
        return configSection(profile)?["endpoint_url"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// FIPS and dual-stack endpoints (`--fips`/`--dualstack`, AWS_USE_FIPS_ENDPOINT, …).
    public func endpointVariant(fips: Bool = false, dualStack: Bool = false) -> EndpointVariant {
        EndpointVariant(
            fips: isEnabled(flag: fips || variantFlags.fips, env: "AWS_USE_FIPS_ENDPOINT", config: "use_fips_endpoint"),
            dualStack: isEnabled(
                flag: dualStack || variantFlags.dualStack, env: "AWS_USE_DUALSTACK_ENDPOINT", config: "use_dualstack_endpoint"))
    }
}

/// Which of a service's regional endpoints: FIPS, dual-stack (IPv4 and IPv6), both or neither.
public struct EndpointVariant: Sendable, Equatable {
    public var fips = false
    public var dualStack = false

    public init(fips: Bool = false, dualStack: Bool = false) {
        self.fips = fips
        self.dualStack = dualStack
    }
}
