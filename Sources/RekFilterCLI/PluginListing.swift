import RekFilter

/// `--list-formats` and `--list-detectors`: one line each — name, media type (formats), summary —
/// built-ins first, then every plugin found, with its path, or why it cannot be used. What a
/// plugin says of itself is escaped as every message is: one line, no terminal control.
enum PluginListing {
    static func line(_ fields: String...) -> String { fields.map(StandardError.oneLine).joined(separator: "\t") + "\n" }

    static func formats(_ plugins: PluginDiscovery) -> String {
        var lines = FormatRegistry.builtIn.map { line($0.name, $0.mediaType, $0.summary) }
        for (name, path) in plugins.all(.format) {
            if FormatRegistry.named(name) != nil {
                lines.append(line(name, "-", "plugin \(path), not used: the built-in format of that name wins"))
                continue
            }
            do {
                let info = try plugins.handshake(.format, name: name, path: path)
                lines.append(line(name, info.mediaType, "\(info.summary) (plugin \(path))"))
            } catch {
                lines.append(line(name, "-", "\(error)"))
            }
        }
        for (name, path) in plugins.notExecutable(.format) { lines.append(line(name, "-", "\(PluginError.notExecutable(path))")) }
        return lines.joined()
    }

    static func detectors(_ plugins: PluginDiscovery) -> String {
        var lines = BuiltInDetectors.names.map { line($0, BuiltInDetectors.summaries[$0] ?? "") }
        for (name, path) in plugins.all(.detector) {
            if BuiltInDetectors.names.contains(name) {
                lines.append(line(name, "plugin \(path), not used: the built-in detector of that name wins"))
                continue
            }
            do {
                let info = try plugins.handshake(.detector, name: name, path: path)
                lines.append(line(name, "\(info.summary) (plugin \(path))"))
            } catch {
                lines.append(line(name, "\(error)"))
            }
        }
        for (name, path) in plugins.notExecutable(.detector) { lines.append(line(name, "\(PluginError.notExecutable(path))")) }
        return lines.joined()
    }
}
