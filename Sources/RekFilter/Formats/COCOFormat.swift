/// `coco`: a COCO document — `images`, `annotations` (each a COCO result: `image_id`,
/// `category_id`, `bbox` [x, y, w, h] in pixels clipped to the picture, `score` 0–1, plus `id`, `area`, `iscrowd`)
/// and `categories`, numbered from 1 in order of first appearance. Labels without geometry
/// get a category but no annotation. In a stream, one document for the whole stream, with
/// `image_id` the frame number.
public struct COCOFormat: OutputFormat {
    public static let name = "coco"
    public static let mediaType = "application/json"
    public static let summary = "a COCO document: images, annotations with bbox and score, categories"
    public static let needsPixels = false
    public static let isBinary = false

    private var categories: [String] = []
    private var categoryIDs: [String: Int] = [:]
    private var images: [String] = []
    private var annotations = 0

    public init(settings: FormatSettings) {}

    public func header(stream: Bool) -> [UInt8] { Array("{\"annotations\":[".utf8) }

    public func render(_ result: FrameResult, stream: Bool) throws -> [UInt8] { [] }

    public mutating func emit(_ rendered: [UInt8], for result: FrameResult, to out: any ByteWriter) throws {
        images.append("{\"id\":\(result.index),\"width\":\(result.width),\"height\":\(result.height)}")
        var text = ""
        for label in result.labels {
            let category = categoryID(label.name)
            guard let bb = label.geometry?.boundingBox else { continue }
            let p = bb.pixels(width: result.width, height: result.height)
            annotations += 1
            text += (annotations > 1 ? "," : "") + "\n{\"id\":\(annotations),\"image_id\":\(result.index),\"category_id\":\(category),"
            text += "\"bbox\":[\([p.x, p.y, p.w, p.h].map(Numbers.pixels).joined(separator: ","))],"
            text += "\"area\":\(Numbers.pixels(max(0, p.w) * max(0, p.h))),\"iscrowd\":0,\"score\":\(Numbers.exact(label.confidence / 100))}"
        }
        try out.write(text)
    }

    public mutating func footer(stream: Bool) -> [UInt8] {
        let list = categories.enumerated().map { "{\"id\":\($0.offset + 1),\"name\":\(String(decoding: JSONText.string($0.element), as: UTF8.self))}" }
        return Array("\n],\"images\":[\(images.joined(separator: ","))],\"categories\":[\(list.joined(separator: ","))]}\n".utf8)
    }

    private mutating func categoryID(_ name: String) -> Int {
        if let id = categoryIDs[name] { return id }
        categories.append(name)
        categoryIDs[name] = categories.count
        return categories.count
    }
}
