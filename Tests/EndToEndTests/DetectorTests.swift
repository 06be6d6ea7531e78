import Foundation
import RekFilter
import TestSupport
import Testing

/// The built-in Rekognition detectors (README, Detectors): against moto where it answers the operation
/// (DetectLabels, DetectText), and against the signature-checking stub with answers shaped like
/// the service's documentation.
@Suite struct DetectorTests {
    let image = TestData.path("exif-orientation/Landscape_1.jpg")  // 1800×1200
    var moto: [String: String] { ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"] }

    func viaMoto(_ detector: String, _ extra: [String]) throws -> Binary.Result {
        try Binary.run(["--detect", detector, "--endpoint-url", LocalServer.moto.url] + extra, stdinPath: image, environment: moto)
    }

    /// DetectLabels against moto: `-m` is not needed, the region comes from the usual chain; the
    /// response is written as it came plus Image; instances are boxes, the rest image-level.
    @Test func labelsFromMoto() throws {
        let json = try viaMoto("labels", ["-f", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any]
        let labels = object["Labels"] as! [[String: Any]]
        #expect(!labels.isEmpty && object["Image"] as! [String: Int] == ["Width": 1800, "Height": 1200])
        let csv = try viaMoto("labels", ["-f", "csv"])
        let rows = csv.stdoutText.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let boxed: [String] = labels.flatMap { (label: [String: Any]) -> [String] in
            let instances = label["Instances"] as? [[String: Any]] ?? []
            return instances.map { _ in label["Name"] as? String ?? "" }
        }
        #expect(rows.filter { !$0[3].isEmpty }.map { String($0[1]) } == boxed, "one row with a box per instance")
        #expect(rows.count >= boxed.count)
        let png = try viaMoto("labels", [])
        #expect(png.status == 0)
        #expect(try SourceImage(bytes: png.stdout).format == .png)
    }

    /// DetectText against moto: lines by default, words with --text-level word.
    @Test func textFromMoto() throws {
        let json = try viaMoto("text", ["-f", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let texts = (try JSONSerialization.jsonObject(with: Data(json.stdout)) as! [String: Any])["TextDetections"] as! [[String: Any]]
        func detected(_ type: String) -> [String] {
            texts.filter { ($0["Type"] as? String) == type }.map { ($0["DetectedText"] as? String) ?? "" }
        }
        let lines = detected("LINE")
        let words = detected("WORD")
        /// The label column of a CSV's rows.
        func labelColumn(_ text: String) -> [String] {
            text.split(separator: "\n").dropFirst().map { (row: Substring) -> String in String(row.split(separator: ",")[1]) }
        }
        #expect(labelColumn(try viaMoto("text", ["-f", "csv"]).stdoutText) == lines)
        #expect(labelColumn(try viaMoto("text", ["-f", "csv", "--text-level", "word"]).stdoutText) == words)
    }

    /// What `-f json` wrote replays (`--detections`) to the same detections as the call: every
    /// format made from the replay equals the one made from the answer.
    func expectReplays(_ detector: String, _ answer: String, _ extra: [String] = []) throws {
        let (json, _) = try viaStub(detector, answer, ["-f", "json"] + extra)
        #expect(json.status == 0, "\(json.stderr)")
        let saved = try TestData.scratch().appendingPathComponent("saved.json")
        try Data(json.stdout).write(to: saved)
        for format in ["csv", "coco", "svg"] {
            let (live, _) = try viaStub(detector, answer, ["-f", format] + extra)
            let replay = try Binary.run(["--detections", saved.path, "-f", format], stdinPath: image)
            #expect(replay.status == 0, "\(detector) \(format): \(replay.stderr)")
            let stamp = /"date_created":"[^"]*"/
            #expect(
                replay.stdoutText.replacing(stamp, with: "") == live.stdoutText.replacing(stamp, with: ""),
                "\(detector) \(format) replayed differs")
        }
    }

    func viaStub(_ detector: String, _ answer: String, _ extra: [String] = [], id: String = LocalServer.testID()) throws -> (
        Binary.Result, [[String: Any]]
    ) {
        let encoded = Data(answer.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_")
        let result = try Binary.run(
            ["--detect", detector, "--region", "eu-west-1", "--endpoint-url", "\(LocalServer.stub.url)/\(id)/answer=\(encoded)"] + extra,
            stdinPath: image, environment: StubEnvironment.keys)
        return (result, try LocalServer.stub.requests(id))
    }

    @Test func moderationLabelsAreImageLevel() throws {
        let answer =
            #"{"ModerationLabels":[{"Confidence":88.5,"Name":"Smoking","ParentName":"Drugs & Tobacco"},{"Confidence":90,"Name":"Drugs & Tobacco","ParentName":""}],"ModerationModelVersion":"7.0"}"#
        let (csv, seen) = try viaStub("moderation", answer, ["-f", "csv", "--min-confidence", "60"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdoutText == "frame,name,confidence,left,top,width,height,error\n0,Smoking,88.5,,,,,\n0,Drugs & Tobacco,90,,,,,\n")
        #expect(seen[0]["target"] as? String == "RekognitionService.DetectModerationLabels" && seen[0]["MinConfidence"] as? Double == 60)
        #expect(seen[0]["signature_ok"] as? Bool == true)
        let (json, _) = try viaStub("moderation", answer, ["-f", "json"])
        #expect(json.stdoutText.hasPrefix(String(answer.dropLast())))
        try expectReplays("moderation", answer)
    }

    @Test func celebritiesAreTaggedByName() throws {
        let answer =
            #"{"CelebrityFaces":[{"Name":"Jane Doe","Id":"1","MatchConfidence":99,"Face":{"BoundingBox":{"Width":0.1,"Height":0.2,"Left":0.5,"Top":0.25},"Confidence":99.9}}],"UnrecognizedFaces":[{"BoundingBox":{"Width":0.1,"Height":0.1,"Left":0.1,"Top":0.1},"Confidence":98}]}"#
        let (csv, seen) = try viaStub("celebrities", answer, ["-f", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(
            csv.stdoutText
                == "frame,name,confidence,left,top,width,height,error\n0,Jane Doe,99,900,300,180,240,\n0,face,98,180,120,180,120,\n")
        #expect(seen[0]["target"] as? String == "RekognitionService.RecognizeCelebrities")
        try expectReplays("celebrities", answer)
        let (png, _) = try viaStub("celebrities", answer)
        let pixels = try SourceImage(bytes: png.stdout).decode()
        let p = pixels.pixel(x: 901, y: 400)
        #expect(RGB(p[0], p[1], p[2]) == Palette.color(for: "Jane Doe"), "the face box is drawn")
    }

    /// DetectLabels' own limits: a 4.5 MB PNG, over DetectCustomLabels' 4 MiB, is sent untouched.
    @Test func eachOperationFitsToItsOwnLimits() throws {
        let folder = try TestData.scratch()
        let big = folder.appendingPathComponent("big.png").path
        // Noise does not compress: 1400×1100 RGB makes a PNG of about 4.6 MB.
        let noise = try PixelBuffer(width: 1400, height: 1100, channels: 3)
        var generator = SystemRandomNumberGenerator()
        for i in stride(from: 0, to: noise.byteCount, by: 8) {
            withUnsafeBytes(of: generator.next()) { random in
                for k in 0..<min(8, noise.byteCount - i) { noise.pixels[i + k] = random[k] }
            }
        }
        try Data(try PNGCodec.encode(noise)).write(to: URL(fileURLWithPath: big))
        let size = try FileManager.default.attributesOfItem(atPath: big)[.size] as! Int
        #expect(size > 4 * 1024 * 1024 && size < 5 * 1024 * 1024, "\(size) bytes")
        let id = LocalServer.testID()
        let labels = try Binary.run(
            [
                "--detect", "labels", "--region", "eu-west-1", "-f", "json", "--endpoint-url",
                "\(LocalServer.stub.url)/\(id)/answer=eyJMYWJlbHMiOltdfQ",
            ],
            stdinPath: big, environment: StubEnvironment.keys)
        #expect(labels.status == 0, "\(labels.stderr)")
        #expect(try LocalServer.stub.requests(id)[0]["ImageBytes"] as? Int == size, "sent as it is")
        let dry = try Binary.run(["--dry-run"], stdinPath: big)
        #expect(dry.stderr.contains("re-encoded"), "custom labels' 4 MiB limit would re-encode it: \(dry.stderr)")
        let ppeID = LocalServer.testID()
        let ppe = try Binary.run(
            [
                "--detect", "ppe", "--region", "eu-west-1", "-f", "json", "--endpoint-url",
                "\(LocalServer.stub.url)/\(ppeID)/answer=eyJQZXJzb25zIjpbXX0",
            ],
            stdinPath: big, environment: StubEnvironment.keys)
        #expect(ppe.status == 0, "\(ppe.stderr)")
        let sent = try #require(try LocalServer.stub.requests(ppeID).first?["ImageBytes"] as? Int)
        #expect(sent <= 4 * 1024 * 1024 && sent < size, "PPE's 4 MB limit: re-encoded to \(sent) bytes")
    }

    /// DetectText: a line is drawn as its polygon (a slanted one here), tagged with the text.
    @Test func textIsDrawnAsItsPolygon() throws {
        let answer =
            #"{"TextDetections":[{"DetectedText":"EXIT","Type":"LINE","Id":0,"Confidence":99.5,"Geometry":{"BoundingBox":{"Width":0.5,"Height":0.5,"Left":0.25,"Top":0.25},"Polygon":[{"X":0.25,"Y":0.5},{"X":0.5,"Y":0.25},{"X":0.75,"Y":0.5},{"X":0.5,"Y":0.75}]}},{"DetectedText":"EXIT","Type":"WORD","Id":1,"ParentId":0,"Confidence":99.5,"Geometry":{"BoundingBox":{"Width":0.5,"Height":0.5,"Left":0.25,"Top":0.25},"Polygon":[{"X":0.25,"Y":0.5},{"X":0.5,"Y":0.25},{"X":0.75,"Y":0.5},{"X":0.5,"Y":0.75}]}}]}"#
        let (png, _) = try viaStub("text", answer)
        #expect(png.status == 0, "\(png.stderr)")
        let pixels = try SourceImage(bytes: png.stdout).decode()
        let color = Palette.color(for: "EXIT")
        func rgb(_ x: Int, _ y: Int) -> RGB {
            let p = pixels.pixel(x: x, y: y)
            return RGB(p[0], p[1], p[2])
        }
        #expect(rgb(675, 450) == color, "on the edge from (450, 600) to (900, 300)")
        #expect(rgb(450, 300) != color, "the bounding box's corner is not drawn: the polygon is")
        try expectReplays("text", answer)
        let (csv, _) = try viaStub("text", answer, ["-f", "csv"])
        #expect(csv.stdoutText == "frame,name,confidence,left,top,width,height,error\n0,EXIT,99.5,450,300,900,600,\n")
    }

    /// DetectFaces: boxes with landmark points drawn; `--attributes ALL` tags age and emotion.
    @Test func facesWithLandmarks() throws {
        let answer =
            #"{"FaceDetails":[{"BoundingBox":{"Width":0.2,"Height":0.3,"Left":0.4,"Top":0.3},"Confidence":99.9,"AgeRange":{"Low":25,"High":35},"Emotions":[{"Type":"CALM","Confidence":20},{"Type":"HAPPY","Confidence":75}],"Landmarks":[{"Type":"eyeLeft","X":0.45,"Y":0.4},{"Type":"eyeRight","X":0.55,"Y":0.4},{"Type":"nose","X":0.5,"Y":0.5}]}]}"#
        let (csv, seen) = try viaStub("faces", answer, ["-f", "csv", "--attributes", "ALL"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdoutText == "frame,name,confidence,left,top,width,height,error\n0,face 25–35 HAPPY,99.9,720,360,360,360,\n")
        #expect(seen[0]["target"] as? String == "RekognitionService.DetectFaces")
        let (png, _) = try viaStub("faces", answer, ["--attributes", "ALL"])
        let pixels = try SourceImage(bytes: png.stdout).decode()
        let nose = pixels.pixel(x: 900, y: 600)
        #expect(RGB(nose[0], nose[1], nose[2]) == Palette.color(for: "face 25–35 HAPPY"), "the nose landmark is drawn")
        try expectReplays("faces", answer, ["--attributes", "ALL"])
        let (svg, _) = try viaStub("faces", answer, ["-f", "svg"])
        #expect(svg.stdoutText.components(separatedBy: "<circle ").count - 1 == 3)
    }

    /// DetectProtectiveEquipment: persons and equipment; the person without the required face
    /// cover is marked by its own label (and colour).
    @Test func protectiveEquipmentMarksWhoLacksIt() throws {
        let answer =
            #"{"Persons":[{"Id":0,"BoundingBox":{"Width":0.2,"Height":0.8,"Left":0.1,"Top":0.1},"Confidence":99,"BodyParts":[{"Name":"HEAD","Confidence":99,"EquipmentDetections":[{"BoundingBox":{"Width":0.1,"Height":0.1,"Left":0.15,"Top":0.1},"Confidence":98,"Type":"HEAD_COVER","CoversBodyPart":{"Confidence":97,"Value":true}}]}]},{"Id":1,"BoundingBox":{"Width":0.2,"Height":0.8,"Left":0.6,"Top":0.1},"Confidence":97,"BodyParts":[{"Name":"FACE","Confidence":99,"EquipmentDetections":[{"BoundingBox":{"Width":0.05,"Height":0.05,"Left":0.68,"Top":0.2},"Confidence":96,"Type":"FACE_COVER","CoversBodyPart":{"Confidence":95,"Value":true}}]}]}],"Summary":{"PersonsWithRequiredEquipment":[1],"PersonsWithoutRequiredEquipment":[0],"PersonsIndeterminate":[]}}"#
        let (csv, seen) = try viaStub("ppe", answer, ["-f", "csv", "--required-equipment", "face_cover"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let names = csv.stdoutText.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        #expect(names == ["person MISSING FACE_COVER", "HEAD_COVER", "person", "FACE_COVER"])
        #expect(seen[0]["target"] as? String == "RekognitionService.DetectProtectiveEquipment")
        try expectReplays("ppe", answer)
        let (png, _) = try viaStub("ppe", answer, ["--required-equipment", "FACE_COVER"])
        let pixels = try SourceImage(bytes: png.stdout).decode()
        let edge = pixels.pixel(x: 181, y: 600)  // the left edge of person 0 (x = 0.1 × 1800)
        #expect(RGB(edge[0], edge[1], edge[2]) == Palette.color(for: "person MISSING FACE_COVER"))
        let bad = try Binary.run(["--detect", "ppe", "--required-equipment", "gloves"], stdinPath: image)
        #expect(bad.status == 64 && bad.stderr.contains("--required-equipment takes FACE_COVER, HAND_COVER, HEAD_COVER"))
    }

    /// Every detector signs its request and names its own operation; a stream, --every and
    /// --on-error work the same for each.
    @Test(arguments: [
        ("labels", "DetectLabels", #"{"Labels":[]}"#), ("faces", "DetectFaces", #"{"FaceDetails":[]}"#),
        ("text", "DetectText", #"{"TextDetections":[]}"#), ("ppe", "DetectProtectiveEquipment", #"{"Persons":[]}"#),
        ("moderation", "DetectModerationLabels", #"{"ModerationLabels":[]}"#),
        ("celebrities", "RecognizeCelebrities", #"{"CelebrityFaces":[]}"#),
    ])
    func everyDetectorSignsAndStreams(_ detector: String, _ operation: String, _ answer: String) throws {
        let frames = try StreamTests.frames(6)
        let id = LocalServer.testID()
        let encoded = Data(answer.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_")
        let result = try Binary.run(
            [
                "--detect", detector, "--region", "eu-west-1", "--stream", "--every", "2", "-f", "json", "--endpoint-url",
                "\(LocalServer.stub.url)/\(id)/answer=\(encoded)",
            ], stdinPath: frames, environment: StubEnvironment.keys)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.split(separator: "\n").count == 6)
        let seen = try LocalServer.stub.requests(id)
        #expect(seen.count == 3, "every second frame calls")
        #expect(seen.allSatisfy { $0["target"] as? String == "RekognitionService.\(operation)" && $0["signature_ok"] as? Bool == true })
    }
}
