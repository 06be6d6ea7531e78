/// `csv`: a header, then one row per detection — frame, name, confidence, and the box in pixels
/// (left, top, width, height, clipped to the picture; empty for image-level labels), and an
/// `error` column: a stream frame that failed (`--on-error pass`) is one row with only its
/// frame number and why, so that it never reads as "nothing here"; with `--track`, a `track_id`
/// column. RFC 4180 quoting.
public enum CSVFormat {
    public static let descriptor = FormatDescriptor(
        name: "csv", fileExtensions: ["csv"], mediaType: "text/csv",
        summary: "one row per label: frame, name, confidence, left, top, width, height in pixels"
    ) { options, _ in
        // `--track` adds a `track_id` column; without it the columns are as they always were.
        let header = "frame,name,confidence,left,top,width,height,error" + (options.tracks ? ",track_id" : "") + "\n"
        return .init(renderer: Renderer(tracks: options.tracks), writer: ConcatenatingWriter(header: Array(header.utf8)))
    }

    struct Renderer: FrameRenderer {
        var tracks: Bool

        func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
            var text = ""
            if let error = frame.error {
                try out.write("\(frame.index),,,,,,,\(field(error))\(tracks ? "," : "")\n")
                return
            }
            for detection in frame.detections {
                text += "\(frame.index),\(field(detection.label)),\(Numbers.exact(detection.confidence)),"
                if let box = detection.box {
                    let p = box.pixels(width: frame.width, height: frame.height)
                    text += [p.x, p.y, p.w, p.h].map(Numbers.pixels).joined(separator: ",")
                } else {
                    text += ",,,"
                }
                text += ","
                if tracks { text += "," + (detection.track.map(String.init) ?? "") }
                text += "\n"
            }
            try out.write(text)
        }
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}
