/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optional AWS_SESSION_TOKEN.
public struct EnvironmentCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var name: String { "environment" }

    public func load() throws(CredentialError) -> Credentials? {
        let id = env.env("AWS_ACCESS_KEY_ID")
        let secret = env.env("AWS_SECRET_ACCESS_KEY")
        switch (id, secret) {
        case (nil, nil): return nil
        case (let id?, let secret?):
            return Credentials(
                accessKeyId: id, secretAccessKey: secret,
                sessionToken: env.env("AWS_SESSION_TOKEN") ?? env.env("AWS_SECURITY_TOKEN"), source: name)
        case (_?, nil): throw .provider(name, detail: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, _?): throw .provider(name, detail: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        }
    }
}
