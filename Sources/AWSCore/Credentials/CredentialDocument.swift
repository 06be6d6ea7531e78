import Basics
import FoundationEssentials

/// The JSON shape shared by credential_process, container and IMDS responses.
public struct CredentialDocument: Decodable {
    package var version: Int?
    package var accessKeyId: String?
    package var secretAccessKey: String?
    package var sessionToken: String?
    /// The container and instance-metadata endpoints' name for the session token.
    package var token: String?
    package var expiration: String?
    package var code: String?
    package var message: String?

    package enum CodingKeys: String, CodingKey {
        case version = "Version"
        case accessKeyId = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case sessionToken = "SessionToken"
        case token = "Token"
        case expiration = "Expiration"
        case code = "Code"
        case message = "Message"
    }

    package func credentials(source: String) throws(CredentialError) -> Credentials {
        guard let id = accessKeyId, !id.isEmpty, let secret = secretAccessKey, !secret.isEmpty else {
            throw .provider(source, detail: "the response has no AccessKeyId/SecretAccessKey" + (message.map { ": \($0)" } ?? ""))
        }
        var expiration: Double? = nil
        if let e = self.expiration {
            guard let parsed = WallClock.parseISO8601(e) else { throw .provider(source, detail: "cannot read Expiration \"\(e)\"") }
            expiration = parsed
        }
        return Credentials(
            accessKeyId: id, secretAccessKey: secret, sessionToken: sessionToken ?? token,
            expiration: expiration, source: source)
    }

    /// What `credential_process` printed, checked as the AWS CLI checks it (Version 1).
    public static func credentials(fromProcessOutput bytes: [UInt8], source: String) throws(CredentialError) -> Credentials {
        let document = try decode(bytes, source: source)
        guard document.version == 1 else {
            throw .provider(
                source, detail: "credential_process output has Version \(document.version.map(String.init) ?? "missing"), expected 1")
        }
        return try document.credentials(source: source)
    }

    package static func decode(_ bytes: [UInt8], source: String) throws(CredentialError) -> CredentialDocument {
        do { return try JSONDecoder().decode(CredentialDocument.self, from: Data(bytes)) } catch {
            throw .provider(source, detail: "the response is not the expected JSON")
        }
    }
}
