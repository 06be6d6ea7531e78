/// `json`: the detector's response exactly as returned, plus `"Image": {"Width","Height"}` of
/// the upright image (and, beside a detector plugin's own response, its `"Detections"`); in a stream, JSON Lines with `"Frame"` (README, Output formats), and `"Error"` on a
/// frame that failed and was passed through.
public enum JSONFormat {
    public static let descriptor = FormatDescriptor(
        name: "json", fileExtensions: ["json", "jsonl"], mediaType: "application/json",
        summary: "the service response plus the image size; JSON Lines with Frame in a stream"
    ) { _, _ in .init(renderer: Renderer(), writer: ConcatenatingWriter()) }

    struct Renderer: FrameRenderer {
        func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
            var extra = [UInt8]()
            if stream { extra += Array("\"Frame\":\(frame.index),".utf8) }
            if let error = frame.error { extra += Array("\"Error\":".utf8) + JSONText.string(error) + [UInt8(ascii: ",")] }
            extra += Array("\"Image\":{\"Width\":\(frame.width),\"Height\":\(frame.height)}".utf8)
            if let tiles = frame.found.tiles { extra += Array(",\"Tiles\":\(tiles)".utf8) }
            // A detector plugin's own response, which need not hold its detections: they go
            // beside it, so that `--detections` can replay the file.
            if frame.found.response != nil && !frame.found.responseHoldsDetections {
                extra += Array((",\"Detections\":[" + frame.detections.map(\.json).joined(separator: ",") + "]").utf8)
            }
            // The response as it came (or written anew after --labels), every byte kept.
            var object = splice(frame.found.responseJSON, extra) ?? Array("{".utf8) + extra + Array("}".utf8)
            object.append(UInt8(ascii: "\n"))
            try out.write(object)
        }
    }

    /// Inserts `members` before the closing brace of the JSON object `raw`, keeping every
    /// byte the service sent. Nil when `raw` is not an object.
    static func splice(_ raw: [UInt8], _ members: [UInt8]) -> [UInt8]? {
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard var end = raw.lastIndex(where: { !space.contains($0) }), raw[end] == UInt8(ascii: "}"),
            let start = raw.firstIndex(where: { !space.contains($0) }), raw[start] == UInt8(ascii: "{")
        else { return nil }
        var before = end - 1
        while before > start && space.contains(raw[before]) { before -= 1 }
        let empty = before == start
        end = before + 1
        return Array(raw[start..<end]) + (empty ? [] : [UInt8(ascii: ",")]) + members + [UInt8(ascii: "}")]
    }
}
