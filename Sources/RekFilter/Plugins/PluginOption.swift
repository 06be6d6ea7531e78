/// One `-O name=value`, passed to a plugin as it was given.
public struct PluginOption: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The pair as the wire messages carry it.
    var pair: (String, String) { (name, value) }
}
