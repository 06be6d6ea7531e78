/// A profile's own providers, in botocore's order (its `ProfileProviderBuilder`): web identity,
/// IAM Identity Center (SSO), static keys in the credentials file, `credential_process`, static
/// keys in the config file. The standard chain puts assume-role before them; a role's source
/// profile is resolved with them alone.
public enum ProfileCredentials {
    /// `useEnvironment`: web identity may come from AWS_WEB_IDENTITY_TOKEN_FILE (off when
    /// `--profile` names the profile, and for source profiles, as in botocore).
    public static func providers(_ env: AWSEnvironment, profile: String, http: HTTPSettings, useEnvironment: Bool)
        -> [any CredentialProvider]
    {
        [
            WebIdentityCredentials(env: env, profile: profile, useEnvironment: useEnvironment, http: http),
            SSOCredentials(env: env, profile: profile, http: http),
            ProfileKeys(env: env, profile: profile, file: .credentials),
            ProcessCredentials(env: env, profile: profile),
            ProfileKeys(env: env, profile: profile, file: .config),
        ]
    }

    /// The first of the profile's providers that has credentials.
    package static func resolve(_ env: AWSEnvironment, profile: String, http: HTTPSettings) throws(CredentialError) -> Credentials? {
        for provider in providers(env, profile: profile, http: http, useEnvironment: false) {
            if let found = try provider.load() { return found }
        }
        return nil
    }
}

/// Static keys of a profile in one of the two files: `aws_access_key_id`, `aws_secret_access_key`,
/// and `aws_session_token` (or its older name `aws_security_token`, which botocore reads first
/// when a section has both).
public struct ProfileKeys: CredentialProvider {
    public enum File: Sendable { case credentials, config }
    public var env: AWSEnvironment
    public var profile: String
    public var file: File
    public var name: String { file == .credentials ? "credentials file [\(profile)]" : "config file profile \(profile)" }
    public var place: String {
        let unreadable = env.unreadableFiles.sorted { $0.key < $1.key }.map { "\($0.key) cannot be read: \($0.value)" }
        return "profile \(profile)" + (unreadable.isEmpty ? "" : " (\(unreadable.joined(separator: "; ")))")
    }

    package var section: [String: String]? {
        file == .credentials ? env.credentialsFile.sections[profile] : env.configSection(profile)
    }

    public func load() throws(CredentialError) -> Credentials? {
        guard let section else { return nil }
        func key(_ name: String) -> String? { section[name].flatMap { $0.isEmpty ? nil : $0 } }
        switch (key("aws_access_key_id"), key("aws_secret_access_key")) {
        case (let id?, let secret?):
            return Credentials(
                accessKeyId: id, secretAccessKey: secret, sessionToken: key("aws_security_token") ?? key("aws_session_token"),
                source: "profile \(profile)")
        case (nil, nil): return nil
        default: throw .provider(name, detail: "has only one of aws_access_key_id and aws_secret_access_key")
        }
    }
}

/// A profile's `credential_process`.
public struct ProcessCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var profile: String
    public var name: String { "profile \(profile) credential_process" }
    public var place: String { "profile \(profile)" }

    public func load() throws(CredentialError) -> Credentials? {
        guard let command = env.value("credential_process", profile: profile) else { return nil }
        return try CredentialProcess(command: command, source: "profile \(profile)").run()
    }
}
