import FoundationEssentials

/// What a plugin is: a format or a detector, found by its file name's prefix.
public enum PluginKind: String, Sendable {
    case format
    case detector

    /// `rekfilter-format-` or `rekfilter-detect-`.
    public var prefix: String { self == .format ? "rekfilter-format-" : "rekfilter-detect-" }
}

/// What a plugin said of itself in its handshake (`--rekfilter-plugin-info`, docs/plugins.md).
public struct PluginInfo: Sendable, Equatable {
    /// What a format plugin is sent with each frame.
    public enum Payload: String, Sendable {
        /// Nothing but the detections.
        case detections
        /// The upright picture as binary PPM (P6, 8-bit RGB).
        case pixels
        /// The input's bytes as they arrived.
        case original
    }

    public var kind: PluginKind
    public var name: String
    public var path: String
    public var summary: String
    // A format's:
    public var mediaType = "application/octet-stream"
    public var extensions: [String] = []
    public var binary = false
    public var needs = Payload.detections
    // A detector's:
    public var limits: ServiceLimits?

    /// The protocol's major version this rekfilter speaks.
    public static let protocolVersion = 1

    /// Reads a handshake answer; anything malformed, another major version, or a name that is
    /// not the file's makes the plugin unusable. Fields this version does not know are ignored.
    static func parse(_ bytes: [UInt8], kind: PluginKind, name: String, path: String) throws(PluginError) -> PluginInfo {
        struct Answer: Decodable {
            var `protocol`: Double?
            var kind: String?
            var name: String?
            var summary: String?
            var mediaType: String?
            var extensions: [String]?
            var binary: Bool?
            var needs: String?
            var maxBytes: Int?
            var maxSide: Int?
            var minSide: Int?
        }
        let answer: Answer
        do { answer = try JSONDecoder().decode(Answer.self, from: Data(bytes)) } catch {
            throw .handshake(path, "its --rekfilter-plugin-info answer is not a JSON object as the protocol describes")
        }
        guard let version = answer.protocol, version.isFinite else { throw .handshake(path, "its answer has no protocol number") }
        guard Int(version.rounded(.down)) == protocolVersion else {
            throw .handshake(path, "it speaks protocol \(Numbers.exact(version)); this rekfilter speaks \(protocolVersion)")
        }
        guard answer.kind == kind.rawValue else {
            throw .handshake(path, "it says it is a \(answer.kind ?? "nothing"), not a \(kind.rawValue)")
        }
        guard answer.name == name else {
            throw .handshake(path, "it calls itself '\(answer.name ?? "")', not '\(name)' as its file name says")
        }
        var info = PluginInfo(kind: kind, name: name, path: path, summary: answer.summary ?? "")
        switch kind {
        case .format:
            if let mediaType = answer.mediaType { info.mediaType = mediaType }
            info.extensions = (answer.extensions ?? []).map {
                $0.lowercased().hasPrefix(".") ? String($0.lowercased().dropFirst()) : $0.lowercased()
            }
            info.binary = answer.binary ?? false
            if let needs = answer.needs {
                guard let payload = Payload(rawValue: needs) else {
                    throw .handshake(path, "it needs '\(needs)': detections, pixels or original")
                }
                info.needs = payload
            }
        case .detector:
            guard let maxBytes = answer.maxBytes, let maxSide = answer.maxSide, let minSide = answer.minSide,
                maxBytes > 0, maxSide > 0, minSide > 0, minSide <= maxSide
            else { throw .handshake(path, "a detector must give maxBytes, maxSide and minSide, all positive") }
            info.limits = ServiceLimits(maxBytes: maxBytes, maxSide: maxSide, minSide: minSide)
        }
        return info
    }
}
