import Basics
import Glibc

/// DEST, a folder: where each input's results go (`DEST/KEY` with the format's extension),
/// whether they are all there already (done means present), and how one is written — whole or
/// not at all: to a partial file under `DEST/.rekfilter-partial/`, then renamed into place, so
/// that a run killed at any moment (even SIGKILL) leaves no half-written result, and the next
/// run clears what a dead run left there.
public struct LocalResults: BatchResults {
    public let root: String
    public let extensions: [String]
    public var place: String { root }
    let partials: String

    /// `extensions`: one per `-f`, the file extension of its results.
    public init(root: String, extensions: [String]) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.extensions = extensions
        self.partials = root + "/.rekfilter-partial"
    }

    public func path(_ key: String, extension ext: String) -> String { root + "/" + resultKey(key, extension: ext) }

    public func isDone(_ key: String) -> Bool {
        extensions.allSatisfy { Files.isRegularFile(path(key, extension: $0)) }
    }

    public func read(_ key: String, extension ext: String, limit: Int) -> [UInt8]? {
        try? Files.contents(path(key, extension: ext), limit: limit).get()
    }

    /// A file of the run's own (failures.jsonl), written whole; nil removes it.
    public func writeDocument(_ name: String, _ bytes: [UInt8]?, mediaType: String) throws {
        let path = root + "/" + name
        guard let bytes else {
            unlink(path)
            return
        }
        let out = try OutputSink(path: path, binary: false)
        try out.write(bytes)
        try out.finish()
    }

    /// Makes DEST and its partial-file folder, and removes partial files of runs that are no
    /// longer alive (each file is named after the process that wrote it).
    public func prepare() throws {
        try Self.makeFolders(partials)
        guard let directory = opendir(partials) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = Files.name(of: entry)
            guard let pid = name.split(separator: "-").first.flatMap({ pid_t($0) }), pid > 0 else { continue }
            if pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) { unlink(partials + "/" + name) }
        }
    }

    /// Removes the partial-file folder when no run uses it any more.
    public func finish() {
        rmdir(partials)
    }

    /// Writes one result whole: a partial file, then a rename over `DEST/KEY.ext`.
    public func write(_ bytes: [UInt8], key: String, extension ext: String, mediaType: String, serial: Int) throws {
        let target = path(key, extension: ext)
        let parent = String(target[..<(target.lastIndex(of: "/") ?? target.startIndex)])
        try Self.makeFolders(parent)
        let partial = partials + "/\(getpid())-\(serial)-\(ext)"
        var fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        // Another run on this DEST may have removed the partial-file folder as it finished.
        if fd < 0 && errno == ENOENT {
            try Self.makeFolders(partials)
            fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw BatchError.cannotWrite(target, String(cString: strerror(errno))) }
        let written = bytes.withUnsafeBytes { Syscall.writeAll(fd, $0) }
        let closed = close(fd)
        guard written, closed == 0 else {
            let why = String(cString: strerror(errno))
            unlink(partial)
            throw BatchError.cannotWrite(target, why)
        }
        guard rename(partial, target) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(partial)
            throw BatchError.cannotWrite(target, why)
        }
    }
    /// `mkdir -p`, or why not.
    static func makeFolders(_ path: String) throws {
        if let failure = Files.makeFolders(path) { throw BatchError.cannotWrite(path, String(cString: strerror(failure))) }
    }
}
