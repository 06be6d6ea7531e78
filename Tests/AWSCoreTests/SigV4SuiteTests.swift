import Foundation
import TestSupport
import Testing

@testable import AWSCore

/// Both published SigV4 suites, byte for byte: canonical request, string to sign, signature,
/// Authorization header.
@Suite struct SigV4SuiteTests {
    static let credentials = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let amzDate = "20150830T123600Z"

    /// A request file: request line, headers, blank line, body. The suites disagree on folded
    /// (continuation) header lines: the classic one reads them as repeated values (joined with
    /// commas), the CRT one as one value whose line breaks collapse to spaces.
    static func parse(_ text: String, foldedAsRepeats: Bool) -> (SigV4Signer.Request, body: [UInt8]) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let (head, body): (Substring, Substring)
        if let range = normalized.range(of: "\n\n") {
            (head, body) = (normalized[..<range.lowerBound], normalized[range.upperBound...])
        } else {
            (head, body) = (Substring(normalized), "")
        }
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if let space = target.range(of: " HTTP/", options: .backwards) { target = String(target[..<space.lowerBound]) }
        let (path, query) = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            .map(String.init).splitFirst()
        var headers = [(name: String, value: String)]()
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.last {
                if foldedAsRepeats {
                    headers.append((last.name, line.trimmingCharacters(in: .whitespaces)))
                } else {
                    headers[headers.count - 1].value += "\n" + line
                }
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        let bodyBytes = Array(body.utf8)
        return (
            SigV4Signer.Request(
                method: method, path: path, query: query, headers: headers,
                payloadHash: SigV4Signer.hexSHA256(bodyBytes)), bodyBytes
        )
    }

    static let classicCases: [String] = {
        let root = TestData.url("sigv4/aws-sig-v4-test-suite")
        let walker = FileManager.default.enumerator(atPath: root.path)
        var cases = [String]()
        while let item = walker?.nextObject() as? String {
            if item.hasSuffix(".req") { cases.append(String(item.dropLast(4))) }
        }
        return cases.sorted()
    }()

    @Test func classicSuiteIsComplete() { #expect(Self.classicCases.count == 31) }

    @Test(arguments: classicCases)
    func classicSuite(_ stem: String) throws {
        func file(_ ext: String) throws -> String {
            try String(contentsOf: TestData.url("sigv4/aws-sig-v4-test-suite/\(stem).\(ext)"), encoding: .utf8)
        }
        let (request, _) = Self.parse(try file("req"), foldedAsRepeats: true)
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let signed = signer.sign(request, amzDate: Self.amzDate)
        #expect(signed.canonicalRequest == (try file("creq")))
        #expect(signed.stringToSign == (try file("sts")))
        #expect(signed.authorization == (try file("authz")))
    }

    static let crtCases: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestData.url("sigv4/aws-c-auth-v4").path)) ?? [])
            .filter { !$0.hasPrefix("LICENSE") && !$0.hasPrefix("NOTICE") }.sorted()
    }()

    @Test func crtSuiteIsComplete() { #expect(Self.crtCases.count == 38) }

    @Test(arguments: crtCases)
    func crtSuite(_ name: String) throws {
        func file(_ f: String) throws -> String {
            try String(contentsOf: TestData.url("sigv4/aws-c-auth-v4/\(name)/\(f)"), encoding: .utf8)
        }
        let context = try JSONSerialization.jsonObject(with: Data(try file("context.json").utf8)) as! [String: Any]
        let creds = context["credentials"] as! [String: String]
        var (request, body) = Self.parse(try file("request.txt"), foldedAsRepeats: false)
        request.headers.append(("X-Amz-Date", Self.amzDate))
        if let token = creds["token"], context["omit_session_token"] as? Bool != true {
            request.headers.append(("X-Amz-Security-Token", token))
        }
        if context["sign_body"] as? Bool == true {
            request.headers.append(("x-amz-content-sha256", SigV4Signer.hexSHA256(body)))
        }
        let signer = SigV4Signer(
            credentials: Credentials(
                accessKeyId: creds["access_key_id"]!, secretAccessKey: creds["secret_access_key"]!, sessionToken: creds["token"]),
            region: context["region"] as! String, service: context["service"] as! String,
            normalizePath: context["normalize"] as! Bool)
        let signed = signer.sign(request, amzDate: Self.amzDate)
        #expect(signed.canonicalRequest == (try file("header-canonical-request.txt")))
        #expect(signed.stringToSign == (try file("header-string-to-sign.txt")))
        #expect(signed.signature == (try file("header-signature.txt")))
        let signedRequest = try file("header-signed-request.txt")
        #expect(signedRequest.contains("Authorization:" + signed.authorization))

        // The same request signed in its query string (a presigned URL).
        var (plain, _) = Self.parse(try file("request.txt"), foldedAsRepeats: false)
        plain.payloadHash = SigV4Signer.hexSHA256(body)
        let (presigned, query) = signer.presign(
            plain, amzDate: Self.amzDate, expires: context["expiration_in_seconds"] as! Int,
            includeToken: context["omit_session_token"] as? Bool != true)
        #expect(presigned.canonicalRequest == (try file("query-canonical-request.txt")))
        #expect(presigned.stringToSign == (try file("query-string-to-sign.txt")))
        #expect(presigned.signature == (try file("query-signature.txt")))
        #expect(query.hasSuffix("X-Amz-Signature=" + presigned.signature))
    }
}

extension Array where Element == String {
    fileprivate func splitFirst() -> (String, String) { (self[0], count > 1 ? self[1] : "") }
}
