/// An AWS partition: which regions it holds, and the DNS suffixes of its endpoints. The table
/// is carried from botocore's `data/partitions.json` (botocore 1.43) — facts, not rules of ours;
/// `Tests/Data/endpoints.json`, generated from botocore's rulesets, checks every row of it.
public struct Partition: Sendable {
    public let id: String
    /// The pattern of its regions' names (as botocore matches it).
    public let regionPattern: String
    public let dnsSuffix: String
    public let dualStackDnsSuffix: String
    public let supportsFIPS: Bool
    public let supportsDualStack: Bool
    /// The regions it names (a region in no list is matched by `regionPattern`).
    public let regions: Set<String>

    public static let all: [Partition] = [
        Partition(
            id: "aws", regionPattern: #"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$"#, dnsSuffix: "amazonaws.com",
            dualStackDnsSuffix: "api.aws", supportsFIPS: true, supportsDualStack: true,
            regions: [
                "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
                "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
                "ap-southeast-7", "aws-global", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
                "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
                "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            ]),
        Partition(
            id: "aws-cn", regionPattern: #"^cn\-\w+\-\d+$"#, dnsSuffix: "amazonaws.com.cn",
            dualStackDnsSuffix: "api.amazonwebservices.com.cn", supportsFIPS: true, supportsDualStack: true,
            regions: ["aws-cn-global", "cn-north-1", "cn-northwest-1"]),
        Partition(
            id: "aws-eusc", regionPattern: #"^eusc\-(de)\-\w+\-\d+$"#, dnsSuffix: "amazonaws.eu",
            dualStackDnsSuffix: "api.amazonwebservices.eu", supportsFIPS: true, supportsDualStack: true,
            regions: ["eusc-de-east-1"]),
        Partition(
            id: "aws-iso", regionPattern: #"^us\-iso\-\w+\-\d+$"#, dnsSuffix: "c2s.ic.gov",
            dualStackDnsSuffix: "api.aws.ic.gov", supportsFIPS: true, supportsDualStack: true,
            regions: ["aws-iso-global", "us-iso-east-1", "us-iso-west-1"]),
        Partition(
            id: "aws-iso-b", regionPattern: #"^us\-isob\-\w+\-\d+$"#, dnsSuffix: "sc2s.sgov.gov",
            dualStackDnsSuffix: "api.aws.scloud", supportsFIPS: true, supportsDualStack: true,
            regions: ["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"]),
        Partition(
            id: "aws-iso-e", regionPattern: #"^eu\-isoe\-\w+\-\d+$"#, dnsSuffix: "cloud.adc-e.uk",
            dualStackDnsSuffix: "api.cloud-aws.adc-e.uk", supportsFIPS: true, supportsDualStack: true,
            regions: ["aws-iso-e-global", "eu-isoe-west-1"]),
        Partition(
            id: "aws-iso-f", regionPattern: #"^us\-isof\-\w+\-\d+$"#, dnsSuffix: "csp.hci.ic.gov",
            dualStackDnsSuffix: "api.aws.hci.ic.gov", supportsFIPS: true, supportsDualStack: true,
            regions: ["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"]),
        Partition(
            id: "aws-us-gov", regionPattern: #"^us\-gov\-\w+\-\d+$"#, dnsSuffix: "amazonaws.com",
            dualStackDnsSuffix: "api.aws", supportsFIPS: true, supportsDualStack: true,
            regions: ["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"]),
    ]

    /// The region's partition, as botocore's `aws.partition` finds it: a listed region first,
    /// then the first pattern that matches, else `aws`.
    public static func of(region: String) -> Partition {
        if let listed = all.first(where: { $0.regions.contains(region) }) { return listed }
        return all.first { $0.matches(region) } ?? all[0]
    }

    package func matches(_ region: String) -> Bool {
        guard let regex = try? Regex(regionPattern) else { return false }
        return (try? regex.wholeMatch(in: region)) != nil
    }
}
