import Basics

/// An evaluation written out: `text` (an aligned table for people), `json` (README's shape),
/// `csv` (one row per label).
extension Evaluation.Report {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, csv
    }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .json: return json
        case .csv: return csv
        case .text: return text
        }
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return Numbers.exact((value * 1e6).rounded() / 1e6)
    }

    var json: String {
        var out = "{\"images\":\(images),\"iou\":\(Self.number(iou)),\"threshold\":\(Self.number(threshold)),"
        out += "\"mAP\":\(Self.number(mAP)),\"AP50\":\(Self.number(ap50)),\"labels\":{"
        out += labels.map { name, c, curve in
            JSONText.text(name)
                + ":{\"tp\":\(c.tp),\"fp\":\(c.fp),\"fn\":\(c.fn),\"precision\":\(Self.number(c.precision)),"
                + "\"recall\":\(Self.number(c.recall)),\"f1\":\(Self.number(c.f1)),\"AP50\":\(Self.number(curve?.ap50)),"
                + "\"AP\":\(Self.number(curve?.ap)),\"bestThreshold\":\(Self.number(c.bestThreshold)),\"bestF1\":\(Self.number(c.bestF1))}"
        }.joined(separator: ",")
        out += "},\"withoutPredictions\":[" + withoutPredictions.map(JSONText.text).joined(separator: ",") + "]"
        out += ",\"unknownPictures\":[" + unknownPictures.map(JSONText.text).joined(separator: ",") + "]"
        if let confusion {
            out +=
                ",\"confusion\":{"
                + confusion.keys.sorted().map { actual in
                    JSONText.text(actual) + ":{"
                        + confusion[actual]!.keys.sorted().map { JSONText.text($0) + ":\(confusion[actual]![$0]!)" }
                        .joined(separator: ",") + "}"
                }.joined(separator: ",") + "}"
        }
        out += "}\n"
        return out
    }

    var csv: String {
        var out = "label,tp,fp,fn,precision,recall,f1,AP50,AP,bestThreshold,bestF1\n"
        for (name, c, curve) in labels {
            let cells = [
                "\(c.tp)", "\(c.fp)", "\(c.fn)", Self.number(c.precision), Self.number(c.recall), Self.number(c.f1),
                curve?.ap50.map { Self.number($0) } ?? "", curve?.ap.map { Self.number($0) } ?? "", Self.number(c.bestThreshold),
                Self.number(c.bestF1),
            ]
            out += CSVFormat.field(name) + "," + cells.joined(separator: ",") + "\n"
        }
        return out
    }

    var text: String {
        let f = TextTable.thousandths
        let header = ["label", "TP", "FP", "FN", "precision", "recall", "F1", "AP50", "AP", "best at", "best F1"]
        var rows = labels.map { name, c, curve in
            [
                name.escapingControlCharacters, "\(c.tp)", "\(c.fp)", "\(c.fn)", f(c.precision), f(c.recall), f(c.f1), f(curve?.ap50),
                f(curve?.ap), Numbers.exact((c.bestThreshold * 10).rounded() / 10), f(c.bestF1),
            ]
        }
        rows.insert(header, at: 0)
        var out: String
        if confusion != nil {
            out = "\(images) pictures, image classification, counted at confidence \(Numbers.exact(threshold))\n\n"
        } else {
            out = "\(images) pictures, IoU \(Numbers.exact(iou)), counted at confidence \(Numbers.exact(threshold)): "
            out += "mAP \(f(mAP)) (IoU 0.50:0.95), AP50 \(f(ap50))\n\n"
        }
        out += TextTable.render(rows)
        if let confusion {
            // Truth down, top label across.
            let predicted = Set(confusion.values.flatMap(\.keys)).sorted()
            var table = [["truth \\ top"] + predicted]
            for actual in confusion.keys.sorted() {
                table.append([actual] + predicted.map { "\(confusion[actual]![$0] ?? 0)" })
            }
            out += "\n" + TextTable.render(table)
        }
        if !withoutPredictions.isEmpty {
            out +=
                "\n\(withoutPredictions.count) pictures of the truth have no predictions (their truths are missed): "
                + withoutPredictions.prefix(5).joined(separator: ", ") + (withoutPredictions.count > 5 ? ", …" : "") + "\n"
        }
        if !unknownPictures.isEmpty {
            out +=
                "\n\(unknownPictures.count) predicted pictures are not in the truth (not scored): "
                + unknownPictures.prefix(5).joined(separator: ", ") + (unknownPictures.count > 5 ? ", …" : "") + "\n"
        }
        return out
    }
}
