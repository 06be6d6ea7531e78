import RekFilterPluginKit

/// `crops` (README, Crops): each detection cut out of the upright full-resolution picture as a
/// JPEG at `--quality` (a polygon's bounding box; `--crop-padding` widens each), written as a
/// POSIX tar stream as frames come — `LABEL/KEY-N.jpg`, then `index.json` (label, confidence,
/// box in pixels, source) — so `rekfilter -f crops < a.jpg | tar -x` works.
public enum CropsFormat {
    public static let descriptor = FormatDescriptor(
        name: "crops", fileExtensions: ["tar"], mediaType: "application/x-tar",
        summary: "each detection cut out as a JPEG, in a tar stream with index.json", isBinary: true, needs: .pixels,
        usesNamesAndClasses: true
    ) { options, _ in
        .init(renderer: Renderer(quality: options.jpeg.quality, padding: options.cropPadding), writer: Writer(padding: options.cropPadding))
    }

    /// One crop: the tar member's name and the box it was cut from, in pixels.
    struct Crop {
        var name: String
        var detection: Detection
        var rect: (x0: Int, y0: Int, x1: Int, y1: Int)
    }

    /// The frame's crops, numbered from 1 in the frame's order; empty boxes are none.
    static func crops(_ frame: FrameResult, padding: Double) -> [Crop] {
        let key = stem(frame.name)
        var crops: [Crop] = []
        for detection in frame.detections {
            let box: (x: Double, y: Double, w: Double, h: Double)
            if let b = detection.box {
                box = b.pixels(width: frame.width, height: frame.height)
            } else if let polygon = detection.polygon, !polygon.isEmpty {
                let xs = polygon.map { $0.x * Double(frame.width) }
                let ys = polygon.map { $0.y * Double(frame.height) }
                box = (xs.min()!, ys.min()!, xs.max()! - xs.min()!, ys.max()! - ys.min()!)
            } else {
                continue
            }
            let (px, py) = (box.w * padding, box.h * padding)
            // Clamped as a Double first: 1e300 is finite, and no Int.
            func clip(_ v: Double, _ size: Int) -> Int { v.isFinite ? Int(max(0, min(Double(size), v)).rounded()) : 0 }
            let rect = (
                clip(box.x - px, frame.width), clip(box.y - py, frame.height), clip(box.x + box.w + px, frame.width),
                clip(box.y + box.h + py, frame.height)
            )
            guard rect.2 > rect.0, rect.3 > rect.1 else { continue }
            crops.append(Crop(name: "\(safe(detection.label))/\(key)-\(crops.count + 1).jpg", detection: detection, rect: rect))
        }
        return crops
    }

    /// A label as a folder name: no `/`, no `.` or `..`, no control characters.
    static func safe(_ label: String) -> String {
        let cleaned = String(
            label.map { $0 == "/" || $0 == "\\" || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "_" : $0 })
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" + cleaned : cleaned
    }

    /// A picture's name without its extension; its folders kept (`a/b/c.jpg` → `a/b/c`).
    static func stem(_ name: String) -> String {
        var parts: [String] = name.split(separator: "/").map(String.init).filter { (part: String) in part != ".." && part != "." }
        if var last = parts.popLast() {
            if let dot = last.lastIndex(of: "."), dot != last.startIndex { last = String(last[..<dot]) }
            parts.append(last)
        }
        return parts.map(safe).joined(separator: "/")
    }

    struct Renderer: FrameRenderer {
        var quality: Int
        var padding: Double

        func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
            guard let pixels = frame.pixels else { throw FormatError.noPixels }
            for crop in CropsFormat.crops(frame, padding: padding) {
                let (x0, y0, x1, y1) = crop.rect
                let piece = try pixels.cropped(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
                try out.write(TarWriter.member(crop.name, try JPEGCodec.encode(piece, quality: quality)))
            }
        }
    }

    /// Members as each frame's are made; `index.json` and the archive's end last.
    struct Writer: OutputWriter {
        var padding: Double
        var index: [String] = []

        mutating func begin(stream: Bool, to out: any ByteWriter) throws {}

        mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {
            try rendered.write(frame, stream: stream, to: out)
            for crop in CropsFormat.crops(frame, padding: padding) {
                let (x0, y0, x1, y1) = crop.rect
                index.append(
                    "{\"file\":\(JSONText.text(crop.name)),\"label\":\(JSONText.text(crop.detection.label)),"
                        + "\"confidence\":\(Numbers.exact(crop.detection.confidence)),"
                        + "\"box\":{\"left\":\(x0),\"top\":\(y0),\"width\":\(x1 - x0),\"height\":\(y1 - y0)},"
                        + "\"source\":\(JSONText.text(frame.name)),\"frame\":\(frame.index)}")
            }
        }

        mutating func end(stream: Bool, to out: any ByteWriter) throws {
            try out.write(TarWriter.member("index.json", Array(("[" + index.joined(separator: ",\n") + "]\n").utf8)))
            try out.write(TarWriter.end)
        }
    }
}
