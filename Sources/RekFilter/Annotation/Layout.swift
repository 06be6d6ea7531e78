/// Where everything goes, in pixels: computed once, then drawn on pixels or written as SVG.
public struct Layout: Sendable {
    public struct Rect: Sendable, Equatable {
        public var x0: Int, y0: Int, x1: Int, y1: Int
        public var width: Int { x1 - x0 }
        public var height: Int { y1 - y0 }
    }

    /// A label's tag: "name 97%" on a filled background.
    public struct Tag: Sendable, Equatable {
        public var text: String
        public var rect: Rect
        /// Where the text starts, and its baseline.
        public var textX: Int
        public var baseline: Int
        public var background: RGB
        public var foreground: RGB
    }

    public struct Box: Sendable, Equatable {
        /// The box clamped to the picture (x1, y1 exclusive).
        public var rect: Rect
        /// Polygon vertices in pixels, when the service gave a polygon.
        public var polygon: [(x: Double, y: Double)]?
        public var color: RGB
        public var tag: Tag
        /// Named points (a face's landmarks) in pixels, clamped to the picture.
        public var points: [(x: Int, y: Int)] = []

        public static func == (a: Box, b: Box) -> Bool {
            a.rect == b.rect && a.color == b.color && a.tag == b.tag
                && a.polygon?.map { [$0.x, $0.y] } == b.polygon?.map { [$0.x, $0.y] }
                && a.points.map { [$0.x, $0.y] } == b.points.map { [$0.x, $0.y] }
        }
    }

    public var boxes: [Box] = []
    /// Tags of labels without geometry, stacked in the top-left corner.
    public var legend: [Tag] = []
    public var style: AnnotationStyle

    /// Lays out `detections` on a `width`×`height` picture, measuring text with `face`.
    public init(detections: [Detection], width: Int, height: Int, face: any Typeface, style: AnnotationStyle) {
        self.style = style
        let pad = style.padding
        let tagHeight = face.lineHeight + 2 * pad
        func tag(_ label: Detection, color: RGB, x: Int, y: Int) -> Tag {
            let text = Self.tagText(label)
            let w = face.width(of: text) + 2 * pad
            // Shifted left where it would run off the right edge; never off the left.
            let left = max(0, min(x, width - w))
            return Tag(
                text: text, rect: Rect(x0: left, y0: y, x1: left + w, y1: y + tagHeight), textX: left + pad,
                baseline: y + pad + face.ascent, background: color, foreground: color.readableText)
        }
        // No two labels of the picture share a colour.
        let colors = Palette.colors(for: detections.map(\.label))
        func color(_ label: Detection) -> RGB { colors[label.label] ?? Palette.color(for: label.label) }
        // The legend first: labels without geometry, stacked in the top-left corner.
        var legendY = 0
        var boxed: [(Detection, BoundingBox)] = []
        for label in detections {
            guard let bb = label.box, [bb.left, bb.top, bb.width, bb.height].allSatisfy(\.isFinite) else {
                legend.append(tag(label, color: color(label), x: 0, y: legendY))
                legendY += tagHeight
                continue
            }
            boxed.append((label, bb))
        }
        let legendArea = legend.isEmpty ? nil : Rect(x0: 0, y0: 0, x1: legend.map(\.rect.x1).max()!, y1: legendY)
        var placed: [Rect] = legendArea.map { [$0] } ?? []
        for (label, bb) in boxed {
            let color = color(label)
            let rect = Self.clamp(bb, width: width, height: height)
            // Above the box; inside it, at its top, when there is no room above.
            let y = rect.y0 - tagHeight >= 0 ? rect.y0 - tagHeight : rect.y0
            let polygon = label.polygon.map { points in
                points.filter { $0.x.isFinite && $0.y.isFinite }.map { (x: $0.x * Double(width), y: $0.y * Double(height)) }
            }
            var boxTag = tag(label, color: color, x: rect.x0, y: y)
            if let legendArea { boxTag = Self.clear(boxTag, of: legendArea, width: width, height: height) }
            boxTag = Self.avoid(boxTag, placed, box: rect, height: height)
            placed.append(boxTag.rect)
            var box = Box(rect: rect, polygon: polygon, color: color, tag: boxTag)
            box.points = (label.points ?? []).filter { $0.x.isFinite && $0.y.isFinite }.map { point in
                (
                    x: Int(max(0, min(Double(width - 1), (point.x * Double(width)).rounded()))),
                    y: Int(max(0, min(Double(height - 1), (point.y * Double(height)).rounded())))
                )
            }
            boxes.append(box)
        }
    }

