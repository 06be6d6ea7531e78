import Basics
import CCurl

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
        package var body: [UInt8] = []
        package var headers: [(name: String, value: String)] = []
        package var limit: Int
        package var overflowed = false
        package init(limit: Int) { self.limit = limit }
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
        // The handle is reused: each request sets every option its method touches.
        switch request.method {
        case "GET":
            _ = rf_curl_set_pointer(curl, CURLOPT_CUSTOMREQUEST, nil)
            _ = rf_curl_set_long(curl, CURLOPT_HTTPGET, 1)
            _ = rf_curl_set_long(curl, CURLOPT_NOBODY, 0)
        case "HEAD":
            _ = rf_curl_set_pointer(curl, CURLOPT_CUSTOMREQUEST, nil)
            _ = rf_curl_set_long(curl, CURLOPT_NOBODY, 1)
        default:
            _ = rf_curl_set_long(curl, CURLOPT_NOBODY, 0)
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

    package static func classify(_ code: CURLcode, detail: String) -> HTTPError {
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
