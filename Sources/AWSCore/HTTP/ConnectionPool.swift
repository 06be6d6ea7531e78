import Basics
import CCurl

/// libcurl's shared connection cache, DNS cache and TLS sessions, safe across threads: the
/// share handle does its own locking (the lock callbacks in CCurl's rf_curl.c), hence
/// `@unchecked Sendable`.
public final class ConnectionPool: @unchecked Sendable {
    package let handle: UnsafeMutableRawPointer?
    /// Connections its clients opened, all together.
    package let opened = Locked(0)

    public var connectionsOpened: Int { opened.withLock { $0 } }

    public init() {
        _ = HTTPClient(settings: HTTPSettings())  // curl_global_init first
        handle = rf_curl_share_create()
    }
}
