import Foundation
import TestSupport
import Testing

@testable import AWSCore
@testable import RekFilter

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every format, checked by parsing what it wrote back.
@Suite struct FormatTests {
    static let raw = Array(
        #"{"CustomLabels" : [ {"Name":"widget","Confidence":97.51234567890123,"Geometry":{"BoundingBox":{"Width":0.25,"Height":0.5,"Left":-0.125,"Top":0.25}},"Extra":{"kept":true}}, {"Name":"a, \"quoted\" name","Confidence":50}], "Unknown": 1 }"#
            .utf8)

    static func result(index: Int = 0, raw: [UInt8]? = raw) throws -> FrameResult {
        var found = try DetectCustomLabels.parse(Self.raw)
        found.response = raw
        return FrameResult(index: index, found: found, width: 400, height: 200)
    }

    /// A run of `format` over `results`, as the driver makes it: rendered (on workers, in a
    /// stream; straight to the output for one image), then written in order.
    func run(_ format: FormatDescriptor, _ results: [FrameResult], stream: Bool = false) throws -> String {
        let out = ByteBuffer()
        try format.make(FormatOptions()).write(results, stream: stream, to: out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func jsonKeepsEveryByteTheServiceSent() throws {
        let text = try run(JSONFormat.descriptor, [Self.result()])
        let rawText = String(decoding: Self.raw, as: UTF8.self)
        #expect(text.hasPrefix(String(rawText.dropLast(2))))  // everything up to the closing " }"
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(object["Image"] as! [String: Int] == ["Width": 400, "Height": 200])
        #expect(object["Unknown"] as? Int == 1)
        let first = (object["CustomLabels"] as! [[String: Any]])[0]
        #expect(first["Confidence"] as? Double == 97.51234567890123)
        #expect((first["Extra"] as? [String: Bool]) == ["kept": true])
        #expect(text.hasSuffix("}\n"))
    }

    @Test func jsonOfFilteredLabelsIsWrittenAnew() throws {
        var r = try Self.result()
        r.found = r.found.keeping(["widget"])
        let object = try JSONSerialization.jsonObject(with: Data(try run(JSONFormat.descriptor, [r]).utf8)) as! [String: Any]
        let labels = object["CustomLabels"] as! [[String: Any]]
        #expect(labels.count == 1 && labels[0]["Name"] as? String == "widget")
        let box = (labels[0]["Geometry"] as! [String: Any])["BoundingBox"] as! [String: Double]
        #expect(box == ["Width": 0.25, "Height": 0.5, "Left": -0.125, "Top": 0.25])
    }

    @Test func jsonLinesInAStream() throws {
        let text = try run(JSONFormat.descriptor, [try Self.result(index: 0), try Self.result(index: 1)], stream: true)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        for (i, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(object["Frame"] as? Int == i)
        }
    }

    @Test func jsonSpliceHandlesEmptyAndOddObjects() {
        #expect(JSONFormat.splice(Array("{}".utf8), Array("\"a\":1".utf8)).map { String(decoding: $0, as: UTF8.self) } == "{\"a\":1}")
        #expect(
            JSONFormat.splice(Array(" { \"x\":2 } \n".utf8), Array("\"a\":1".utf8)).map { String(decoding: $0, as: UTF8.self) }
                == "{ \"x\":2,\"a\":1}")
        #expect(JSONFormat.splice(Array("[1]".utf8), []) == nil)
    }

    @Test func csvParsesBack() throws {
        let text = try run(CSVFormat.descriptor, [try Self.result()])
        let rows = parseCSV(text)
        #expect(rows[0] == ["frame", "name", "confidence", "left", "top", "width", "height", "error"])
        #expect(rows[1] == ["0", "widget", "97.51234567890123", "0", "50", "50", "100", ""])  // clipped at the left edge
        #expect(rows[2] == ["0", "a, \"quoted\" name", "50", "", "", "", "", ""])
        #expect(rows.count == 3)
    }

    /// A stream frame that failed is a row of its own saying why, never "nothing here".
    @Test func csvCarriesAFailedFramesError() throws {
        var failed = try Self.result(index: 1)
        failed.found = failed.found.keeping([])
        failed.error = "ThrottlingException: Rate exceeded, retried 3 times"
        let rows = parseCSV(try run(CSVFormat.descriptor, [try Self.result(index: 0), failed], stream: true))
        #expect(rows.last == ["1", "", "", "", "", "", "", "ThrottlingException: Rate exceeded, retried 3 times"])
        #expect(rows.count == 4)
    }

    @Test func csvStreamHasOneHeaderAndFrameNumbers() throws {
        let rows = parseCSV(try run(CSVFormat.descriptor, [try Self.result(index: 0), try Self.result(index: 7)], stream: true))
        #expect(rows.filter { $0.first == "frame" }.count == 1)
        #expect(rows.dropFirst().map { $0[0] } == ["0", "0", "7", "7"])
    }

    @Test func cocoParsesBack() throws {
        var failed = try Self.result(index: 2)
        failed.error = "ThrottlingException"
        let text = try run(COCOFormat.descriptor, [try Self.result(index: 0), try Self.result(index: 1), failed], stream: true)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let categories = object["categories"] as! [[String: Any]]
        #expect(categories.map { $0["name"] as! String } == ["widget", "a, \"quoted\" name"])
        #expect(categories.map { $0["id"] as! Int } == [1, 2])
        let annotations = object["annotations"] as! [[String: Any]]
        #expect(annotations.count == 2)  // the label without geometry has no annotation
        let images = object["images"] as! [[String: Any]]
        #expect(images.count == 2, "the failed frame is left out")
        #expect(annotations.map { $0["image_id"] as! Int } == images.map { $0["id"] as! Int })
        #expect(Set(images.map { $0["id"] as! Int }).count == 2, "one name given twice still makes two ids")
        #expect(annotations[0]["bbox"] as! [Double] == [0, 50, 50, 100])  // clipped at the left edge
        #expect(abs(annotations[0]["score"] as! Double - 97.51234567890123 / 100) < 1e-15)
        #expect(text.contains("\"score\":\(97.51234567890123 / 100)"))
        #expect(annotations[0]["category_id"] as! Int == 1)
        #expect(Set(annotations.map { $0["id"] as! Int }).count == 2)
        #expect(images.allSatisfy { $0["file_name"] as? String == "image.jpg" })
        #expect(images.allSatisfy { $0["width"] as? Int == 400 && $0["height"] as? Int == 200 })
        #expect(images.allSatisfy { ($0["id"] as! Int) > 0 && ($0["id"] as! Int) < 1 << 53 })
        #expect(categories.allSatisfy { $0["supercategory"] as? String == "none" })
        #expect(object["info"] != nil && (object["licenses"] as? [Any])?.isEmpty == true)
    }

    @Test func svgParsesBack() throws {
        let text = try run(SVGFormat.descriptor, [try Self.result()])
        let parser = XMLParser(data: Data(text.utf8))
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [(String, [String: String])] = []
            var texts: [String] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                elements.append((name, attributes))
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if !string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { texts.append(string) }
            }
        }
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.elements.first?.0 == "svg")
        #expect(collector.elements.first?.1["width"] == "400" && collector.elements.first?.1["height"] == "200")
        let strokes = collector.elements.filter { $0.0 == "rect" && $0.1["stroke"] != nil }
        // The box over its dark halo, which is the same rectangle, two pixels wider in stroke.
        #expect(strokes.count == 2 && strokes[0].1["stroke"] == "#101010" && strokes[1].1["stroke"] == Palette.color(for: "widget").hex)
        #expect(strokes[0].1["x"] == strokes[1].1["x"] && strokes[0].1["width"] == strokes[1].1["width"])
        #expect(collector.texts.joined().contains("widget 98%"))
        #expect(collector.texts.joined().contains("a, \"quoted\" name 50%"))
    }

    @Test func registryFindsEveryFormatByNameAliasAndExtension() {
        #expect(FormatRegistry.all.count >= 6)
        for f in FormatRegistry.all { #expect(FormatRegistry.named(f.name)?.name == f.name) }
        #expect(FormatRegistry.named("JPG")?.name == "jpeg")
        #expect(FormatRegistry.forPath("out/boxed.jpg")?.name == "jpeg")
        #expect(FormatRegistry.forPath("detections.jsonl")?.name == "json")
        #expect(FormatRegistry.forPath("a.dir/noextension")?.name == nil)
        #expect(FormatRegistry.named("gif")?.name == nil)
        let drawing = FormatRegistry.all.filter { $0.needsPixels }.map { $0.name }
        #expect(drawing == ["png", "jpeg", "crops"])
    }

    @Test func pixelNumbers() {
        #expect(Numbers.pixels(143.25) == "143.25")
        #expect(Numbers.pixels(200) == "200")
        #expect(Numbers.pixels(-0.5) == "-0.5")
        #expect(Numbers.pixels(1.005) == "1" || Numbers.pixels(1.005) == "1.01")
        #expect(Numbers.pixels(.nan) == "0")
    }

    func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(c)
            }
        }
        return rows
    }
}

@Suite struct TextHelperTests {
    @Test func replacingAllAndXML() {
        #expect("a\"b\"".replacingAll("\"", with: "\"\"") == "a\"\"b\"\"")
        #expect("xx".replacingAll("x", with: "") == "")
        #expect(XML.unescape("a &amp; b &lt;c&gt; &quot;d&quot;") == "a & b <c> \"d\"")
        #expect(XML.value("Code", in: "<E><Code>Bad&amp;Worse</Code></E>") == "Bad&Worse")
        #expect(XML.value("Missing", in: "<E/>") == nil)
    }
}
