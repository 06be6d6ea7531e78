/// Where the Rekognition requests go, and for which region they are signed (SPEC §1, §2).
public struct Endpoint: Sendable, Equatable {
    public var url: String
    public var region: String

    /// `amazonaws.com`, or `amazonaws.com.cn` in the China regions.
    public static func dnsSuffix(region: String) -> String {
        region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }

    /// Region: `--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`, else the
    /// region in the model ARN. Endpoint: `--endpoint-url`, AWS_ENDPOINT_URL_REKOGNITION,
    /// AWS_ENDPOINT_URL, the profile's `[services]` section or `endpoint_url`, else the
    /// regional (or FIPS) endpoint.
    public static func resolve(
        region flagRegion: String?, endpointURL flagURL: String?, fips flagFIPS: Bool,
        modelARN: String?, env: AWSEnvironment
    ) throws(ServiceError) -> Endpoint {
        guard
            let region = flagRegion ?? env.env("AWS_REGION") ?? env.env("AWS_DEFAULT_REGION")
                ?? env.value("region") ?? modelARN.flatMap(ModelARN.region)
        else {
            throw .configuration("no region: give --region, set AWS_REGION, or configure one in the profile")
        }
        let ignoreConfigured = env.env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.lowercased() == "true"
        var configured: String? = nil
        if !ignoreConfigured {
            configured = env.env("AWS_ENDPOINT_URL_REKOGNITION") ?? env.env("AWS_ENDPOINT_URL")
            if configured == nil, let services = env.configSection(env.profile)?["services"] {
                configured = env.config.sections["services \(services)"]?["rekognition.endpoint_url"]
            }
            if configured == nil { configured = env.configSection(env.profile)?["endpoint_url"] }
        }
        if let url = flagURL ?? configured {
            guard URLParts(url) != nil else { throw .configuration("invalid endpoint URL \(url)") }
            return Endpoint(url: url, region: region)
        }
        let fips =
            flagFIPS || env.env("AWS_USE_FIPS_ENDPOINT")?.lowercased() == "true"
            || env.value("use_fips_endpoint")?.lowercased() == "true"
        let host = (fips ? "rekognition-fips" : "rekognition") + ".\(region).\(dnsSuffix(region: region))"
        return Endpoint(url: "https://\(host)", region: region)
    }
}
