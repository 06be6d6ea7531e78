// rekfilter-format-yolo: YOLO labels in the training format Ultralytics reads — one line per
// box, `class cx cy w h`, all but the class as ratios of the upright picture (clamped to 0…1).
// `-O conf=true` adds the confidence (0–1) as a sixth column, as Ultralytics' `save_conf` does
// (training refuses such files). Classes: `--classes` (or `-O classes=a,b,c`) fixes their
// numbers; other labels get the next numbers in the order first seen, and are said once.
// Boxes less than a pixel once clipped, and frames that failed, are left out (and said).
//
// A single picture's output is its label file. A stream's is a tar archive, written as the
// frames come: `labels/NAME.txt` for each frame (NAME from --image-name, default frame-000000),
// then `classes.txt` and a `data.yaml` listing the names — put the frames under `images/`
// beside `labels/` and it is a data set. Written on RekFilterPluginKit.
import Glibc
import RekFilterPluginKit

struct YOLO: FormatPlugin {
    static let info = FormatPluginInfo(
        name: "yolo", summary: "YOLO labels: class cx cy w h, normalised (a stream: a tar of labels/*.txt, classes.txt, data.yaml)",
        mediaType: "text/plain", extensions: ["yolo"])

    let stream: Bool
    let confidence: Bool
    let pinned: Int
    var names: [String] = []
    var classes: [String: Int] = [:]
    var seen: Set<String> = []
    var dropped = 0

    init(options: [String: String], stream: Bool) throws {
        try self.init(begin: PluginBegin(options: options, stream: stream))
    }

    init(begin: PluginBegin) throws {
        stream = begin.stream
        switch begin.options["conf"]?.lowercased() {
        case nil, "false", "0", "no": confidence = false
        case "true", "1", "yes": confidence = true
        case let other?: throw YOLOError("-O conf takes true or false, got '\(other)'")
        }
        let listed = begin.classes.isEmpty ? (begin.options["classes"] ?? "").split(separator: ",").map(String.init) : begin.classes
        for name in listed where classes[name] == nil {
            classes[name] = names.count
            names.append(name)
        }
        pinned = names.count
    }

    mutating func frameBytes(_ frame: PluginFrame, payload: [UInt8]) throws -> [UInt8] {
        if let error = frame.error {
            pluginWarning("yolo", "frame \(frame.frame) left out: it failed (\(error))")
            return []
        }
        let (w, h) = (Double(frame.image.width), Double(frame.image.height))
        var text = ""
        for detection in frame.detections {
            guard let box = detection.box else { continue }
            func clamp(_ v: Double) -> Double { v.isNaN ? 0 : max(0, min(1, v)) }
            let (x0, y0) = (clamp(box.left), clamp(box.top))
            let (x1, y1) = (clamp(box.left + max(0, box.width)), clamp(box.top + max(0, box.height)))
            guard (x1 - x0) * w >= 1, (y1 - y0) * h >= 1 else {
                dropped += 1
                continue
            }
            var values = [(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0]
            if confidence { values.append(clamp(detection.confidence / 100)) }
            text += "\(classID(detection.label)) " + values.map(Self.decimal).joined(separator: " ") + "\n"
        }
        guard stream else { return Array(text.utf8) }
        return TarWriter.member("labels/" + Self.stem(frame.image.name, frame: frame.frame) + ".txt", Array(text.utf8), modified: time(nil))
    }

    mutating func endBytes(frames: Int) throws -> [UInt8] {
        if dropped > 0 { pluginWarning("yolo", "\(dropped) box(es) less than a pixel once clipped to the picture left out") }
        guard stream else { return [] }
        var yaml = "# Written by rekfilter: put the pictures in images/ beside labels/.\npath: .\ntrain: images\nval: images\n"
        yaml += "nc: \(names.count)\nnames:\n" + names.enumerated().map { "  \($0.offset): \(Self.quoted($0.element))\n" }.joined()
        return TarWriter.member("classes.txt", Array(names.map { $0 + "\n" }.joined().utf8), modified: time(nil))
            + TarWriter.member("data.yaml", Array(yaml.utf8), modified: time(nil)) + TarWriter.end
    }

    mutating func classID(_ label: String) -> Int {
        if let id = classes[label] { return id }
        let id = names.count
        classes[label] = id
        names.append(label)
        if pinned > 0 && seen.insert(label).inserted {
            pluginWarning("yolo", "label '\(label)' is not in --classes: numbered \(id) (it may differ in another run)")
        }
        return id
    }

    /// A label file's name: the picture's name without folder or extension, made safe as a
    /// member name (no `..`, no control characters); `frame-000042` when there is none.
    static func stem(_ name: String?, frame: Int) -> String {
        var base = String((name ?? "").split(separator: "/").last ?? "")
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        base = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        if base.isEmpty || base.allSatisfy({ $0 == "." }) {
            let number = String(frame)
            return "frame-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
        }
        return base
    }

    /// A YAML double-quoted scalar (JSON's escapes are YAML's).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Six decimals, without trailing zeros.
    static func decimal(_ v: Double) -> String {
        let scaled = Int((v * 1_000_000).rounded())
        var text = String(scaled / 1_000_000)
        var fraction = String(scaled % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return text
    }
}

struct YOLOError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

exit(FormatPluginMain.run(YOLO.self))
