import AWSCore
import RekFilter

/// What the shell completes after `-f` and `--detect`: the built-in names, then the plugins found
/// where a run would find them (so a plugin installed later completes too).
enum PluginCompletion {
    static func formats() -> [String] {
        let plugins = PluginDiscovery(variables: AWSEnvironment.processVariables()).all(.format).map(\.name)
        return FormatRegistry.builtIn.flatMap { [$0.name] + $0.aliases } + plugins.filter { FormatRegistry.named($0) == nil }
    }

    static func detectors() -> [String] {
        let plugins = PluginDiscovery(variables: AWSEnvironment.processVariables()).all(.detector).map(\.name)
        return BuiltInDetectors.names + plugins.filter { !BuiltInDetectors.names.contains($0) }
    }
}
