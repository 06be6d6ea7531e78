/// An AWS access key pair, possibly temporary. Its description never shows the secret or token.
public struct Credentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working (seconds since 1970), nil for long-term keys.
    public var expiration: Double?
    /// Which provider supplied them ("environment", "profile dev", "web identity", …).
    public var source: String

    public init(
        accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil,
        expiration: Double? = nil, source: String = ""
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var description: String {
        "credentials \(accessKeyId.prefix(4))… from \(source)\(sessionToken == nil ? "" : " (temporary)")"
    }
}
