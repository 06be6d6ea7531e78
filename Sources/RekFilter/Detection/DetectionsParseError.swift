/// Detections that cannot be read, from the service or from a file.
public struct DetectionsParseError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
