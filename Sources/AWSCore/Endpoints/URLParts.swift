import Basics

/// A URL split into what signing and connecting need.
public struct URLParts: Sendable, Equatable {
    public var scheme: String
    public var host: String
    public var port: Int?
    public var path: String
    public var query: String

    /// The Host header: the host, plus the port when it is not the scheme's default.
    public var hostHeader: String {
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
        return "\(host):\(port)"
    }

    public init?(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = String(url[schemeEnd.upperBound...])
        var authority = rest
        path = "/"
        query = ""
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
            authority = String(rest[..<slash])
            rest = String(rest[slash...])
            if let q = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: q)...])
                rest = String(rest[..<q])
            }
            path = rest.isEmpty ? "/" : rest
        }
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        if authority.hasPrefix("[") {
            // An IPv6 literal: closed, an address, then nothing or a port.
            guard let close = authority.firstIndex(of: "]"), IPAddress.v6(String(authority[...close])) != nil else { return nil }
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                port = nil
            } else {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()) else { return nil }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = p
        } else {
            host = authority
            port = nil
        }
        // A host name of what a URL's host may hold: no spaces, control characters or brackets.
        guard !host.isEmpty, port.map({ (0...65535).contains($0) }) ?? true,
            host.hasPrefix("[")
                || host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !"[]<>\"{}|\\^`".unicodeScalars.contains($0) })
        else { return nil }
    }

    /// Loopback, where plain HTTP is expected (local emulators and stubs): an IP literal in
    /// 127.0.0.0/8 or ::1 (as botocore decides, by parsing the address, never by its text:
    /// `127.example.com` is a name anyone can point anywhere), or `localhost`.
    public var isLoopback: Bool {
        if host.lowercased() == "localhost" { return true }
        if let v4 = IPAddress.v4(host) { return v4[0] == 127 }
        if let v6 = IPAddress.v6(host) { return v6 == [UInt8](repeating: 0, count: 15) + [1] }
        return false
    }

    /// The host as an IP literal's bytes (IPv6 without its brackets), or nil for a name.
    public var ipAddress: [UInt8]? { IPAddress.v4(host) ?? IPAddress.v6(host) }
}
