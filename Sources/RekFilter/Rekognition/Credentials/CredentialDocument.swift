import FoundationEssentials

/// The JSON shape shared by credential_process, container and IMDS responses.
public struct CredentialDocument: Decodable {
    var Version: Int?
    var AccessKeyId: String?
    var SecretAccessKey: String?
    var SessionToken: String?
    var Token: String?
    var Expiration: String?
    var Code: String?
    var Message: String?

    func credentials(source: String) throws(CredentialError) -> Credentials {
        guard let id = AccessKeyId, !id.isEmpty, let secret = SecretAccessKey, !secret.isEmpty else {
            throw .provider(source, detail: "the response has no AccessKeyId/SecretAccessKey" + (Message.map { ": \($0)" } ?? ""))
        }
        var expiration: Double? = nil
        if let e = Expiration {
            guard let parsed = WallClock.parseISO8601(e) else { throw .provider(source, detail: "cannot read Expiration \"\(e)\"") }
            expiration = parsed
        }
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: SessionToken ?? Token,
                           expiration: expiration, source: source)
    }

    /// What `credential_process` printed, checked as the AWS CLI checks it (Version 1).
    public static func credentials(fromProcessOutput bytes: [UInt8], source: String) throws(CredentialError) -> Credentials {
        let document = try decode(bytes, source: source)
        guard document.Version == 1 else {
            throw .provider(source, detail: "credential_process output has Version \(document.Version.map(String.init) ?? "missing"), expected 1")
        }
        return try document.credentials(source: source)
    }

    static func decode(_ bytes: [UInt8], source: String) throws(CredentialError) -> CredentialDocument {
        do { return try JSONDecoder().decode(CredentialDocument.self, from: Data(bytes)) }
        catch { throw .provider(source, detail: "the response is not the expected JSON") }
    }
}
