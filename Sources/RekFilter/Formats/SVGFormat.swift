/// `svg`: an overlay the size of the picture — the boxes (or polygons), their tags and the
/// legend, laid out exactly as on the raster formats — to put over the image in a page; with
/// `--svg-embed`, the picture itself underneath (its original bytes, turned upright by an SVG
/// transform rather than re-encoded). It has no stream form: SVG documents put back to back make no valid file.
public enum SVGFormat {
    public struct Options: Sendable, Equatable {
        /// `--svg-embed`: the picture itself under the overlay.
        public var embed = false
        public init() {}
    }

    /// SVG documents cannot be concatenated into one valid file: no stream form.
    public static let descriptor = FormatDescriptor(
        name: "svg", fileExtensions: ["svg"], mediaType: "image/svg+xml",
        summary: "an SVG overlay of the boxes and labels, sized like the picture", streams: false
    ) { options, services in
        .init(
            renderer: Renderer(drawing: options.drawing, diagnostics: services.diagnostics, embed: options.svg.embed),
            writer: ConcatenatingWriter())
    }

    struct Renderer: FrameRenderer {
        var drawing: DrawingOptions
        var diagnostics: (any Diagnostics)?
        var embed: Bool

        func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
            try out.write(SVGFormat.document(frame, drawing: drawing, diagnostics: diagnostics, embed: embed))
        }
    }

    static func document(_ result: FrameResult, drawing: DrawingOptions, diagnostics: (any Diagnostics)? = nil, embed: Bool) -> String {
        let (w, h) = (result.width, result.height)
        let style = AnnotationStyle(width: w, height: h)
        let face = Fonts.load(path: drawing.fontPath, pixelSize: style.fontSize, diagnostics: diagnostics)
        let layout = Layout(detections: result.detections, width: w, height: h, face: face, style: style)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\">\n"
        if embed, let source = result.source { svg += Self.embedded(source) }
        svg += "<g fill=\"none\" stroke-width=\"\(style.lineWidth)\">\n"
        let half = Double(style.lineWidth) / 2
        for box in layout.boxes {
            let shape: String
            if let polygon = box.polygon, polygon.count >= 2 {
                let points = polygon.map { "\(Numbers.pixels($0.x)),\(Numbers.pixels($0.y))" }.joined(separator: " ")
                shape = "<polygon points=\"\(points)\""
            } else {
                let r = box.rect
                // Stroke centred inside the box, as on the raster formats.
                shape =
                    "<rect x=\"\(Numbers.pixels(Double(r.x0) + half))\" y=\"\(Numbers.pixels(Double(r.y0) + half))\" "
                    + "width=\"\(Numbers.pixels(max(0, Double(r.width) - 2 * half)))\" height=\"\(Numbers.pixels(max(0, Double(r.height) - 2 * half)))\""
            }
            // Over a dark halo a pixel wider on each side, as on the raster formats.
            svg += shape + " stroke=\"#101010\" stroke-width=\"\(style.lineWidth + 2)\"/>\n"
            svg += shape + " stroke=\"\(box.color.hex)\"/>\n"
        }
        for box in layout.boxes {
            for p in box.points { svg += "<circle cx=\"\(p.x)\" cy=\"\(p.y)\" r=\"\(style.lineWidth)\" fill=\"\(box.color.hex)\"/>\n" }
        }
        svg += "</g>\n<g font-family=\"DejaVu Sans, Verdana, sans-serif\" font-weight=\"bold\" font-size=\"\(style.fontSize)\">\n"
        for tag in layout.boxes.map(\.tag) + layout.legend {
            let r = tag.rect
            svg += "<rect x=\"\(r.x0)\" y=\"\(r.y0)\" width=\"\(r.width)\" height=\"\(r.height)\" fill=\"\(tag.background.hex)\"/>"
            svg += "<text x=\"\(tag.textX)\" y=\"\(tag.baseline)\" fill=\"\(tag.foreground.hex)\">\(Self.escape(tag.text))</text>\n"
        }
        svg += "</g>\n</svg>\n"
        return svg
    }

    /// The original bytes as a data URI, with the EXIF orientation applied as a transform and
    /// the file's own Orientation tag set to 1 (two bytes patched, nothing re-encoded), so that
    /// no renderer turns it again: CairoSVG ignores `image-orientation: none` and applies the tag.
    static func embedded(_ source: SourceImage) -> String {
        let (sw, sh) = (source.header.width, source.header.height)
        let matrix: String
        switch source.header.orientation {
        case .up: matrix = "1,0,0,1,0,0"
        case .upMirrored: matrix = "-1,0,0,1,\(sw),0"
        case .down: matrix = "-1,0,0,-1,\(sw),\(sh)"
        case .downMirrored: matrix = "1,0,0,-1,0,\(sh)"
        case .leftMirrored: matrix = "0,1,1,0,0,0"
        case .right: matrix = "0,1,-1,0,\(sh),0"
        case .rightMirrored: matrix = "0,-1,-1,0,\(sh),\(sw)"
        case .left: matrix = "0,-1,1,0,0,\(sw)"
        }
        var data = Array("data:image/\(source.format.rawValue);base64,".utf8)
        let bytes = source.header.orientationTag?.settingUpright(source.bytes) ?? source.bytes
        bytes.withUnsafeBytes { Base64.append($0, to: &data) }
        return "<image width=\"\(sw)\" height=\"\(sh)\" transform=\"matrix(\(matrix))\" style=\"image-orientation:none\" "
            + "preserveAspectRatio=\"none\" href=\"" + String(decoding: data, as: UTF8.self) + "\"/>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