    /// A box's tag moved off the legend, if it lies on it: below the legend or right of it,
    /// whichever is the shorter move that stays on the picture (else it stays: both must be seen,
    /// and the legend is drawn last).
    static func clear(_ tag: Tag, of legend: Rect, width: Int, height: Int) -> Tag {
        let r = tag.rect
        guard r.x0 < legend.x1, legend.x0 < r.x1, r.y0 < legend.y1, legend.y0 < r.y1 else { return tag }
        let down = legend.y1 - r.y0
        let right = legend.x1 - r.x0
        var moved = tag
        if (down <= right || r.x1 + right > width) && r.y1 + down <= height {
            moved.rect = Rect(x0: r.x0, y0: r.y0 + down, x1: r.x1, y1: r.y1 + down)
            moved.baseline += down
        } else if r.x1 + right <= width {
            moved.rect = Rect(x0: r.x0 + right, y0: r.y0, x1: r.x1 + right, y1: r.y1)
            moved.textX += right
        }
        return moved
    }

    /// A tag that would cover one already placed (a person's and its equipment's, at the same
    /// corner) goes inside its box's top, else below its box, else down a row at a time, to the
    /// first place where it covers no other tag (it stays where it was if there is none).
    static func avoid(_ tag: Tag, _ placed: [Rect], box: Rect, height: Int) -> Tag {
        func overlaps(_ r: Rect) -> Bool { placed.contains { r.x0 < $0.x1 && $0.x0 < r.x1 && r.y0 < $0.y1 && $0.y0 < r.y1 } }
        guard overlaps(tag.rect) else { return tag }
        let h = tag.rect.height
        var tops = [box.y0, box.y1]
        var y = tag.rect.y0 + h
        while y + h <= height && tops.count < 64 {
            tops.append(y)
            y += h
        }
        for top in tops where top >= 0 && top + h <= height && top != tag.rect.y0 {
            let r = Rect(x0: tag.rect.x0, y0: top, x1: tag.rect.x1, y1: top + h)
            if !overlaps(r) {
                var moved = tag
                moved.baseline += top - tag.rect.y0
                moved.rect = r
                return moved
            }
        }
        return tag
    }

    /// "name 97%" ("name #7 97%" for a tracked object): never "100%" for less than 100, never "0%" for more than 0 (one decimal then);
    /// a label with no name is shown as "(no name)".
    public static func tagText(_ label: Detection) -> String {
        let value = label.confidence.isFinite ? max(0, min(100, label.confidence)) : 0
        var percent = String(Int(value.rounded()))
        if value.rounded() == 100 && value < 100 { percent = "99.9" }
        if value.rounded() == 0 && value > 0 { percent = "0.\(max(1, Int((value * 10).rounded(.down))))" }
        let track = label.track.map { " #\($0)" } ?? ""
        return "\(label.label.isEmpty ? "(no name)" : label.label)\(track) \(percent)%"
    }

    /// Ratios to pixels, clamped to the picture; at least one pixel wide and high.
    public static func clamp(_ bb: BoundingBox, width: Int, height: Int) -> Rect {
        func px(_ v: Double, _ size: Int) -> Int { Int(max(0, min(Double(size), (v * Double(size)).rounded()))) }
        var x0 = px(bb.left, width)
        var x1 = px(bb.left + max(0, bb.width), width)
        var y0 = px(bb.top, height)
        var y1 = px(bb.top + max(0, bb.height), height)
        if x1 <= x0 {
            if x0 >= width { x0 = width - 1 }
            x1 = x0 + 1
        }
        if y1 <= y0 {
            if y0 >= height { y0 = height - 1 }
            y1 = y0 + 1
        }
        return Rect(x0: x0, y0: y0, x1: x1, y1: y1)
    }
}
