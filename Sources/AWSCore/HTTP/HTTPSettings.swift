/// Settings shared by every request of a client.
public struct HTTPSettings: Sendable {
    public var connectTimeout: Double = 5
    public var timeout: Double = 60
    /// A PEM bundle to trust instead of the system's (AWS_CA_BUNDLE). Verification is never off.
    public var caBundle: String?
    /// The product that sends the requests (the tool sets its own name and version).
    public var userAgent = "AWSCore"
    /// HTTP_PROXY in capitals, for plain-http URLs: libcurl reads only `http_proxy` (and every
    /// other proxy variable, NO_PROXY included) itself; the AWS CLI honours both spellings.
    public var httpProxy: String?
    public var maxResponseBytes = 64 << 20

    public init() {}
}
