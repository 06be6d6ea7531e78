/// `coco`: a COCO document — `images`, `annotations` (each a COCO result: `image_id`,
/// `category_id`, `bbox` [x, y, w, h] in pixels clipped to the picture, `score` 0–1, plus `id`,
/// `area`, `iscrowd`) and `categories`, numbered from 1 in order of first appearance. Labels
/// without a box get a category but no annotation. In a stream, one document for the whole
/// stream, with `image_id` the frame number.
public enum COCOFormat {
    public static let descriptor = FormatDescriptor(
        name: "coco", fileExtensions: ["coco"], mediaType: "application/json",
        summary: "a COCO document: images, annotations with bbox and score, categories"
    ) { _ in .init(renderer: NoRenderer(), writer: Writer()) }

    /// Numbers annotations and categories across the run, in frame order.
    struct Writer: OutputWriter {
        private var categories: [String] = []
        private var categoryIDs: [String: Int] = [:]
        private var images: [String] = []
        private var annotations = 0

        mutating func begin(stream: Bool, to out: any ByteWriter) throws { try out.write("{\"annotations\":[") }

        mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {
            images.append("{\"id\":\(frame.index),\"width\":\(frame.width),\"height\":\(frame.height)}")
            var text = ""
            for detection in frame.detections {
                let category = categoryID(detection.label)
                guard let box = detection.box else { continue }
                let p = box.pixels(width: frame.width, height: frame.height)
                annotations += 1
                text += (annotations > 1 ? "," : "") + "\n{\"id\":\(annotations),\"image_id\":\(frame.index),\"category_id\":\(category),"
                text += "\"bbox\":[\([p.x, p.y, p.w, p.h].map(Numbers.pixels).joined(separator: ","))],"
                text += "\"area\":\(Numbers.pixels(p.w * p.h)),\"iscrowd\":0,\"score\":\(Numbers.exact(detection.confidence / 100))}"
            }
            try out.write(text)
        }

        mutating func end(stream: Bool, to out: any ByteWriter) throws {
            let list = categories.enumerated().map { "{\"id\":\($0.offset + 1),\"name\":\(JSONText.text($0.element))}" }
            try out.write("\n],\"images\":[\(images.joined(separator: ","))],\"categories\":[\(list.joined(separator: ","))]}\n")
        }

        private mutating func categoryID(_ name: String) -> Int {
            if let id = categoryIDs[name] { return id }
            categories.append(name)
            categoryIDs[name] = categories.count
            return categories.count
        }
    }
}
