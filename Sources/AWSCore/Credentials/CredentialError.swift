/// Why credentials could not be had. Never carries a secret.
public enum CredentialError: Error, Equatable, Sendable {
    /// No provider in the chain had any.
    case none(searched: [String])
    /// A provider was configured but failed (a bad file, a failing process, STS said no…).
    case provider(String, detail: String)
}

extension CredentialError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .none(let searched):
            return
                "no AWS credentials found (looked in: \(searched.joined(separator: ", "))); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or configure a profile (aws configure)"
        case .provider(let name, let detail):
            return "credentials from \(name) failed: \(detail)"
        }
    }
}
