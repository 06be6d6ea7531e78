import Foundation
import TestSupport
import Testing

@testable import RekFilter

@Suite struct ModelVersionARNTests {
    @Test(arguments: [
        "arn:aws:rekognition:us-east-1:123456789012:project/widgets/version/widgets.2024-01-01T00.00.00/1700000000000",
        "arn:aws-cn:rekognition:cn-north-1:123456789012:project/a_b-c.d/version/v/1",
    ])
    func valid(_ arn: String) { #expect(ModelVersionARN.isValid(arn)) }

    @Test(arguments: [
        "", "arn:aws:s3:us-east-1:123456789012:project/p/version/v/1",
        "arn:aws:rekognition:us-east-1:12345678901:project/p/version/v/1",
        "arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/x",
        "arn:aws:rekognition:us-east-1:123456789012:project/p/version/v",
        "arn:aws:rekognition:US-EAST-1:123456789012:project/p/version/v/1",
        "arn:aws:rekognition:us-east-1:123456789012:project/p q/version/v/1",
        "arn:aws:rekognition:us-east-1:123456789012:project//version/v/1",
    ])
    func invalid(_ arn: String) { #expect(!ModelVersionARN.isValid(arn)) }

    @Test func regionComesFromTheARN() {
        #expect(ModelVersionARN.region("arn:aws:rekognition:ap-southeast-2:123456789012:project/p/version/v/1") == "ap-southeast-2")
    }
}
