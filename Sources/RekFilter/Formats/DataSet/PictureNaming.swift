/// What each picture is called in the data-set formats (COCO's `file_name`, VOC's `<filename>`,
/// Label Studio's `data.image`, the YOLO and VOC archive members, the manifest's `source-ref`).
/// In order: `--image-name` (a template in a stream), `--source-ref` (likewise), the `--s3`
/// URI, the name of the file on stdin (`rekfilter < photo.jpg`), else `image.EXT` for a single
/// picture and `frame-000000.EXT` in a stream.
public struct PictureNaming: Sendable, Equatable {
    /// `--image-name`: a name or, in a stream, a template whose `%d`, `%06d` … take the frame number.
    public var template: String?
    /// `--source-ref` (or the `--s3` URI).
    public var sourceRef: String?
    /// The file on stdin, when stdin is a regular file (single pictures only).
    public var stdinName: String?

    public init(template: String? = nil, sourceRef: String? = nil, stdinName: String? = nil) {
        self.template = template
        self.sourceRef = sourceRef
        self.stdinName = stdinName
    }

    /// The name of picture `frame` (its format gives the default's extension).
    public func name(frame: Int, stream: Bool, format: ImageFormat?) -> String {
        if let template { return Self.expand(template, frame: frame, stream: stream) }
        if let sourceRef { return Self.expand(sourceRef, frame: frame, stream: stream) }
        if !stream, let stdinName { return stdinName }
        let ext = format == .png ? "png" : "jpg"
        guard stream else { return "image." + ext }
        let number = String(frame)
        return "frame-" + String(repeating: "0", count: max(0, 6 - number.count)) + number + "." + ext
    }

    /// `%d`-style conversions (`%d`, `%05d`, `%%`) take the frame number in a stream; any other
    /// `%` stays as it is (`%20` in a URL), and a single picture's name is used as given.
    public static func expand(_ template: String, frame: Int, stream: Bool) -> String {
        guard stream, template.contains("%") else { return template }
        var out = ""
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            var spec = rest[rest.index(after: percent)...]
            if spec.first == "%" {
                out += "%"
                rest = spec.dropFirst()
                continue
            }
            let digits = spec.prefix { $0.isASCII && $0.isNumber }
            spec = spec.dropFirst(digits.count)
            guard spec.first == "d" else {
                out += "%"
                rest = rest[rest.index(after: percent)...]
                continue
            }
            let number = String(frame)
            let width = Int(digits.prefix(3)) ?? 0
            let pad = digits.hasPrefix("0") ? "0" : " "
            out += String(repeating: pad, count: max(0, min(width, 64) - number.count)) + number
            rest = spec.dropFirst()
        }
        return out + rest
    }

    /// Whether a template takes the frame number (so that a stream's pictures get distinct names).
    public static func takesFrameNumber(_ template: String) -> Bool {
        expand(template, frame: 0, stream: true) != expand(template, frame: 1, stream: true)
    }

    /// The last part of a path or URI (`s3://b/a/x.jpg` → `x.jpg`).
    public static func baseName(_ name: String) -> String {
        String(name.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(name))
    }

    /// The base name without its extension (`x.jpg` → `x`), for a label file beside the picture.
    public static func stem(_ name: String) -> String {
        let base = baseName(name)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }
}
