/// `rekfilter eval --plot FILE.png`: each label's precision–recall curve (its cut at each
/// confidence, at the evaluation's IoU), its F1-best point marked, axes with ticks, and a legend
/// with AP50 and the best cut — drawn with the project's own canvas and fonts.
public enum PrecisionRecallPlot {
    static let width = 1000
    static let height = 640
    static let plot = (x0: 90, y0: 50, x1: 660, y1: 570)

    public static func png(_ report: Evaluation.Report, fontPath: String? = nil) throws -> [UInt8] {
        let buffer = try PixelBuffer(width: width, height: height, channels: 3)
        let canvas = Canvas(buffer)
        let white = RGB(hex: 0xFFFFFF)
        let ink = RGB(hex: 0x202020)
        let grid = RGB(hex: 0xE4E4E4)
        canvas.fill(x0: 0, y0: 0, x1: width, y1: height, color: white)
        let face = Fonts.load(path: fontPath, pixelSize: 15)
        let small = Fonts.load(path: fontPath, pixelSize: 13)
        let (x0, y0, x1, y1) = plot
        func x(_ recall: Double) -> Double { Double(x0) + recall * Double(x1 - x0) }
        func y(_ precision: Double) -> Double { Double(y1) - precision * Double(y1 - y0) }
        // Grid and ticks every 0.2.
        for i in 0...5 {
            let v = Double(i) / 5
            let label = i == 5 ? "1.0" : "0.\(i * 2)"
            canvas.stroke(x0: Int(x(v)), y0: y0, x1: Int(x(v)) + 1, y1: y1, thickness: 1, color: grid)
            canvas.stroke(x0: x0, y0: Int(y(v)), x1: x1, y1: Int(y(v)) + 1, thickness: 1, color: grid)
            canvas.text(label, x: Int(x(v)) - small.width(of: label) / 2, baseline: y1 + 20, face: small, color: ink)
            canvas.text(label, x: x0 - 10 - small.width(of: label), baseline: Int(y(v)) + 5, face: small, color: ink)
        }
        canvas.stroke(x0: x0, y0: y0, x1: x1, y1: y1, thickness: 2, color: ink)
        let title =
            "precision and recall at IoU \(Numbers.exact(report.iou)) (mAP \(TextTable.thousandths(report.mAP)), AP50 \(TextTable.thousandths(report.ap50)))"
        canvas.text(title, x: x0, baseline: y0 - 18, face: face, color: ink)
        canvas.text("recall", x: (x0 + x1) / 2 - face.width(of: "recall") / 2, baseline: y1 + 48, face: face, color: ink)
        canvas.text("precision", x: 12, baseline: y0 - 18 + 0, face: small, color: ink)
        // Curves: each cut's point joined to the next, the F1-best one marked.
        var legendY = y0 + 10
        for (name, counts, curve) in report.labels where !counts.curve.isEmpty || curve?.precision != nil {
            let color = Palette.color(for: name)
            var last: (Double, Double)?
            for point in counts.curve {
                let p = (x(point.recall), y(point.precision))
                if let last { canvas.line(x0: last.0, y0: last.1, x1: p.0, y1: p.1, thickness: 2, color: color) }
                last = p
            }
            if let best = counts.curve.first(where: { $0.confidence == counts.bestThreshold }), counts.bestF1 > 0 {
                let (bx, by) = (Int(x(best.recall)), Int(y(best.precision)))
                canvas.fill(x0: bx - 6, y0: by - 6, x1: bx + 7, y1: by + 7, color: ink)
                canvas.fill(x0: bx - 4, y0: by - 4, x1: bx + 5, y1: by + 5, color: color)
            }
            // The legend: swatch, name, AP50 and the cut that maximises F1.
            guard legendY < height - 30 else { continue }
            canvas.fill(x0: x1 + 20, y0: legendY, x1: x1 + 36, y1: legendY + 12, color: color)
            canvas.text(name.escapingControlCharacters, x: x1 + 44, baseline: legendY + 11, face: face, color: ink)
            let detail =
                "AP50 \(TextTable.thousandths(curve?.ap50))  best F1 \(TextTable.thousandths(counts.bestF1)) at \(Numbers.exact((counts.bestThreshold * 10).rounded() / 10))"
            canvas.text(detail, x: x1 + 44, baseline: legendY + 29, face: small, color: ink)
            legendY += 44
        }
        return try PNGCodec.encode(buffer)
    }
}
