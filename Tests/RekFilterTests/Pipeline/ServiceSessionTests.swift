import Foundation
import TestSupport
import Testing

@testable import AWSCore
@testable import RekFilter

@Suite struct ServiceSessionTests {
    @Test func anUnparsableFileIsAConfigurationErrorNamingIt() throws {
        let home = try AWSHome(credentials: "[default]\naws_access_key_id = A\naws_access_key_id = B\naws_secret_access_key = s\n")
        #expect {
            try ServiceSession(
                service: ServiceConfiguration(), variables: home.environment(["AWS_REGION": "eu-west-1"]).variables,
                diagnostics: CollectedDiagnostics())
        } throws: {
            "\($0)".contains(".aws/credentials, line 3") && "\($0)".contains("aws_access_key_id")
        }
    }

    @Test func requestsNameTheToolAndItsVersion() throws {
        let home = try AWSHome()
        let session = try ServiceSession(
            service: ServiceConfiguration(), variables: home.environment(["AWS_REGION": "eu-west-1"]).variables,
            diagnostics: CollectedDiagnostics())
        #expect(session.http.userAgent == "rekfilter/\(RekFilterVersion.string)")
    }
}
