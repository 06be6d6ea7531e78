import Basics

/// The AWS CLI's shared files (`~/.aws/config`, `~/.aws/credentials`), read exactly as botocore
/// reads them: Python's `configparser.RawConfigParser` (README, Credentials, region, endpointand the differential test that
/// compares every case with botocore itself), then botocore's nested values and profile map.
///
/// - `[header]`: anything between the first `[` and the last `]`, spaces kept (`[ default ]` is
///   not `default`); a section twice in one file is an error. `[DEFAULT]` gives its keys to every
///   section.
/// - `key = value` or `key: value` (the first `=` or `:`); keys lowercased, both sides trimmed;
///   a key twice in one section is an error; a line that is neither is an error.
/// - Comments are whole lines starting with `#` or `;`; there are no inline comments
///   (`AKID ; note` is the value).
/// - A line indented deeper than its key continues the value; a value that starts on the next
///   line is botocore's nested form (`rekognition =` / `  endpoint_url = …`), kept as
///   `rekognition.endpoint_url`.
public struct AWSConfigFile: Sendable, Equatable {
    /// Every section by its header as written, with `[DEFAULT]`'s keys merged in.
    public var sections: [String: [String: String]] = [:]
    /// The headers in the order of the file.
    public var order: [String] = []

    public init(sections: [String: [String: String]] = [:]) {
        self.sections = sections
        order = sections.keys.sorted()
    }

    /// Why a file cannot be read, with the line, as botocore refuses it.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> AWSConfigFile {
        var file = AWSConfigFile()
        var defaults: [String: [String]] = [:]
        var values: [String: [String: [String]]] = [:]
        var keyOrder: [String: [String]] = [:]
        var section: String?  // nil before the first header; "DEFAULT" for [DEFAULT]
        var option: String?
        var indent = Int.max
        // Python reads text with universal newlines: \r\n and a lone \r end lines too.
        let lines = text.replacingAll("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "\r", omittingEmptySubsequences: false)
        }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = String(raw)
            let stripped = line.trimmingCharacters(in: " \t\u{0B}\u{0C}")
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            if stripped.isEmpty || isComment {
                // An empty line inside a value is kept (configparser's empty_lines_in_values).
                if !isComment, let section, let option {
                    if section == "DEFAULT" { defaults[option]?.append("") } else { values[section]?[option]?.append("") }
                }
                continue
            }
            let level = line.prefix { $0 == " " || $0 == "\t" }.count
            if section != nil, let option, level > indent {
                if section == "DEFAULT" { defaults[option]?.append(stripped) } else { values[section!]?[option]?.append(stripped) }
                continue
            }
            indent = level
            if stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"), stripped.index(after: stripped.startIndex) < close {
                let header = String(stripped[stripped.index(after: stripped.startIndex)..<close])
                if header == "DEFAULT" {
                    section = header
                } else {
                    guard values[header] == nil else { throw ParseError(line: number, reason: "section [\(header)] appears twice") }
                    values[header] = [:]
                    keyOrder[header] = []
                    file.order.append(header)
                    section = header
                }
                option = nil
                continue
            }
            guard let current = section else {
                throw ParseError(line: number, reason: "a line before any [section] header")
            }
            guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ParseError(line: number, reason: "neither a [section], a key = value, nor a comment")
            }
            let key = stripped[..<delimiter].trimmingCharacters(in: " \t").lowercased()
            guard !key.isEmpty else { throw ParseError(line: number, reason: "a value without a key") }
            let value = stripped[stripped.index(after: delimiter)...].trimmingCharacters(in: " \t")
            if current == "DEFAULT" {
                guard defaults[key] == nil else { throw ParseError(line: number, reason: "key '\(key)' appears twice in [DEFAULT]") }
                defaults[key] = [value]
            } else {
                guard values[current]?[key] == nil else {
                    throw ParseError(line: number, reason: "key '\(key)' appears twice in [\(current)]")
                }
                values[current]?[key] = [value]
                keyOrder[current]?.append(key)
            }
            option = key
        }
        /// configparser joins a value's lines with newlines; botocore reads one that starts with a
        /// newline as nested `key = value` lines.
        func store(_ key: String, _ parts: [String], into section: inout [String: String]) throws(ParseError) {
            var joined = parts.joined(separator: "\n")
            while joined.last == "\n" || joined.last == " " || joined.last == "\t" { joined.removeLast() }
            guard joined.hasPrefix("\n") else {
                section[key] = joined
                return
            }
            for line in joined.split(separator: "\n") {
                let nested = line.trimmingCharacters(in: " \t")
                if nested.isEmpty { continue }
                guard let eq = nested.firstIndex(of: "=") else {
                    throw ParseError(line: 0, reason: "the nested value of '\(key)' has a line without '='")
                }
                section["\(key).\(nested[..<eq].trimmingCharacters(in: " \t"))"] = nested[nested.index(after: eq)...].trimmingCharacters(
                    in: " \t")
            }
        }
        for header in file.order {
            var section: [String: String] = [:]
            for (key, parts) in defaults { try store(key, parts, into: &section) }
            for (key, parts) in values[header] ?? [:] { try store(key, parts, into: &section) }
            file.sections[header] = section
        }
        return file
    }

    /// The file at `path`: nil when there is none — or when it is not a regular file (a FIFO
    /// would block the read forever; botocore reads only files too) or cannot be read
    /// (`unreadable` then says why, for the message that credentials are missing); an error
    /// when it cannot be parsed.
    public static func load(_ path: String, unreadable: inout String?) -> Result<AWSConfigFile?, ParseError> {
        guard Files.isRegularFile(path) else { return .success(nil) }
        let bytes: [UInt8]
        switch Files.contents(path) {
        case .success(let read): bytes = read
        case .failure(let failure):
            unreadable = failure.reason
            return .success(nil)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return .failure(
                ParseError(
                    line: 1,
                    reason: "it starts with a UTF-8 byte-order mark (BOM), which the AWS CLI cannot read either: save it without one"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(ParseError(line: 0, reason: "not UTF-8 text"))
        }
        do throws(ParseError) { return .success(try parse(text)) } catch { return .failure(error) }
    }

    /// The config file's sections as botocore maps them: `[profile NAME]` (the name split as a
    /// shell would, so `[profile "a b"]` is `a b`) and `[default]` are profiles (a later one of
    /// the same name wins); `[sso-session NAME]` and `[services NAME]` likewise by kind.
    public func named(_ kind: String) -> [String: [String: String]] {
        var found: [String: [String: String]] = [:]
        for header in order {
            if kind == "profile" && header == "default" {
                found["default"] = sections[header]
                continue
            }
            // As botocore: any header that starts with the kind and splits into two words.
            guard header.hasPrefix(kind), let words = Self.shellWords(header), words.count == 2 else { continue }
            found[words[1]] = sections[header]
        }
        return found
    }

    /// Words as Python's `shlex.split` makes them (quotes and backslashes), nil when unbalanced.
    package static func shellWords(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        var escapedInQuotes = false
        for c in text {
            if escaped {
                // Inside double quotes a backslash escapes only \ " $ ` and a newline.
                if escapedInQuotes && !"\\\"$`\n".contains(c) { current.append("\\") }
                current.append(c)
                escaped = false
                escapedInQuotes = false
                continue
            }
            if let q = quote {
                if c == q {
                    quote = nil
                } else if c == "\\" && q == "\"" {
                    escaped = true
                    escapedInQuotes = true
                } else {
                    current.append(c)
                }
                continue
            }
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "\"", "'":
                quote = c
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            default:
                current.append(c)
                inWord = true
            }
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(current) }
        return words
    }
}
