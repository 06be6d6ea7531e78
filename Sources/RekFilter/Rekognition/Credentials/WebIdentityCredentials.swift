/// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (EKS IRSA): STS AssumeRoleWithWebIdentity.
public struct WebIdentityCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var roleArn: String?
    public var tokenFile: String?
    public var sessionName: String?
    public var http: HTTPSettings
    public var name: String { "web identity" }

    static func fromEnvironment(_ env: AWSEnvironment, http: HTTPSettings) -> WebIdentityCredentials {
        WebIdentityCredentials(
            env: env, roleArn: env.env("AWS_ROLE_ARN"), tokenFile: env.env("AWS_WEB_IDENTITY_TOKEN_FILE"),
            sessionName: env.env("AWS_ROLE_SESSION_NAME"), http: http)
    }

    public func load() throws(CredentialError) -> Credentials? {
        guard let tokenFile else { return nil }
        guard let roleArn else { throw .provider(name, detail: "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not") }
        return try STSClient(env: env, profile: env.profile, http: http).assumeRoleWithWebIdentity(
            roleArn: roleArn, sessionName: sessionName ?? "rekfilter-\(Int(WallClock.now()))", tokenFile: tokenFile, source: name)
    }
}
