import Basics
import Glibc

/// Finds plugins the way git, kubectl and docker find theirs (docs/plugins.md): an executable file
/// named `rekfilter-format-NAME` or `rekfilter-detect-NAME` in, in order, the folders of
/// REKFILTER_PLUGIN_PATH, the installed plugin folder (`<bin>/../lib/rekfilter/plugins`, so
/// any prefix — or an extracted package — finds its own), then PATH. The first found wins.
public struct PluginDiscovery: Sendable {
    public var variables: [String: String]
    /// The running executable, whose install prefix holds the plugin folder.
    public var executable: String

    public init(variables: [String: String], executable: String = PluginDiscovery.currentExecutable) {
        self.variables = variables
        self.executable = executable
    }

    /// This process's executable, links resolved.
    public static var currentExecutable: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// The folders searched, in order.
    public var folders: [String] {
        func split(_ list: String?) -> [String] { (list ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty } }
        let bin = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let installed = (bin.isEmpty ? "." : bin) + "/../lib/rekfilter/plugins"
        return split(variables["REKFILTER_PLUGIN_PATH"]) + [installed] + split(variables["PATH"])
    }

    /// A plugin's NAME: `[a-z0-9][a-z0-9-]*`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isLowercaseAlphanumeric else { return false }
        return name.unicodeScalars.allSatisfy { $0.isLowercaseAlphanumeric || $0 == "-" }
    }

    /// The plugin named `name`, if any folder has it.
    public func find(_ kind: PluginKind, named name: String) -> String? {
        guard Self.isValidName(name) else { return nil }
        return folders.lazy.map { $0 + "/" + kind.prefix + name }.first(where: Self.isExecutableFile)
    }

    /// Every plugin of `kind`, each name once (the first found), sorted by name.
    public func all(_ kind: PluginKind) -> [(name: String, path: String)] {
        named(kind) { Self.isExecutableFile($1) }
    }

    /// Files named like plugins of `kind` that are not executable, which `all` passes over
    /// (first found per name, where no executable one of that name comes first).
    public func notExecutable(_ kind: PluginKind) -> [(name: String, path: String)] {
        let usable = Set(all(kind).map(\.name))
        return named(kind) { !usable.contains($0) && Files.isRegularFile($1) && !Self.isExecutableFile($1) }
    }

    /// The files of the folders, in order, named `PREFIX-NAME` with a valid NAME and accepted
    /// by `keep` — the first of each name — sorted by name.
    private func named(_ kind: PluginKind, keep: (_ name: String, _ path: String) -> Bool) -> [(name: String, path: String)] {
        var found: [String: String] = [:]
        for folder in folders {
            guard let directory = opendir(folder) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let file = Files.name(of: entry)
                guard file.hasPrefix(kind.prefix) else { continue }
                let name = String(file.dropFirst(kind.prefix.count))
                let path = folder + "/" + file
                guard found[name] == nil, Self.isValidName(name), keep(name, path) else { continue }
                found[name] = path
            }
        }
        return found.sorted { $0.key < $1.key }.map { (name: $0.key, path: $0.value) }
    }

    /// A plugin of `kind` named `name` that exists but cannot be run, for the "unknown name" message.
    public func unusable(_ kind: PluginKind, named name: String) -> PluginError? {
        guard Self.isValidName(name), find(kind, named: name) == nil else { return nil }
        return folders.lazy.map { $0 + "/" + kind.prefix + name }.first(where: Files.isRegularFile).map { .notExecutable($0) }
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// Asks the plugin what it is: `PLUGIN --rekfilter-plugin-info`, stdin empty, within 5 s.
    public func handshake(_ kind: PluginKind, name: String, path: String, timeout: Double = 5) throws(PluginError) -> PluginInfo {
        let process = try PluginProcess(path: path, arguments: ["--rekfilter-plugin-info"], variables: variables)
        process.closeInput()
        guard let answer = process.readAnswer(limit: 1 << 20, timeout: timeout) else {
            process.kill()
            throw .handshake(path, "it gave no answer to --rekfilter-plugin-info within \(Int(timeout)) s")
        }
        let left = max(0.1, timeout)
        guard let status = process.waitStatus(timeout: left) else {
            process.kill()
            throw .handshake(path, "it did not exit after answering --rekfilter-plugin-info")
        }
        guard PluginProcess.succeeded(status) else {
            throw .handshake(path, "--rekfilter-plugin-info \(PluginProcess.describe(status))")
        }
        return try PluginInfo.parse(answer, kind: kind, name: name, path: path)
    }
}

extension Unicode.Scalar {
    fileprivate var isLowercaseAlphanumeric: Bool { ("a"..."z").contains(self) || ("0"..."9").contains(self) }
}
