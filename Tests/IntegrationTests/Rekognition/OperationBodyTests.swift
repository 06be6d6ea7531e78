import Foundation
import TestSupport
import Testing

@testable import AWSCore
@testable import RekFilter

/// Every operation's request body, checked against botocore's service model for Rekognition
/// (installed with moto): every member is one the operation declares, of the declared type, down
/// through nested structures; every required member is there.
@Suite struct OperationBodyTests {
    /// The input shape of each operation, expanded: {"type": …, "members": {…}, "required": […], "member": …}.
    nonisolated(unsafe) static let model: [String: Any] = {  // written once, then only read
        let script = """
            import botocore, gzip, json, os, sys
            path = os.path.join(os.path.dirname(botocore.__file__), "data/rekognition/2016-06-27/service-2.json.gz")
            model = json.load(gzip.open(path))
            shapes = model["shapes"]
            def expand(name, depth=0):
                shape = shapes[name]
                out = {"type": shape["type"]}
                if shape["type"] == "structure" and depth < 6:
                    out["members"] = {k: expand(v["shape"], depth + 1) for k, v in shape["members"].items()}
                    out["required"] = shape.get("required", [])
                if shape["type"] == "list" and depth < 6:
                    out["member"] = expand(shape["member"]["shape"], depth + 1)
                if "enum" in shape:
                    out["enum"] = shape["enum"]
                return out
            ops = sys.argv[1:]
            print(json.dumps({op: expand(model["operations"][op]["input"]["shape"]) for op in ops}))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c", script, "DetectCustomLabels", "DetectLabels", "DetectFaces", "DetectText",
            "DetectProtectiveEquipment", "DetectModerationLabels", "RecognizeCelebrities", "DescribeProjects",
            "DescribeProjectVersions", "StartProjectVersion", "StopProjectVersion",
        ]
        let out = Pipe()
        p.standardOutput = out
        try! p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }()

    /// Where `value` breaks `shape`, if anywhere.
    func problems(_ value: Any, _ shape: [String: Any], at path: String) -> [String] {
        switch shape["type"] as? String {
        case "structure":
            guard let object = value as? [String: Any] else { return ["\(path) is not an object"] }
            let members = shape["members"] as? [String: [String: Any]] ?? [:]
            var found = (shape["required"] as? [String] ?? []).filter { object[$0] == nil }.map { "\(path).\($0) is required" }
            for (key, member) in object {
                guard let memberShape = members[key] else {
                    found.append("\(path).\(key) is not a member")
                    continue
                }
                found += problems(member, memberShape, at: "\(path).\(key)")
            }
            return found
        case "list":
            guard let array = value as? [Any] else { return ["\(path) is not a list"] }
            return array.enumerated().flatMap {
                problems($0.element, shape["member"] as? [String: Any] ?? [:], at: "\(path)[\($0.offset)]")
            }
        case "string":
            guard let text = value as? String else { return ["\(path) is not a string"] }
            if let allowed = shape["enum"] as? [String], !allowed.contains(text) { return ["\(path) = \(text) is not one of \(allowed)"] }
            return []
        case "integer", "long": return value is Int ? [] : ["\(path) is not an integer"]
        case "float", "double": return value is NSNumber ? [] : ["\(path) is not a number"]
        case "blob": return value is String ? [] : ["\(path) is not base64"]
        case "boolean": return value is Bool ? [] : ["\(path) is not a boolean"]
        default: return []
        }
    }

    func check(_ name: String, _ body: RequestBody) throws {
        let shape = try #require(Self.model[name] as? [String: Any], "botocore's model has \(name)")
        let value = try JSONSerialization.jsonObject(with: Data(body.bytes))
        #expect(problems(value, shape, at: name) == [])
        #expect(body.sha256 == SigV4Signer.hexSHA256(body.bytes))
    }

    /// Pictures from 1 MiB up are encoded on a second thread and hashed behind it: the body is
    /// still the picture's base64 (as Foundation writes it) in its place, and its hash the
    /// body's — below the size, at it, and across the pieces' edges and padding.
    @Test func aBigPictureEncodedBesideItsHashIsTheSameBody() throws {
        let from = RequestBody.hashedBesideFrom
        let noise = try #require(FileHandle(forReadingAtPath: "/dev/urandom")).readData(ofLength: (4 << 20) + 5)
        for size in [from - 1, from, from + 1, from + 2, 192 * 1024 * 7 - 1, 192 * 1024 * 7, (4 << 20) + 5] {
            let picture = [UInt8](noise.prefix(size))
            let body = RequestBody.image(.bytes(picture), members: [#""MaxResults":3"#])
            let expected = #"{"Image":{"Bytes":""# + Data(picture).base64EncodedString() + #""},"MaxResults":3}"#
            #expect(body.bytes == Array(expected.utf8), "\(size) bytes")
            #expect(body.sha256 == SigV4Signer.hexSHA256(body.bytes), "\(size) bytes")
        }
    }

    static let image = ImageReference.bytes(Array(repeating: 7, count: 100))
    static let s3 = ImageReference.s3(S3Location(bucket: "b", key: "k.jpg", version: "v1"))

    @Test(arguments: [image, s3])
    func everyOperationsBodyMatchesTheServiceModel(_ image: ImageReference) throws {
        let arn = "arn:aws:rekognition:eu-west-1:123456789012:project/p/version/v/1"
        try check("DetectCustomLabels", DetectCustomLabels(modelARN: arn, image: image, minConfidence: 50, maxResults: 10).body())
        try check("DetectLabels", DetectLabels(image: image, maxLabels: 10, minConfidence: 55.5).body())
        try check("DetectFaces", DetectFaces(image: image, attributes: ["ALL"]).body())
        try check("DetectFaces", DetectFaces(image: image, attributes: ["AGE_RANGE", "EMOTIONS"]).body())
        try check("DetectText", DetectText(image: image, minConfidence: 80).body())
        try check("DetectText", DetectText(image: image).body())
        try check(
            "DetectProtectiveEquipment",
            DetectProtectiveEquipment(image: image, minConfidence: 70, required: ["FACE_COVER", "HEAD_COVER"]).body())
        try check("DetectProtectiveEquipment", DetectProtectiveEquipment(image: image).body())
        try check("DetectModerationLabels", DetectModerationLabels(image: image, minConfidence: 60).body())
        try check("RecognizeCelebrities", RecognizeCelebrities(image: image).body())
    }

    /// The model lifecycle's requests (README, The model's lifecycle), with and without their optional members.
    @Test func everyLifecycleBodyMatchesTheServiceModel() throws {
        let arn = "arn:aws:rekognition:eu-west-1:123456789012:project/p/version/v/1"
        let project = "arn:aws:rekognition:eu-west-1:123456789012:project/p/1690000000000"
        try check("DescribeProjects", DescribeProjects().body())
        try check("DescribeProjects", DescribeProjects(projectNames: ["p"], nextToken: "t\"1").body())
        try check("DescribeProjectVersions", DescribeProjectVersions(projectARN: project).body())
        try check("DescribeProjectVersions", DescribeProjectVersions(projectARN: project, versionNames: ["v"], nextToken: "t").body())
        try check("StartProjectVersion", StartProjectVersion(modelARN: arn).body())
        try check("StartProjectVersion", StartProjectVersion(modelARN: arn, minInferenceUnits: 2, maxInferenceUnits: 5).body())
        try check("StopProjectVersion", StopProjectVersion(modelARN: arn).body())
    }
}
