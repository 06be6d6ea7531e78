import Glibc

/// IP literals, parsed by the C library's strict `inet_pton` (no `127.1` or octal shorthands).
package enum IPAddress {
    /// The 4 bytes of a dotted-quad IPv4 literal.
    package static func v4(_ text: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    /// The 16 bytes of an IPv6 literal, with or without brackets.
    package static func v6(_ text: String) -> [UInt8]? {
        var literal = Substring(text)
        if literal.hasPrefix("[") && literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        var address = in6_addr()
        guard inet_pton(AF_INET6, String(literal), &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
