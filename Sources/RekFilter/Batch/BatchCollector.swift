import AWSCore
import Basics
import FoundationEssentials

/// `--collect FORMAT:FILE` (README, Batch): one document for the whole run, made from every
/// input's detections — those done now, those skipped as present (read back from their `json`
/// result) and those served from the cache — and, in `jsonl`, the failed ones with their error.
/// Entries are kept as inputs end (on any thread) and written in key order when the run ends.
public final class BatchCollector: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case coco, manifest, jsonl, csv
    }

    /// One `--collect`: what to write, and where (a file, or an s3:// URI).
    public struct Target: Sendable, Equatable {
        public var kind: Kind
        public var place: String

        /// `coco:all.json`, `jsonl:s3://bucket/run.jsonl`.
        public init?(_ text: String) {
            guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon]).lowercased()) else {
                return nil
            }
            let place = String(text[text.index(after: colon)...])
            guard !place.isEmpty else { return nil }
            self.kind = kind
            self.place = place
        }
    }

    struct Entry: Sendable {
        var input: BatchInput
        /// The detections and picture size (nil for a failed input).
        var frame: FrameResult?
        /// The saved `-f json` object of an input skipped as present.
        var saved: [UInt8]?
        var error: String?
    }

    public let targets: [Target]
    private let entries = Locked<[Entry]>([])

    public init(targets: [Target]) {
        self.targets = targets
    }

    /// An input done now: its frame, without the pixels.
    func add(_ input: BatchInput, frame: FrameResult) {
        var frame = frame
        frame.pixels = nil
        frame.source = nil
        let entry = Entry(input: input, frame: frame)
        entries.withLock { $0.append(entry) }
    }

    /// An input skipped as present, from its saved `json` result.
    func addSaved(_ input: BatchInput, json: [UInt8]) throws {
        let found = try SavedDetections.parse(json)
        struct Size: Decodable {
            struct Image: Decodable {
                var width: Int
                var height: Int
                enum CodingKeys: String, CodingKey {
                    case width = "Width"
                    case height = "Height"
                }
            }
            var image: Image
            enum CodingKeys: String, CodingKey { case image = "Image" }
        }
        guard let size = try? JSONDecoder().decode(Size.self, from: Data(json)) else {
            throw DetectionsParseError("no Image with Width and Height")
        }
        let frame = FrameResult(
            index: 0, found: found, width: size.image.width, height: size.image.height, pixels: nil, source: nil, name: input.key)
        entries.withLock { $0.append(Entry(input: input, frame: frame, saved: json)) }
    }

    func addFailure(_ input: BatchInput, error: String) {
        entries.withLock { $0.append(Entry(input: input, error: error)) }
    }

    /// Every target's document, in key order. `sourceRef`: an input's manifest source-ref.
    public func documents(options: FormatOptions, services: FormatServices, sourceRef: (BatchInput) -> String?) throws -> [(
        Target, [UInt8]
    )] {
        let all = entries.withLock { $0 }.sorted { $0.input.key < $1.input.key }
        return try targets.map { target in (target, try document(target.kind, all, options, services, sourceRef)) }
    }

    private func document(
        _ kind: Kind, _ all: [Entry], _ options: FormatOptions, _ services: FormatServices, _ sourceRef: (BatchInput) -> String?
    ) throws -> [UInt8] {
        let frames = all.compactMap { entry -> FrameResult? in
            guard var frame = entry.frame else { return nil }
            frame.name = entry.input.key
            return frame
        }
        switch kind {
        case .coco:
            let numbered = frames.enumerated().map { n, frame in
                var frame = frame
                frame.index = n
                return frame
            }
            let out = ByteBuffer()
            try COCOFormat.descriptor.make(options, services).write(numbered, stream: true, to: out)
            return out.bytes
        case .manifest:
            var out: [UInt8] = []
            for entry in all {
                guard var frame = entry.frame, let reference = sourceRef(entry.input) else { continue }
                frame.name = entry.input.key
                var options = options
                options.manifest.sourceRef = reference
                options.naming.sourceRef = reference
                let buffer = ByteBuffer()
                try ManifestFormat.descriptor.make(options, services).write([frame], stream: false, to: buffer)
                out += buffer.bytes
            }
            return out
        case .jsonl:
            var out: [UInt8] = []
            for entry in all {
                let head = "{\"Key\":" + JSONText.text(entry.input.key) + ",\"Source\":" + JSONText.text(entry.input.source)
                var object: [UInt8]
                if let saved = entry.saved {
                    object = saved
                } else if let frame = entry.frame {
                    let buffer = ByteBuffer()
                    try JSONFormat.descriptor.make(options, services).write([frame], stream: false, to: buffer)
                    object = buffer.bytes
                } else {
                    out += Array((head + ",\"Error\":" + JSONText.text(entry.error ?? "failed") + "}\n").utf8)
                    continue
                }
                while object.last == 10 || object.last == 32 { object.removeLast() }
                guard let brace = object.firstIndex(of: UInt8(ascii: "{")) else { continue }
                let rest = object[(brace + 1)...].drop { $0 == 32 || $0 == 10 }
                out += Array(head.utf8) + (rest.first == UInt8(ascii: "}") ? [] : [UInt8(ascii: ",")]) + rest + [10]
            }
            return out
        case .csv:
            var out = Array("key,frame,name,confidence,left,top,width,height,error\n".utf8)
            for frame in frames {
                let buffer = ByteBuffer()
                try CSVFormat.descriptor.make(options, services).write([frame], stream: false, to: buffer)
                let key = CSVFormat.field(frame.name)
                for row in buffer.bytes.split(separator: 10, omittingEmptySubsequences: true).dropFirst() {
                    out += Array((key + ",").utf8) + row + [10]
                }
            }
            return out
        }
    }
}
