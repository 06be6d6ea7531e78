import AWSCore
import Basics
import FoundationEssentials
import Glibc

/// The inputs of a batch, listed lazily — a folder one directory at a time, an S3 prefix one
/// page at a time, a list or manifest one line at a time — so that memory stays flat however
/// many there are. Keys as README, Batch says: the path relative to the SOURCE (the S3 key
/// relative to the prefix; for a list or manifest line, the path or URI without its scheme and
/// bucket).
public struct BatchLister {
    var specs: ArraySlice<BatchSourceSpec>
    var current: Cursor?
    let s3: () throws -> S3Client
    let stdin: Int32
    /// Entries of a walked folder skipped as not regular files (sockets, devices, folder links).
    public private(set) var skippedEntries = 0
    /// Lines that name no input (a manifest line without a source-ref), skipped.
    public var problems: [BatchError] = []

    enum Cursor {
        case walk(root: String, pending: [String], files: ArraySlice<String>)
        case single(String?)
        case lines(LineReader, manifest: Bool)
        case listing(bucket: String, prefix: String, page: ArraySlice<S3Client.Object>, next: String?, done: Bool)
    }

    public init(_ specs: [BatchSourceSpec], stdin: Int32 = 0, s3: @escaping () throws -> S3Client) {
        self.specs = specs[...]
        self.s3 = s3
        self.stdin = stdin
    }

    /// The next input, nil after the last.
    public mutating func next() throws -> BatchInput? {
        while true {
            if current == nil {
                guard let spec = specs.popFirst() else { return nil }
                current = try open(spec)
            }
            if let input = try advance() { return input }
            current = nil
        }
    }

    private func open(_ spec: BatchSourceSpec) throws -> Cursor {
        switch spec {
        case .directory(let root): return .walk(root: root, pending: [""], files: [])
        case .file(let path): return .single(path)
        case .list(let nul): return .lines(LineReader(fd: stdin, separator: nul ? 0 : 10), manifest: false)
        case .manifest(let place):
            if let location = S3Location(uri: place) {
                let bytes = try s3().getObject(location, maxBytes: 1 << 30)
                return .lines(LineReader(bytes: bytes, separator: 10), manifest: true)
            }
            let fd = Glibc.open(place, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw BatchError.cannotRead(place, String(cString: strerror(errno))) }
            return .lines(LineReader(fd: fd, separator: 10, owned: true), manifest: true)
        case .s3(let bucket, let prefix): return .listing(bucket: bucket, prefix: prefix, page: [], next: nil, done: false)
        }
    }

    /// The cursor's next input, nil when it is spent.
    private mutating func advance() throws -> BatchInput? {
        switch current {
        case nil: return nil
        case .single(let path)?:
            current = .single(nil)
            guard let path else { return nil }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return BatchInput(key: name, location: .file(path))
        case .walk(let root, var pending, var files)?:
            while true {
                if let relative = files.popFirst() {
                    current = .walk(root: root, pending: pending, files: files)
                    return BatchInput(key: relative, location: .file(Self.join(root, relative)), listed: true)
                }
                guard !pending.isEmpty else { return nil }
                let folder = pending.removeFirst()
                let (subfolders, found, skipped) = try Self.list(root: root, relative: folder)
                skippedEntries += skipped
                pending = subfolders + pending
                files = found[...]
            }
        case .lines(let reader, let manifest)?:
            while let line = try reader.next() {
                let text = String(decoding: line, as: UTF8.self)
                let trimmed = text.trimmingCharacters(in: " \t\r")
                guard !trimmed.isEmpty else { continue }
                current = .lines(reader, manifest: manifest)
                // A manifest line without a source-ref is said and skipped: the others go on.
                let reference: String
                if manifest {
                    guard let found = Self.sourceRef(trimmed) else {
                        problems.append(BatchError.badManifestLine(String(trimmed.prefix(80))))
                        continue
                    }
                    reference = found
                } else {
                    reference = trimmed
                }
                if let location = S3Location(uri: reference) { return BatchInput(key: location.key, location: .s3(location)) }
                if reference.hasPrefix("s3://") { throw BatchError.badReference(reference) }
                var key = Substring(reference)
                while key.hasPrefix("/") || key.hasPrefix("./") { key = key.drop { $0 == "/" || $0 == "." }.drop { $0 == "/" } }
                return BatchInput(key: String(key), location: .file(reference))
            }
            return nil
        case .listing(let bucket, let prefix, var page, var token, var done)?:
            while true {
                while let object = page.popFirst() {
                    // Folder markers (keys ending in /) are no pictures.
                    guard !object.key.hasSuffix("/"), object.key.count > prefix.count else { continue }
                    current = .listing(bucket: bucket, prefix: prefix, page: page, next: token, done: done)
                    return BatchInput(
                        key: String(object.key.dropFirst(prefix.count).drop { $0 == "/" }),
                        location: .s3(S3Location(bucket: bucket, key: object.key)), listed: true)
                }
                if done { return nil }
                let answer = try s3().listObjects(bucket: bucket, prefix: prefix, continuation: token)
                page = answer.objects[...]
                token = answer.next
                done = answer.next == nil
            }
        }
    }

    /// A manifest line's `source-ref`.
    static func sourceRef(_ line: String) -> String? {
        struct Line: Decodable {
            var sourceRef: String
            enum CodingKeys: String, CodingKey { case sourceRef = "source-ref" }
        }
        return (try? JSONDecoder().decode(Line.self, from: Data(line.utf8)))?.sourceRef
    }

    static func join(_ root: String, _ relative: String) -> String {
        relative.isEmpty ? root : (root.hasSuffix("/") ? root + relative : root + "/" + relative)
    }

    /// One folder's entries, sorted by name: its subfolders (relative to the root) and its
    /// regular files (links to regular files included), and how many entries were neither.
    static func list(root: String, relative: String) throws -> (folders: [String], files: [String], skipped: Int) {
        let path = join(root, relative)
        guard let directory = opendir(path) else {
            throw BatchError.cannotRead(path, String(cString: strerror(errno)))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = Files.name(of: entry)
            if name != "." && name != ".." { names.append(name) }
        }
        names.sort()
        var folders: [String] = []
        var files: [String] = []
        var skipped = 0
        for name in names {
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(join(root, child), &info) == 0 else {
                skipped += 1
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: folders.append(child)
            case S_IFREG: files.append(child)
            case S_IFLNK:
                // A link to a file is that file; a link to a folder is not followed (no loops).
                if Files.isRegularFile(join(root, child)) { files.append(child) } else { skipped += 1 }
            default: skipped += 1
            }
        }
        return (folders, files, skipped)
    }
}
