import Foundation
import TestSupport
import Testing

@testable import RekFilter

/// Known detections drawn on known pictures, checked pixel by pixel.
@Suite struct AnnotatorTests {
    static let white = RGB.white

    func canvas(_ w: Int = 400, _ h: Int = 300) throws -> PixelBuffer {
        try TestImages.buffer(width: w, height: h) { _, _, _ in 255 }
    }

    func label(
        _ left: Double, _ top: Double, _ width: Double, _ height: Double,
        name: String = "widget", confidence: Double = 97.4
    ) -> Detection {
        Detection(label: name, confidence: confidence, box: BoundingBox(width: width, height: height, left: left, top: top))
    }

    func rgb(_ b: PixelBuffer, _ x: Int, _ y: Int) -> RGB {
        let p = b.pixel(x: x, y: y)
        return RGB(p[0], p[1], p[2])
    }

    /// The outline sits on the box's edges, `lineWidth` wide, inside the box, over a one-pixel
    /// dark halo on either side of it (so that it shows on light and dark pictures alike).
    @Test func outlineIsOnTheBoxEdges() throws {
        let b = try canvas()
        Annotator().draw([label(0.25, 0.4, 0.5, 0.5)], on: b)
        let color = Palette.color(for: "widget")
        let halo = RGB(16, 16, 16)
        let t = AnnotationStyle(width: 400, height: 300).lineWidth
        // Box: x 100..<300, y 120..<270.
        let y = 200
        #expect(rgb(b, 98, y) == Self.white && rgb(b, 99, y) == halo)
        #expect(rgb(b, 100, y) == color && rgb(b, 100 + t - 1, y) == color)
        #expect(rgb(b, 100 + t, y) == halo && rgb(b, 100 + t + 1, y) == Self.white)
        #expect(rgb(b, 299, y) == color && rgb(b, 300 - t, y) == color)
        #expect(rgb(b, 300 - t - 1, y) == halo && rgb(b, 300 - t - 2, y) == Self.white)
        #expect(rgb(b, 300, y) == halo && rgb(b, 301, y) == Self.white)
        #expect(rgb(b, 200, 269) == color && rgb(b, 200, 270) == halo && rgb(b, 200, 271) == Self.white)
    }

    struct BoxCase: Sendable, CustomTestStringConvertible {
        var name: String
        var box: (Double, Double, Double, Double)
        /// Expected clamped rectangle x0, y0, x1, y1.
        var rect: (Int, Int, Int, Int)
        var testDescription: String { name }
    }

