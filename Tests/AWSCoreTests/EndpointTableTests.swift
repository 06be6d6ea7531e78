import Foundation
import TestSupport
import Testing

@testable import AWSCore

/// The endpoints rekfilter builds, row by row against the table generated from botocore's own
/// endpoint rulesets for Rekognition and STS (`Tests/Data/endpoints.json`; regenerate with
/// `python3 scripts/endpoint-table.py > Tests/Data/endpoints.json`): every partition's regions,
/// one region per partition known only by its pattern, and an unknown one, × FIPS × dual-stack.
@Suite struct EndpointTableTests {
    struct Row: Decodable {
        var service: String
        var region: String
        var fips: Bool
        var dualstack: Bool
        var url: String?
        var error: String?
    }

    static let rows: [Row] = {
        struct Table: Decodable { var rows: [Row] }
        let url = TestData.projectRoot.appendingPathComponent("Tests/Data/endpoints.json")
        return (try? JSONDecoder().decode(Table.self, from: Data(contentsOf: url)).rows) ?? []
    }()

    @Test func theTableCoversEveryPartitionAndVariant() {
        #expect(Self.rows.count >= 400)
        let partitions = Set(Self.rows.map { Partition.of(region: $0.region).id })
        #expect(partitions == Set(Partition.all.map(\.id)))
    }

    @Test func everyRowAgreesWithBotocore() throws {
        var disagreements: [String] = []
        for row in Self.rows {
            let variant = EndpointVariant(fips: row.fips, dualStack: row.dualstack)
            let ours = try? Endpoint.regional(service: row.service, region: row.region, variant: variant)
            if ours != row.url {
                disagreements.append(
                    "\(row.service) \(row.region) fips=\(row.fips) dualstack=\(row.dualstack): botocore \(row.url ?? row.error ?? "?"), ours \(ours ?? "error")"
                )
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10).joined(separator: "\n"))")
    }

    @Test func theSettingsChooseTheVariant() throws {
        let env = AWSEnvironment(variables: ["AWS_USE_DUALSTACK_ENDPOINT": "true", "HOME": "/nonexistent"])
        let endpoint = try Endpoint.resolve(service: "rekognition", region: "us-iso-east-1", endpointURL: nil, env: env)
        #expect(endpoint.url == "https://rekognition.us-iso-east-1.api.aws.ic.gov")
        let both = try Endpoint.resolve(
            service: "rekognition",
            region: "cn-north-1", endpointURL: nil, variant: EndpointVariant(fips: true), env: env)
        #expect(both.url == "https://rekognition-fips.cn-north-1.api.amazonwebservices.com.cn")
        #expect(throws: ServiceError.self) {
            try Endpoint.resolve(service: "rekognition", region: "eu-west-1", endpointURL: "http://127.0.0.1:1", env: env)
        }
        #expect(throws: ServiceError.self) {
            try Endpoint.resolve(service: "rekognition", region: "eu west 1", endpointURL: nil, env: AWSEnvironment(variables: [:]))
        }
    }
}
