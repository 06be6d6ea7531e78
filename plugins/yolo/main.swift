// rekfilter-format-yolo: YOLO txt, one line per box: `class cx cy w h confidence`, all but the
// class as ratios of the upright picture (clamped to 0…1), the class a number. `-O classes=a,b,c`
// fixes the class numbers (other labels are left out, and said so once each on stderr);
// otherwise classes are numbered in the order they are first seen in the run. In a stream each
// line starts with the frame number. Written on RekFilterPluginKit.
import Glibc
import RekFilterPluginKit

struct YOLO: FormatPlugin {
    static let info = FormatPluginInfo(
        name: "yolo", summary: "YOLO txt: class cx cy w h confidence, normalised (frame first in a stream)", mediaType: "text/plain",
        extensions: ["yolo"])

    let stream: Bool
    let fixed: Bool
    var classes: [String: Int] = [:]
    var warned: Set<String> = []

    init(options: [String: String], stream: Bool) {
        self.stream = stream
        let names = options["classes"].map { $0.split(separator: ",").map(String.init) } ?? []
        fixed = !names.isEmpty
        for (i, name) in names.enumerated() where classes[name] == nil { classes[name] = i }
    }

    mutating func frame(_ frame: PluginFrame, payload: [UInt8]) -> String {
        var text = ""
        for detection in frame.detections {
            guard let box = detection.box else { continue }
            guard let id = classID(detection.label) else { continue }
            func clamp(_ v: Double) -> Double { max(0, min(1, v)) }
            let (x0, y0) = (clamp(box.left), clamp(box.top))
            let (x1, y1) = (clamp(box.left + max(0, box.width)), clamp(box.top + max(0, box.height)))
            let values = [(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0, clamp(detection.confidence / 100)]
            text += (stream ? "\(frame.frame) " : "") + "\(id) " + values.map(Self.decimal).joined(separator: " ") + "\n"
        }
        return text
    }

    mutating func classID(_ label: String) -> Int? {
        if let id = classes[label] { return id }
        guard !fixed else {
            if warned.insert(label).inserted {
                let line = Array("yolo: '\(label)' is not in -O classes: left out\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            }
            return nil
        }
        classes[label] = classes.count
        return classes.count - 1
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

exit(FormatPluginMain.run(YOLO.self))
