/// Class numbers for the data-set formats (COCO categories, YOLO classes, manifest
/// `class_id`s), the same in every format and — with `--classes` — in every run: the pinned
/// names first, in the order given, then any other label in the order it is first seen (and
/// warned about once, since its number then depends on the run).
public struct ClassList: Sendable {
    public private(set) var names: [String]
    private var ids: [String: Int]
    /// How many names were pinned by `--classes`.
    public let pinned: Int
    private let diagnostics: (any Diagnostics)?
    private let format: String

    public init(pinned: [String], format: String, diagnostics: (any Diagnostics)?) {
        var names: [String] = []
        var ids: [String: Int] = [:]
        for name in pinned where ids[name] == nil {
            ids[name] = names.count
            names.append(name)
        }
        self.names = names
        self.ids = ids
        self.pinned = names.count
        self.format = format
        self.diagnostics = diagnostics
    }

    /// The 0-based number of `name`, given it now if it has none yet.
    public mutating func id(_ name: String) -> Int {
        if let id = ids[name] { return id }
        let id = names.count
        ids[name] = id
        names.append(name)
        if pinned > 0 {
            diagnostics?.warning("\(format): label '\(name)' is not in --classes: numbered \(id) (it may differ in another run)")
        }
        return id
    }
}
