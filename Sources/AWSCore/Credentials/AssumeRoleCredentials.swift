import Basics

/// A profile with `role_arn` and `source_profile` or `credential_source` (and no
/// `web_identity_token_file`): STS AssumeRole, as botocore's AssumeRoleProvider. A source
/// profile with static keys — or without a role of its own — gives its own credentials (even
/// if it also names a role); one with only a role is assumed first (chaining).
public struct AssumeRoleCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var profile: String
    public var http: HTTPSettings
    public var name: String { "profile \(profile) (assume role)" }
    public var place: String { "profile \(profile)" }

    /// Whether profile `p` is one this provider assumes.
    package func isRoleProfile(_ p: String) -> Bool {
        env.value("role_arn", profile: p) != nil && env.value("web_identity_token_file", profile: p) == nil
    }

    public func load() throws(CredentialError) -> Credentials? {
        guard env.hasProfile(profile), isRoleProfile(profile) else { return nil }
        return try assume(profile, visited: [])
    }

    private func assume(_ p: String, visited: [String]) throws(CredentialError) -> Credentials {
        let source = "profile \(p)"
        guard let roleArn = env.value("role_arn", profile: p) else { throw .provider(source, detail: "has no role_arn") }
        let sourceProfile = env.value("source_profile", profile: p)
        let credentialSource = env.value("credential_source", profile: p)
        if sourceProfile != nil && credentialSource != nil {
            throw .provider(source, detail: "has both source_profile and credential_source: keep one")
        }
        let base: Credentials
        if let sourceProfile {
            if visited.contains(sourceProfile) {
                throw .provider(source, detail: "source_profile loop: \((visited + [p, sourceProfile]).joined(separator: " → "))")
            }
            guard env.hasProfile(sourceProfile) else {
                throw .provider(source, detail: "its source_profile \(sourceProfile) does not exist")
            }
            if sourceProfile == p || hasStaticKeys(sourceProfile) || !isRoleProfile(sourceProfile) {
                guard let found = try ProfileCredentials.resolve(env, profile: sourceProfile, http: http) else {
                    throw .provider("profile \(sourceProfile)", detail: "has no credentials")
                }
                base = found
            } else {
                base = try assume(sourceProfile, visited: visited + [p])
            }
        } else if let credentialSource {
            let provider: (any CredentialProvider)? =
                switch credentialSource {
                case "Environment": EnvironmentCredentials(env: env)
                case "EcsContainer": ContainerCredentials(env: env, http: http)
                case "Ec2InstanceMetadata": InstanceMetadataCredentials(env: env, http: http)
                default: nil
                }
            guard let provider else { throw .provider(source, detail: "unknown credential_source \(credentialSource)") }
            guard let found = try provider.load() else {
                throw .provider(source, detail: "credential_source \(credentialSource) has no credentials")
            }
            base = found
        } else {
            throw .provider(source, detail: "role_arn needs source_profile or credential_source")
        }
        let sessionName = env.value("role_session_name", profile: p) ?? "rekfilter-\(Int(WallClock.now()))"
        return try STSClient(env: env, profile: p, http: http).assumeRole(
            roleArn: roleArn, sessionName: sessionName, externalId: env.value("external_id", profile: p),
            duration: env.value("duration_seconds", profile: p).flatMap { Int($0) }, using: base, source: source)
    }

    private func hasStaticKeys(_ p: String) -> Bool {
        env.value("aws_access_key_id", profile: p) != nil && env.value("aws_secret_access_key", profile: p) != nil
    }
}
