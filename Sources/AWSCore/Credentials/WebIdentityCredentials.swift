import Basics

/// STS AssumeRoleWithWebIdentity (EKS IRSA and the like), as botocore's provider: the token
/// file and role from AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN / AWS_ROLE_SESSION_NAME when
/// the environment may be used, else the profile's `web_identity_token_file`, `role_arn`,
/// `role_session_name`.
public struct WebIdentityCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var profile: String
    public var useEnvironment: Bool
    public var http: HTTPSettings
    public var name: String { "web identity" }

    package func setting(_ variable: String, _ key: String) -> String? {
        (useEnvironment ? env.env(variable) : nil) ?? env.value(key, profile: profile)
    }

    public func load() throws(CredentialError) -> Credentials? {
        guard let tokenFile = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file") else { return nil }
        guard let roleArn = setting("AWS_ROLE_ARN", "role_arn") else {
            throw .provider(name, detail: "a web identity token file is set but no role ARN (AWS_ROLE_ARN or role_arn)")
        }
        let sessionName = setting("AWS_ROLE_SESSION_NAME", "role_session_name") ?? "rekfilter-\(Int(WallClock.now()))"
        return try STSClient(env: env, profile: profile, http: http).assumeRoleWithWebIdentity(
            roleArn: roleArn, sessionName: sessionName, tokenFile: tokenFile, source: name)
    }
}
