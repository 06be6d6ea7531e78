/// Every output format by name. A built-in format is one file here and one line in `builtIn`.
public enum FormatRegistry {
    public static let builtIn: [FormatDescriptor] = [
        PNGFormat.descriptor,
        JPEGFormat.descriptor,
        JSONFormat.descriptor,
        CSVFormat.descriptor,
        COCOFormat.descriptor,
        SVGFormat.descriptor,
        ManifestFormat.descriptor,
        CropsFormat.descriptor,
    ]

    public static var all: [FormatDescriptor] { builtIn }

    public static func named(_ name: String) -> FormatDescriptor? {
        let key = name.lowercased()
        return all.first { $0.name == key || $0.aliases.contains(key) }
    }

    /// A built-in format, else a format plugin of that name (handshaken); nil when neither exists.
    public static func resolve(_ name: String, plugins: PluginDiscovery) throws(PluginError) -> FormatDescriptor? {
        if let builtIn = named(name) { return builtIn }
        let key = name.lowercased()
        guard let path = plugins.find(.format, named: key) else { return nil }
        return PluginFormat.descriptor(try plugins.handshake(.format, name: key, path: path))
    }

    /// The format that claims an `-o` file's extension: built-in first, then the plugins that
    /// declare it (unusable ones are passed over).
    public static func forExtension(_ ext: String, plugins: PluginDiscovery) throws(PluginError) -> FormatDescriptor? {
        if let builtIn = all.first(where: { $0.fileExtensions.contains(ext) }) { return builtIn }
        for (name, path) in plugins.all(.format) where named(name) == nil {
            if let info = try? plugins.handshake(.format, name: name, path: path), info.extensions.contains(ext) {
                return PluginFormat.descriptor(info)
            }
        }
        return nil
    }

    /// Whether the format named `name` has a stream form.
    public static func streamable(_ name: String) -> Bool { named(name)?.streams ?? false }

    /// The format an output file's extension implies.
    public static func forPath(_ path: String) -> FormatDescriptor? {
        guard let ext = fileExtension(of: path) else { return nil }
        return all.first { $0.fileExtensions.contains(ext) }
    }

    /// The extension of a file name, lowercased: nil when it has none (`out`, `.hidden`, `dir.d/out`).
    public static func fileExtension(of path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : ext.lowercased()
    }
}
