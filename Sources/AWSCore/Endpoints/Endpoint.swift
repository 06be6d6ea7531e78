/// Where the Rekognition requests go, and for which region they are signed (README, What it does with your image; docs/command-line.md).
public struct Endpoint: Sendable, Equatable {
    public var url: String
    public var region: String

    public init(url: String, region: String) {
        self.url = url
        self.region = region
    }

    /// A service's regional endpoint, as botocore's endpoint rulesets build it from the region's
    /// partition: `https://{service}[-fips].{region}.{dnsSuffix or dualStackDnsSuffix}`.
    /// STS keeps two old names: `aws-global` is `sts.amazonaws.com`, and FIPS in GovCloud (all
    /// of whose STS is FIPS) is the plain name.
    public static func regional(service: String, region: String, variant: EndpointVariant) throws(ServiceError) -> String {
        guard isValidRegion(region) else {
            throw .configuration("invalid region '\(region)': a region is letters, digits and hyphens, such as eu-west-1")
        }
        let partition = Partition.of(region: region)
        if variant.fips && !partition.supportsFIPS { throw .configuration("FIPS endpoints are not available in \(partition.id)") }
        if variant.dualStack && !partition.supportsDualStack {
            throw .configuration("dual-stack endpoints are not available in \(partition.id)")
        }
        let suffix = variant.dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix
        var name = variant.fips ? service + "-fips" : service
        if service == "sts" && !variant.dualStack {
            if region == "aws-global" && !variant.fips { return "https://sts.amazonaws.com" }
            if variant.fips && partition.id == "aws-us-gov" { name = service }
        }
        return "https://\(name).\(region).\(suffix)"
    }

    /// S3's virtual-hosted endpoint for `bucket`: `s3`, `s3-fips`, `s3.dualstack`,
    /// `s3-fips.dualstack` in the region's partition (S3 keeps its own dual-stack names).
    public static func s3(bucket: String, region: String, variant: EndpointVariant) -> String {
        let service = (variant.fips ? "s3-fips" : "s3") + (variant.dualStack ? ".dualstack" : "")
        return "https://\(bucket).\(service).\(region).\(Partition.of(region: region).dnsSuffix)"
    }

    /// IAM Identity Center's endpoints (`portal.sso` for role credentials, `oidc` for token
    /// renewal): no FIPS or dual-stack names, the region's partition.
    public static func sso(_ service: String, region: String) -> String {
        "https://\(service).\(region).\(Partition.of(region: region).dnsSuffix)"
    }

    /// A region name as botocore accepts it: a DNS label (letters, digits, inner hyphens).
    public static func isValidRegion(_ region: String) -> Bool {
        let scalars = Array(region.unicodeScalars)
        guard (1...63).contains(scalars.count), scalars.first != "-", scalars.last != "-" else { return false }
        return scalars.allSatisfy {
            $0.isASCII && (("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-")
        }
    }

    /// `service`'s endpoint. Region: `--region`, AWS_REGION, AWS_DEFAULT_REGION, the profile's
    /// `region`, else `fallbackRegion` (the region a resource's ARN names). Endpoint:
    /// `--endpoint-url`, else the configured one (`AWSEnvironment.configuredEndpoint`), else
    /// the regional one for `variant`. As in botocore, FIPS or dual-stack with an explicit
    /// endpoint is a configuration error.
    public static func resolve(
        service: String, region flagRegion: String?, endpointURL flagURL: String?,
        variant flags: EndpointVariant = EndpointVariant(), fallbackRegion: String? = nil, env: AWSEnvironment
    ) throws(ServiceError) -> Endpoint {
        guard let region = env.region(flag: flagRegion) ?? fallbackRegion else {
            throw .configuration("no region: give --region, set AWS_REGION, or configure one in the profile")
        }
        // Checked whatever the endpoint: the region is signed into every request (a CR/LF in it
        // would be a header line of its own).
        guard isValidRegion(region) else {
            throw .configuration("invalid region '\(region)': a region is letters, digits and hyphens, such as eu-west-1")
        }
        let variant = env.endpointVariant(fips: flags.fips, dualStack: flags.dualStack)
        if let url = flagURL ?? env.configuredEndpoint(service: service.uppercased()) {
            guard URLParts(url) != nil else { throw .configuration("invalid endpoint URL \(url)") }
            if variant.fips || variant.dualStack {
                throw .configuration(
                    "\(variant.fips ? "FIPS" : "dual-stack") endpoints do not go with an endpoint URL (\(url)): "
                        + "drop one (AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT and the profile count too)")
            }
            return Endpoint(url: url, region: region)
        }
        return Endpoint(url: try regional(service: service, region: region, variant: variant), region: region)
    }
}
