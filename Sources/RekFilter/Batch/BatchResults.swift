/// Where a batch's results go (README, Batch): a folder (`LocalResults`) or an S3 prefix
/// (`S3Results`). Each input's results are `KEY` with each format's extension; an input whose
/// results are all present is done. Written from the workers, side by side.
public protocol BatchResults: Sendable {
    /// One per `-f`: the file extension of its results.
    var extensions: [String] { get }
    /// DEST as the user gave it, for messages.
    var place: String { get }
    /// Whether every result of `key` is present.
    func isDone(_ key: String) throws -> Bool
    /// A result's bytes, nil when it is not there.
    func read(_ key: String, extension ext: String, limit: Int) throws -> [UInt8]?
    /// Writes one result whole. `serial`: unique within the run (the frame number).
    func write(_ bytes: [UInt8], key: String, extension ext: String, mediaType: String, serial: Int) throws
    /// A document of the run's own at DEST (failures.jsonl); nil removes it.
    func writeDocument(_ name: String, _ bytes: [UInt8]?, mediaType: String) throws
    /// Before the first write, and after the last.
    func prepare() throws
    func finish()
}

/// `a/b/c.jpg` with `png` → `a/b/c.png`; a key without an extension gets one.
public func resultKey(_ key: String, extension ext: String) -> String {
    let slash = key.lastIndex(of: "/").map { key.index(after: $0) } ?? key.startIndex
    let name = key[slash...]
    if let dot = name.lastIndex(of: "."), dot != name.startIndex {
        return String(key[..<dot]) + "." + ext
    }
    return key + "." + ext
}
