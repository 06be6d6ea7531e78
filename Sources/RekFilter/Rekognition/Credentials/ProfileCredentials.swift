/// A profile of the shared files: static keys, `role_arn` with `source_profile` or
/// `credential_source` (STS AssumeRole), `role_arn` with `web_identity_token_file`, or
/// `credential_process` — in the AWS CLI's order.
public struct ProfileCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var profile: String
    public var http: HTTPSettings
    public var name: String { "profile \(profile)" }

    public func load() throws(CredentialError) -> Credentials? {
        guard env.hasProfile(profile) else {
            if env.profileIsExplicit {
                throw .provider(name, detail: "the profile is not in \(env.configPath) or \(env.credentialsPath)")
            }
            return nil
        }
        return try resolve(profile, visited: [])
    }

    private func resolve(_ p: String, visited: [String]) throws(CredentialError) -> Credentials? {
        let source = "profile \(p)"
        if visited.contains(p) {
            throw .provider(source, detail: "source_profile loop: \((visited + [p]).joined(separator: " → "))")
        }
        guard env.hasProfile(p) else { throw .provider(source, detail: "the profile does not exist") }
        if let roleArn = env.value("role_arn", profile: p) {
            let sessionName = env.value("role_session_name", profile: p) ?? "rekfilter-\(Int(WallClock.now()))"
            let sts = STSClient(env: env, profile: p, http: http)
            if let tokenFile = env.value("web_identity_token_file", profile: p) {
                return try sts.assumeRoleWithWebIdentity(roleArn: roleArn, sessionName: sessionName, tokenFile: tokenFile, source: source)
            }
            let base: Credentials
            if let sourceProfile = env.value("source_profile", profile: p) {
                // A profile naming itself, or a source profile with static keys and no role of its
                // own, gives its keys; a source profile with a role_arn is assumed first (chaining).
                if sourceProfile == p
                    || (env.value("aws_access_key_id", profile: sourceProfile) != nil
                        && env.value("role_arn", profile: sourceProfile) == nil)
                {
                    guard let keys = try staticKeys(sourceProfile) else {
                        throw .provider("profile \(sourceProfile)", detail: "has no aws_access_key_id/aws_secret_access_key")
                    }
                    base = keys
                } else {
                    guard let chained = try resolve(sourceProfile, visited: visited + [p]) else {
                        throw .provider("profile \(sourceProfile)", detail: "has no credentials")
                    }
                    base = chained
                }
            } else if let credentialSource = env.value("credential_source", profile: p) {
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
                throw .provider(source, detail: "role_arn needs source_profile, credential_source or web_identity_token_file")
            }
            return try sts.assumeRole(
                roleArn: roleArn, sessionName: sessionName,
                externalId: env.value("external_id", profile: p),
                duration: env.value("duration_seconds", profile: p).flatMap { Int($0) },
                using: base, source: source)
        }
        if let keys = try staticKeys(p) { return keys }
        if let command = env.value("credential_process", profile: p) {
            return try CredentialProcess(command: command, source: source).run()
        }
        return nil
    }

    private func staticKeys(_ p: String) throws(CredentialError) -> Credentials? {
        let id = env.value("aws_access_key_id", profile: p)
        let secret = env.value("aws_secret_access_key", profile: p)
        switch (id, secret) {
        case (let id?, let secret?):
            return Credentials(
                accessKeyId: id, secretAccessKey: secret,
                sessionToken: env.value("aws_session_token", profile: p), source: "profile \(p)")
        case (nil, nil): return nil
        default: throw .provider("profile \(p)", detail: "has only one of aws_access_key_id and aws_secret_access_key")
        }
    }
}
