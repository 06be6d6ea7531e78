import FoundationEssentials

/// `json`: the service's response exactly as returned, plus `"Image": {"Width","Height"}` of
/// the upright image; in a stream, JSON Lines with `"Frame"` (SPEC §4), and `"Error"` on a
/// frame that failed and was passed through.
public struct JSONFormat: OutputFormat {
    public static let name = "json"
    public static let fileExtensions = ["json", "jsonl"]
    public static let mediaType = "application/json"
    public static let summary = "the service response plus the image size; JSON Lines with Frame in a stream"
    public static let needsPixels = false
    public static let isBinary = false

    public init(settings: FormatSettings) {}

    public func render(_ result: FrameResult, stream: Bool) throws -> [UInt8] {
        var extra = [UInt8]()
        if stream { extra += Array("\"Frame\":\(result.index),".utf8) }
        if let error = result.error { extra += Array("\"Error\":".utf8) + JSONText.string(error) + [UInt8(ascii: ",")] }
        extra += Array("\"Image\":{\"Width\":\(result.width),\"Height\":\(result.height)}".utf8)
        var object: [UInt8]
        if let raw = result.rawResponse, let spliced = Self.splice(raw, extra) {
            object = spliced
        } else {
            // Filtered labels: written anew (numbers in their shortest round-trip form).
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let labels = (try? encoder.encode(result.labels)).map { [UInt8]($0) } ?? Array("[]".utf8)
            object = Array("{\"CustomLabels\":".utf8) + labels + [UInt8(ascii: ",")] + extra + [UInt8(ascii: "}")]
        }
        object.append(UInt8(ascii: "\n"))
        return object
    }

    /// Inserts `members` before the closing brace of the JSON object `raw`, keeping every
    /// byte the service sent. Nil when `raw` is not an object.
    static func splice(_ raw: [UInt8], _ members: [UInt8]) -> [UInt8]? {
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard var end = raw.lastIndex(where: { !space.contains($0) }), raw[end] == UInt8(ascii: "}"),
              let start = raw.firstIndex(where: { !space.contains($0) }), raw[start] == UInt8(ascii: "{") else { return nil }
        var before = end - 1
        while before > start && space.contains(raw[before]) { before -= 1 }
        let empty = before == start
        end = before + 1
        return Array(raw[start..<end]) + (empty ? [] : [UInt8(ascii: ",")]) + members + [UInt8(ascii: "}")]
    }
}
