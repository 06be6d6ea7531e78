import AWSCore
import Foundation
import RekFilter

/// Local servers for the tests, started once per test process and stopped with it (each
/// server exits when its stdin — a pipe held by this process — closes).
public final class LocalServer: @unchecked Sendable {
    public let port: Int
    public var url: String { "\(scheme)://127.0.0.1:\(port)" }
    var scheme = "http"
    private let process: Process
    private let stdin: Pipe

    init(script: String, arguments: [String] = []) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestData.projectRoot.appendingPathComponent("Tests/Servers/\(script)").path] + arguments
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // The first line is the port.
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            throw NSError(domain: "LocalServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(script) did not start"])
        }
        self.port = port
    }

    /// The fault-injecting, signature-verifying stub (Tests/Servers/stub_server.py).
    public static let stub: LocalServer = try! LocalServer(script: "stub_server.py")
    /// The stub over HTTPS with a self-signed certificate made for the test run (openssl),
    /// and that certificate's path, for AWS_CA_BUNDLE.
    public static let tlsStub: (server: LocalServer, certificate: String) = {
        let folder = try! TestData.scratch()
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ]
        openssl.standardError = FileHandle.nullDevice
        try! openssl.run()
        openssl.waitUntilExit()
        let server = try! LocalServer(script: "stub_server.py", arguments: [cert, key])
        server.scheme = "https"
        return (server, cert)
    }()

    /// moto's server, the independent AWS emulator (Tests/Servers/moto_server.py).
    public static let moto: LocalServer = try! LocalServer(script: "moto_server.py")

    /// What the stub recorded for a test id.
    public func requests(_ testID: String) throws -> [[String: Any]] {
        let response = try HTTPClient().send(HTTPRequest(method: "GET", url: "\(url)/__requests/\(testID)"))
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]) ?? []
    }

    /// A unique id so parallel tests never share stub state.
    public static func testID() -> String { "t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12) }
}

/// The environment for a run against the stub with the stub's known keys.
public enum StubEnvironment {
    public static let accessKey = "AKIDSTUB"
    public static let secretKey = "stub-secret"
    public static let model = "arn:aws:rekognition:eu-west-1:123456789012:project/widgets/version/widgets.2024/1"

    public static var keys: [String: String] {
        ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey, "REKFILTER_BACKOFF_SCALE": "0.01"]
    }
}
