/// Draws detections on the full-resolution upright picture, in place.
public struct Annotator {
    public var drawing: DrawingOptions
    /// Told of font problems (an unusable `--font`, characters the font lacks), once each.
    public var diagnostics: (any Diagnostics)?

    public init(drawing: DrawingOptions = DrawingOptions(), diagnostics: (any Diagnostics)? = nil) {
        self.drawing = drawing
        self.diagnostics = diagnostics
    }

    /// Boxes (or polygons) first, then their tags, then the legend, so text is never covered.
    public func draw(_ detections: [Detection], on buffer: PixelBuffer) {
        guard !detections.isEmpty else { return }
        let style = AnnotationStyle(width: buffer.width, height: buffer.height)
        let face = Fonts.load(path: drawing.fontPath, pixelSize: style.fontSize, diagnostics: diagnostics)
        let layout = Layout(detections: detections, width: buffer.width, height: buffer.height, face: face, style: style)
        let canvas = Canvas(buffer)
        // Each outline over a one-pixel dark halo, so that it shows on light and dark pictures alike.
        let halo = RGB(hex: 0x101010)
        for box in layout.boxes {
            if let polygon = box.polygon, polygon.count >= 2 {
                let edges = Array(zip(polygon, polygon.dropFirst() + [polygon[0]]))
                for (a, b) in edges { canvas.line(x0: a.x, y0: a.y, x1: b.x, y1: b.y, thickness: style.lineWidth + 2, color: halo) }
                for (a, b) in edges { canvas.line(x0: a.x, y0: a.y, x1: b.x, y1: b.y, thickness: style.lineWidth, color: box.color) }
            } else {
                // A box too small for its outline inside (a 30 px object on a 24 MP picture)
                // is outlined around it instead, so that what was found stays in sight.
                let w = style.lineWidth
                let out = min(box.rect.x1 - box.rect.x0, box.rect.y1 - box.rect.y0) < 4 * w ? w : 0
                let r = (x0: box.rect.x0 - out, y0: box.rect.y0 - out, x1: box.rect.x1 + out, y1: box.rect.y1 + out)
                canvas.stroke(x0: r.x0 - 1, y0: r.y0 - 1, x1: r.x1 + 1, y1: r.y1 + 1, thickness: w + (out > 0 ? 1 : 2), color: halo)
                canvas.stroke(x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1, thickness: w, color: box.color)
            }
            // Landmarks: a dot a little wider than the line.
            let radius = style.lineWidth
            for p in box.points {
                canvas.fill(x0: p.x - radius, y0: p.y - radius, x1: p.x + radius + 1, y1: p.y + radius + 1, color: box.color)
            }
        }
        for tag in layout.boxes.map(\.tag) + layout.legend {
            canvas.fill(x0: tag.rect.x0, y0: tag.rect.y0, x1: tag.rect.x1, y1: tag.rect.y1, color: tag.background)
            canvas.text(tag.text, x: tag.textX, baseline: tag.baseline, face: face, color: tag.foreground)
        }
    }
}
