/// The AWS CLI's shared files (`~/.aws/config`, `~/.aws/credentials`), parsed as the CLI does:
/// `[section]` headers, `key = value` lines, `#`/`;` comments, and nested sub-sections
/// (a key with an empty value followed by indented `key = value` lines, e.g. under
/// `[services name]`: `rekognition =` / `  endpoint_url = …`), stored as "parent.key".
public struct AWSConfigFile: Sendable, Equatable {
    public var sections: [String: [String: String]] = [:]

    public init(sections: [String: [String: String]] = [:]) { self.sections = sections }

    public static func parse(_ text: String) -> AWSConfigFile {
        var file = AWSConfigFile()
        var section: String?
        var parent: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(raw).trimmingCharacters(in: "\r")
            let trimmed = line.trimmingCharacters(in: " \t")
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else {
                    section = nil
                    continue
                }
                let name = trimmed.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                section = name
                parent = nil
                if file.sections[name] == nil { file.sections[name] = [:] }
                continue
            }
            guard let current = section, let eq = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<eq].trimmingCharacters(in: " \t").lowercased()
            var value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: " \t")
            // Inline comments need whitespace before the marker (as in botocore).
            for marker in [" #", " ;", "\t#", "\t;"] {
                if let r = value.range(of: marker) { value = value[..<r.lowerBound].trimmingCharacters(in: " \t") }
            }
            let indented = line.first == " " || line.first == "\t"
            if indented, let parent {
                file.sections[current]?["\(parent).\(key)"] = value
            } else {
                file.sections[current]?[key] = value
                parent = value.isEmpty ? key : nil
            }
        }
        return file
    }

    public static func load(_ path: String) -> AWSConfigFile? {
        Files.readText(path).map(parse)
    }
}
