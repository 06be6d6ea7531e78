import CCurl

/// A request on the wire.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }
}

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

/// Settings shared by every request of a client.
public struct HTTPSettings: Sendable {
    public var connectTimeout: Double = 5
    public var timeout: Double = 60
    /// A PEM bundle to trust instead of the system's (AWS_CA_BUNDLE). Verification is never off.
    public var caBundle: String?
    public var userAgent = "rekfilter/\(RekFilterVersion.string)"
    /// HTTP_PROXY in capitals, for plain-http URLs: libcurl reads only `http_proxy` (and every
    /// other proxy variable, NO_PROXY included) itself; the AWS CLI honours both spellings.
    public var httpProxy: String?
    public var maxResponseBytes = 64 << 20

    public init() {}
}

/// HTTP over libcurl: one easy handle, reused for every request so that the connection is
/// kept alive. Used by one thread at a time: each worker owns one.
public final class HTTPClient {
    public let settings: HTTPSettings
    private let curl: UnsafeMutableRawPointer
    private let pool: ConnectionPool?
    /// How many new connections this client has opened (keep-alive working means 1).
    public private(set) var connectionsOpened = 0

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return ()
    }()

    /// `share`: a connection pool shared with other clients (stream mode), so that N workers
    /// open no more connections than requests are ever in flight together.
    public init(settings: HTTPSettings = HTTPSettings(), share: ConnectionPool? = nil) {
        Self.globalInit
        self.settings = settings
        self.pool = share
        self.curl = curl_easy_init()
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        // libcurl writes its error text here during a transfer; the buffer lives as long as the handle.
        _ = rf_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer)
        if let share {
            _ = rf_curl_set_pointer(curl, CURLOPT_SHARE, share.handle)
            // The shared cache keeps at most this many idle connections (default 5): room for
            // every request that may be in flight, so none is closed only to be reopened.
            _ = rf_curl_set_long(curl, CURLOPT_MAXCONNECTS, 256)
        }
    }

    deinit {
        curl_easy_cleanup(curl)
        errorBuffer.deallocate()
    }

    /// What the callbacks fill in during a transfer.
    private final class Transfer {
        var body: [UInt8] = []
        var headers: [(name: String, value: String)] = []
        var limit: Int
        var overflowed = false
        init(limit: Int) { self.limit = limit }
    }

    public func send(_ request: HTTPRequest, maxResponseBytes: Int? = nil) throws(HTTPError) -> HTTPResponse {
        let transfer = Transfer(limit: maxResponseBytes ?? settings.maxResponseBytes)
        var list: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(list) }
        // "Expect:" off: no 100-continue round trip before a large body.
        for header in request.headers + [("Expect", "")] {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let code: CURLcode = withExtendedLifetime(transfer) {
            request.body.withUnsafeBytes { body in
                configure(request, headers: list, context: context, body: body)
                return curl_easy_perform(curl)
            }
        }
        var connects = 0
        _ = rf_curl_get_long(curl, CURLINFO_NUM_CONNECTS, &connects)
        connectionsOpened += connects
        pool?.opened.withLock { $0 += connects }
        if transfer.overflowed { throw .responseTooLarge(limit: transfer.limit) }
        guard code == CURLE_OK else { throw Self.classify(code, detail: errorText(code)) }
        var status = 0
        _ = rf_curl_get_long(curl, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
    }

    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    private func errorText(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    private func configure(
        _ request: HTTPRequest, headers: UnsafeMutablePointer<curl_slist>?,
        context: UnsafeMutableRawPointer, body: UnsafeRawBufferPointer
    ) {
        errorBuffer[0] = 0
        _ = rf_curl_set_string(curl, CURLOPT_URL, request.url)
        _ = rf_curl_set_pointer(curl, CURLOPT_HTTPHEADER, headers)
        _ = rf_curl_set_string(curl, CURLOPT_USERAGENT, settings.userAgent)
        _ = rf_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = rf_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        _ = rf_curl_set_long(curl, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000))
        _ = rf_curl_set_long(curl, CURLOPT_SSL_VERIFYPEER, 1)
        _ = rf_curl_set_long(curl, CURLOPT_SSL_VERIFYHOST, 2)
        if let ca = settings.caBundle { _ = rf_curl_set_string(curl, CURLOPT_CAINFO, ca) }
        let plainHTTP = request.url.lowercased().hasPrefix("http://")
        _ = rf_curl_set_string(curl, CURLOPT_PROXY, plainHTTP ? settings.httpProxy : nil)
        _ = rf_curl_set_long(curl, CURLOPT_TCP_KEEPALIVE, 1)
        // The body is sent from the caller's buffer as is: libcurl does not copy it.
        switch request.method {
        case "GET":
            _ = rf_curl_set_pointer(curl, CURLOPT_CUSTOMREQUEST, nil)
            _ = rf_curl_set_long(curl, CURLOPT_HTTPGET, 1)
        default:
            _ = rf_curl_set_long(curl, CURLOPT_POST, 1)
            _ = rf_curl_set_pointer(curl, CURLOPT_POSTFIELDS, body.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
            _ = rf_curl_set_off(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = rf_curl_set_string(curl, CURLOPT_CUSTOMREQUEST, request.method == "POST" ? nil : request.method)
        }
        _ = rf_curl_set_pointer(curl, CURLOPT_WRITEDATA, context)
        _ = rf_curl_set_data_fn(curl, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let t = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            if t.body.count + n > t.limit {
                t.overflowed = true
                return 0
            }
            data!.withMemoryRebound(to: UInt8.self, capacity: n) { t.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
            return n
        }
        _ = rf_curl_set_pointer(curl, CURLOPT_HEADERDATA, context)
        _ = rf_curl_set_data_fn(curl, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let t = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            let line = data!.withMemoryRebound(to: UInt8.self, capacity: n) {
                String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
            }
            if line.hasPrefix("HTTP/") { t.headers.removeAll() }  // a new response (after 100 or a redirect)
            if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
                t.headers.append((name, value))
            }
            return n
        }
    }

    static func classify(_ code: CURLcode, detail: String) -> HTTPError {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dns(detail)
        case CURLE_COULDNT_CONNECT: return .connect(detail)
        case CURLE_OPERATION_TIMEDOUT: return .timeout(detail)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tls(detail)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionLost(detail)
        default: return .other(detail)
        }
    }
}

/// libcurl's shared connection cache, DNS cache and TLS sessions, safe across threads.
public final class ConnectionPool {
    let handle: UnsafeMutableRawPointer?
    /// Connections its clients opened, all together.
    let opened = Locked(0)

    public var connectionsOpened: Int { opened.withLock { $0 } }

    public init() {
        _ = HTTPClient(settings: HTTPSettings())  // curl_global_init first
        handle = rf_curl_share_create()
    }
}
