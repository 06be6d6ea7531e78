import RekFilter

/// `--list-formats` and `--list-detectors`: one line each — name, media type (formats), summary —
/// built-ins first, then every plugin found, with its path, or why it cannot be used.
enum PluginListing {
    static func formats(_ plugins: PluginDiscovery) -> String {
        var lines = FormatRegistry.builtIn.map { "\($0.name)\t\($0.mediaType)\t\($0.summary)" }
        for (name, path) in plugins.all(.format) {
            if FormatRegistry.named(name) != nil {
                lines.append("\(name)\t-\tplugin \(path), not used: the built-in format of that name wins")
                continue
            }
            do {
                let info = try plugins.handshake(.format, name: name, path: path)
                lines.append("\(name)\t\(info.mediaType)\t\(info.summary) (plugin \(path))")
            } catch {
                lines.append("\(name)\t-\t\(error)")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static func detectors(_ plugins: PluginDiscovery) -> String {
        var lines = BuiltInDetectors.names.map { "\($0)\t\(BuiltInDetectors.summaries[$0] ?? "")" }
        for (name, path) in plugins.all(.detector) {
            if BuiltInDetectors.names.contains(name) {
                lines.append("\(name)\tplugin \(path), not used: the built-in detector of that name wins")
                continue
            }
            do {
                let info = try plugins.handshake(.detector, name: name, path: path)
                lines.append("\(name)\t\(info.summary) (plugin \(path))")
            } catch {
                lines.append("\(name)\t\(error)")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