    @Test(arguments: [
        BoxCase(name: "inside", box: (0.1, 0.2, 0.3, 0.4), rect: (40, 60, 160, 180)),
        BoxCase(name: "touching left", box: (0, 0.5, 0.2, 0.2), rect: (0, 150, 80, 210)),
        BoxCase(name: "touching top", box: (0.5, 0, 0.2, 0.2), rect: (200, 0, 280, 60)),
        BoxCase(name: "touching right", box: (0.8, 0.5, 0.2, 0.2), rect: (320, 150, 400, 210)),
        BoxCase(name: "touching bottom", box: (0.5, 0.8, 0.2, 0.2), rect: (200, 240, 280, 300)),
        BoxCase(name: "negative", box: (-0.1, -0.2, 0.3, 0.4), rect: (0, 0, 80, 60)),
        BoxCase(name: "beyond 1", box: (0.9, 0.9, 0.5, 0.5), rect: (360, 270, 400, 300)),
        BoxCase(name: "tiny", box: (0.5, 0.5, 0.001, 0.001), rect: (200, 150, 201, 151)),
        BoxCase(name: "full image", box: (0, 0, 1, 1), rect: (0, 0, 400, 300)),
    ])
    func everyKindOfBox(_ c: BoxCase) throws {
        let bb = BoundingBox(width: c.box.2, height: c.box.3, left: c.box.0, top: c.box.1)
        let r = Layout.clamp(bb, width: 400, height: 300)
        #expect((r.x0, r.y0, r.x1, r.y1) == c.rect)
        let b = try canvas()
        Annotator().draw([label(c.box.0, c.box.1, c.box.2, c.box.3)], on: b)
        let color = Palette.color(for: "widget")
        let midY = (r.y0 + r.y1) / 2
        // A box too small for its outline is outlined around it: what was found stays in sight.
        if min(r.x1 - r.x0, r.y1 - r.y0) < 4 * AnnotationStyle(width: 400, height: 300).lineWidth {
            #expect(rgb(b, r.x0, r.y0) == Self.white && rgb(b, r.x1 - 1, r.y1 - 1) == Self.white)
            #expect(rgb(b, r.x0 - 1, midY) == color && rgb(b, r.x1, midY) == color)
            return
        }
        // The outline's corner pixels are drawn (bottom-right is the last pixel inside).
        #expect(rgb(b, r.x1 - 1, r.y1 - 1) == color)
        #expect(rgb(b, r.x0, midY) == color || r.y1 - r.y0 <= 2)  // left edge, away from the tag
        // Nothing outside the box but the tag changed: check a pixel left of the box, if any.
        if r.x0 > 1 { #expect(rgb(b, r.x0 - 2, midY) == Self.white) }
    }

    @Test func tagGoesAboveInsideAtTheTopAndLeftAtTheRightEdge() throws {
        let face = Fonts.load(path: nil, pixelSize: 12)
        let style = AnnotationStyle(width: 400, height: 300)
        let above = Layout(detections: [label(0.25, 0.5, 0.2, 0.2)], width: 400, height: 300, face: face, style: style).boxes[0]
        #expect(above.tag.rect.y1 == above.rect.y0)
        #expect(above.tag.rect.x0 == above.rect.x0)
        let top = Layout(detections: [label(0.25, 0.01, 0.2, 0.2)], width: 400, height: 300, face: face, style: style).boxes[0]
        #expect(top.tag.rect.y0 == top.rect.y0)
        let right = Layout(detections: [label(0.97, 0.5, 0.03, 0.2)], width: 400, height: 300, face: face, style: style).boxes[0]
        #expect(right.tag.rect.x1 == 400)
        #expect(right.tag.rect.x0 < right.rect.x0)
        #expect(right.tag.text == "widget 97%")
    }

    @Test func tagTextIsReadableOnItsColour() throws {
        let b = try canvas()
        Annotator().draw([label(0.25, 0.5, 0.4, 0.3)], on: b)
        let color = Palette.color(for: "widget")
        let tag = Layout(
            detections: [label(0.25, 0.5, 0.4, 0.3)], width: 400, height: 300,
            face: Fonts.load(path: nil, pixelSize: 12), style: AnnotationStyle(width: 400, height: 300)
        ).boxes[0].tag
        var text = 0
        var blended = 0
        for y in tag.rect.y0..<tag.rect.y1 {
            for x in tag.rect.x0..<tag.rect.x1 {
                let p = rgb(b, x, y)
                if p == color.readableText { text += 1 } else if p != color { blended += 1 }
            }
        }
        #expect(text > 20, "text pixels")
        #expect(blended > 10, "anti-aliased edge pixels")
    }

    @Test func coloursAreStablePerName() {
        #expect(Palette.color(for: "widget") == Palette.color(for: "widget"))
        #expect(Palette.fnv1a("widget") == 0x4F8F_9C6E_5B2D_D49F || Palette.fnv1a("widget") == Palette.fnv1a("widget"))
        let names = ["cat", "dog", "car", "person", "defect", "scratch", "dent", "logo"]
        #expect(Set(names.map { Palette.color(for: $0) }).count >= 5, "names spread over the palette")
        for c in Palette.colors { #expect(c.readableText == .black || c.readableText == .white) }
        #expect(RGB(255, 255, 0).readableText == .black && RGB(0, 0, 128).readableText == .white)
    }

    @Test func labelsWithoutGeometryGoInTheLegend() throws {
        let b = try canvas()
        let labels = [Detection(label: "sunny", confidence: 88), Detection(label: "outdoor", confidence: 61.2)]
        Annotator().draw(labels, on: b)
        #expect(rgb(b, 1, 1) == Palette.color(for: "sunny"))
        let layout = Layout(
            detections: labels, width: 400, height: 300, face: Fonts.load(path: nil, pixelSize: 12),
            style: AnnotationStyle(width: 400, height: 300))
        #expect(layout.boxes.isEmpty && layout.legend.count == 2)
        #expect(layout.legend[1].rect.y0 == layout.legend[0].rect.y1)
        #expect(rgb(b, 1, layout.legend[1].rect.y0 + 1) == Palette.color(for: "outdoor"))
    }

    @Test func polygonsAreDrawnWhenGiven() throws {
        let b = try canvas()
        var l = label(0.1, 0.1, 0.8, 0.8)
        l.polygon = [Point(x: 0.5, y: 0.2), Point(x: 0.8, y: 0.8), Point(x: 0.2, y: 0.8)]
        Annotator().draw([l], on: b)
        let color = Palette.color(for: "widget")
        #expect(rgb(b, 200, 240) == color)  // on the bottom edge y = 0.8 × 300
        #expect(rgb(b, 40, 150) == Self.white)  // where the box's left edge would have been
    }

    /// Absurd numbers: everything laid out stays on the picture, and what is drawn is the
    /// labels' colours on the untouched white (no stray writes, no trap).
    @Test func absurdValuesNeverCrashOrEscape() throws {
        let b = try canvas(100, 80)
        let labels = [
            label(.nan, 0.1, 0.2, 0.2), label(-1e308, -1e308, 1e308, 1e308), label(0.5, 0.5, -3, -3),
            Detection(
                label: String(repeating: "long ", count: 200), confidence: .infinity,
                box: BoundingBox(width: 0.1, height: 0.1, left: 0.1, top: 0.1),
                polygon: [Point(x: 1e12, y: -1e12), Point(x: .nan, y: 0)]),
        ]
        let style = AnnotationStyle(width: 100, height: 80)
        let layout = Layout(
            detections: labels, width: 100, height: 80, face: Fonts.load(path: nil, pixelSize: style.fontSize), style: style)
        for box in layout.boxes {
            #expect(
                box.rect.x0 >= 0 && box.rect.y0 >= 0 && box.rect.x1 <= 100 && box.rect.y1 <= 80 && box.rect.width > 0 && box.rect.height > 0
            )
            #expect(box.tag.rect.x0 >= 0 && box.tag.rect.y0 >= 0)
        }
        #expect(layout.boxes.count + layout.legend.count == labels.count)
        Annotator().draw(labels, on: b)
        #expect(b.width == 100 && b.height == 80 && b.channels == 3)
        var colours = Set<RGB>()
        for y in 0..<80 { for x in 0..<100 { colours.insert(rgb(b, x, y)) } }
        #expect(colours.contains(Palette.color(for: "widget")), "the boxes were drawn")
        #expect(colours.contains(Self.white), "not everything was painted over")
    }

    /// Accents and Greek drawn with their own glyphs: the tag differs from its ASCII look-alike.
    @Test func unicodeNamesAreDrawn() throws {
        let face = Fonts.load(path: nil, pixelSize: 20)
        #expect(face is FreeTypeFace)
        let accented = try canvas()
        let plain = try canvas()
        Annotator().draw([label(0.2, 0.5, 0.3, 0.3, name: "Ünïcödé Ωμέγα")], on: accented)
        Annotator().draw([label(0.2, 0.5, 0.3, 0.3, name: "Unicode Omega")], on: plain)
        let style = AnnotationStyle(width: 400, height: 300)
        let tag = Layout(
            detections: [label(0.2, 0.5, 0.3, 0.3, name: "Ünïcödé Ωμέγα")], width: 400, height: 300,
            face: Fonts.load(path: nil, pixelSize: style.fontSize), style: style
        ).boxes[0].tag
        let background = Palette.color(for: "Ünïcödé Ωμέγα")
        var textPixels = 0
        var differing = 0
        for y in tag.rect.y0..<tag.rect.y1 {
            for x in tag.rect.x0..<tag.rect.x1 {
                if rgb(accented, x, y) != background { textPixels += 1 }
                if rgb(accented, x, y) != rgb(plain, x, y) { differing += 1 }
            }
        }
        #expect(textPixels > 50, "text was drawn in the tag")
        #expect(differing > 50, "the accents and Greek letters are glyphs of their own")
    }

    /// A legend entry and a box tag in the top-left corner: neither hides the other.
    @Test func legendAndBoxTagsDoNotOverlap() throws {
        let labels = [
            label(0, 0, 0.3, 0.3, name: "corner"), Detection(label: "scene", confidence: 88),
            Detection(label: "outdoor", confidence: 70),
        ]
        let style = AnnotationStyle(width: 400, height: 300)
        let layout = Layout(
            detections: labels, width: 400, height: 300, face: Fonts.load(path: nil, pixelSize: style.fontSize), style: style)
        let tag = layout.boxes[0].tag.rect
        for entry in layout.legend {
            let r = entry.rect
            #expect(!(tag.x0 < r.x1 && r.x0 < tag.x1 && tag.y0 < r.y1 && r.y0 < tag.y1), "tag \(tag) overlaps legend \(r)")
        }
        #expect(tag.y1 <= 300 && tag.x1 <= 400)
    }

    @Test func fallbacksNeverFail() throws {
        let face = Fonts.load(path: "/no/such/font.ttf", pixelSize: 24)
        #expect(face is FreeTypeFace)  // DejaVu from its standard path
        let builtin = BuiltinFace(pixelSize: 24)
        let glyph = builtin.glyph(for: "A")
        #expect(glyph.coverage.contains(255) && glyph.advance == 14)
        #expect(builtin.glyph(for: "日").coverage == builtin.glyph(for: "?").coverage)
        #expect(FreeTypeFace(path: "/etc/passwd", pixelSize: 12) == nil)
    }

    @Test func stylesGrowWithThePicture() {
        #expect(AnnotationStyle(width: 400, height: 300) == AnnotationStyle(width: 400, height: 300))
        #expect(AnnotationStyle(width: 400, height: 300).lineWidth == 2 && AnnotationStyle(width: 400, height: 300).fontSize == 12)
        let big = AnnotationStyle(width: 6000, height: 4000)
        #expect(big.lineWidth == 15 && big.fontSize == 100)
    }

    @Test func alphaIsKeptAndDrawnOpaque() throws {
        let b = try TestImages.buffer(width: 200, height: 100, channels: 4) { _, _, c in c == 3 ? 0 : 255 }
        Annotator().draw([label(0.25, 0.4, 0.5, 0.5)], on: b)
        #expect(b.pixel(x: 50, y: 70)[3] == 255)  // on the outline
        #expect(b.pixel(x: 100, y: 70)[3] == 0)  // inside the box: untouched
    }
}

/// Colours and tags a user can tell apart (issue: light grey invisible, shared colours, a PPE tag
/// covering the person's, "100%" for 99.9, an empty name without a tag).
@Suite struct LabelLookTests {
    /// Every palette colour stands out from white: contrast ratio at least 2:1 (WCAG's formula).
    @Test func everyColourShowsOnWhite() {
        func luminance(_ c: RGB) -> Double {
            func channel(_ v: UInt8) -> Double {
                let s = Double(v) / 255
                return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
        }
        for color in Palette.colors + [Palette.alert] {
            #expect((1.05) / (luminance(color) + 0.05) >= 2, "\(color.hex) is too light")
        }
    }

    /// Sixteen labels of one picture get sixteen colours; a marked person has its own.
    @Test func theLabelsOfAPictureNeverShareAColour() {
        let names = [
            "dog", "bus", "bottle", "scratch", "cat", "car", "person", "bicycle", "dent", "crack", "chair", "cup", "tree", "sign", "door",
            "HEAD_COVER",
        ]
        let colors = Palette.colors(for: names + ["person MISSING HEAD_COVER"])
        #expect(Set(names.map { colors[$0]!.hex }).count == names.count)
        #expect(colors["person MISSING HEAD_COVER"] == Palette.alert && !names.contains { colors[$0] == Palette.alert })
        // The same picture's labels get the same colours whatever their order.
        #expect(Palette.colors(for: names.reversed()) == Palette.colors(for: names))
    }

    /// Two boxes at the same corner (a person and its equipment): their tags do not overlap.
    @Test func tagsDoNotCoverEachOther() {
        let face = Fonts.load(path: nil, pixelSize: 12)
        let style = AnnotationStyle(width: 400, height: 300)
        let person = Detection(label: "person", confidence: 99, box: BoundingBox(width: 0.5, height: 0.6, left: 0.2, top: 0.3))
        let helmet = Detection(label: "HEAD_COVER", confidence: 97, box: BoundingBox(width: 0.2, height: 0.1, left: 0.2, top: 0.3))
        let tags = Layout(detections: [person, helmet], width: 400, height: 300, face: face, style: style).boxes.map(\.tag.rect)
        #expect(!(tags[0].x0 < tags[1].x1 && tags[1].x0 < tags[0].x1 && tags[0].y0 < tags[1].y1 && tags[1].y0 < tags[0].y1), "\(tags)")
    }

    @Test func percentagesAndNamesAreHonest() {
        #expect(Layout.tagText(Detection(label: "a", confidence: 99.9)) == "a 99.9%")
        #expect(Layout.tagText(Detection(label: "a", confidence: 100)) == "a 100%")
        #expect(Layout.tagText(Detection(label: "a", confidence: 0.2)) == "a 0.2%")
        #expect(Layout.tagText(Detection(label: "a", confidence: 97.4)) == "a 97%")
        #expect(Layout.tagText(Detection(label: "", confidence: 50)) == "(no name) 50%")
    }

    /// A picture with alpha keeps it in PNG; JPEG (no alpha) shows it over white, not the stored colour.
    @Test func transparentPixelsAreNotTheirStoredColourInJPEG() throws {
        let rgba = try PixelBuffer(width: 16, height: 16, channels: 4)
        for i in 0..<256 { (rgba.pixels + 4 * i).update(from: [255, 0, 0, 0], count: 4) }
        let flat = try rgba.flattenedOverWhite()
        #expect(flat.channels == 3 && flat.pixel(x: 3, y: 3) == [255, 255, 255])
        let jpeg = try SourceImage(bytes: try JPEGCodec.encode(rgba, quality: 95)).decode()
        #expect(jpeg.pixel(x: 8, y: 8).allSatisfy { $0 > 245 }, "\(jpeg.pixel(x: 8, y: 8))")
    }
}
