/// Transport failures, classified for retrying and for exit codes.
public enum HTTPError: Error, Equatable, Sendable {
    case dns(String)
    case connect(String)
    case tls(String)
    case timeout(String)
    /// The connection dropped or the reply was cut short.
    case connectionLost(String)
    case responseTooLarge(limit: Int)
    case other(String)

    /// Worth another attempt (README, What it does with your image: connection failures and timeouts).
    public var isRetryable: Bool {
        switch self {
        case .connect, .timeout, .connectionLost: return true
        case .dns, .tls, .responseTooLarge, .other: return false
        }
    }
}

extension HTTPError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .dns(let d): return "cannot resolve the host: \(d)"
        case .connect(let d): return "cannot connect: \(d)"
        case .tls(let d): return "TLS failed: \(d)"
        case .timeout(let d): return "timed out: \(d)"
        case .connectionLost(let d): return "connection lost: \(d)"
        case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
        case .other(let d): return d
        }
    }
}
