/// `csv`: a header, then one row per label — frame, name, confidence, and the box in pixels
/// (left, top, width, height, clipped to the picture; empty for labels without geometry).
/// RFC 4180 quoting.
public struct CSVFormat: OutputFormat {
    public static let name = "csv"
    public static let mediaType = "text/csv"
    public static let summary = "one row per label: frame, name, confidence, left, top, width, height in pixels"
    public static let needsPixels = false
    public static let isBinary = false

    public init(settings: FormatSettings) {}

    public func header(stream: Bool) -> [UInt8] { Array("frame,name,confidence,left,top,width,height\n".utf8) }

    public func render(_ result: FrameResult, stream: Bool) throws -> [UInt8] {
        var out = ""
        for label in result.labels {
            out += "\(result.index),\(Self.field(label.name)),\(Numbers.exact(label.confidence)),"
            if let bb = label.geometry?.boundingBox {
                let p = bb.pixels(width: result.width, height: result.height)
                out += [p.x, p.y, p.w, p.h].map(Numbers.pixels).joined(separator: ",")
            } else {
                out += ",,,"
            }
            out += "\n"
        }
        return Array(out.utf8)
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}
