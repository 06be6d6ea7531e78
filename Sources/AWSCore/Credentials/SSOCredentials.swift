import Basics
import FoundationEssentials
import Glibc

/// IAM Identity Center (SSO), as botocore's SSOProvider: a profile with `sso_session` (its
/// `[sso-session NAME]` section holds `sso_start_url` and `sso_region`) or the legacy
/// `sso_start_url` / `sso_region` keys, plus `sso_account_id` and `sso_role_name`. The access
/// token comes from the cache `aws sso login` writes (`~/.aws/sso/cache/<sha1 of the session
/// name, or of the start URL>.json`); a session's token within 15 minutes of expiry is renewed
/// with SSO OIDC `CreateToken` (refresh_token grant) and the cache rewritten. Then SSO
/// `GetRoleCredentials` gives the role's keys. No token ever appears in a message.
public struct SSOCredentials: CredentialProvider {
    public var env: AWSEnvironment
    public var profile: String
    public var http: HTTPSettings
    public var name: String { "profile \(profile) (IAM Identity Center)" }
    public var place: String { "profile \(profile)" }

    /// Renew a session's token this long before it expires; without a renewal, use it up to
    /// the last 10 minutes (botocore's windows).
    package static let refreshWindow = 15.0 * 60
    package static let mandatoryWindow = 10.0 * 60

    package struct Configuration {
        package var session: String?
        package var startURL: String
        package var region: String
        package var accountID: String
        package var roleName: String
    }

    public func load() throws(CredentialError) -> Credentials? {
        guard let configuration = try configuration() else { return nil }
        let token = try accessToken(configuration)
        return try roleCredentials(configuration, token: token)
    }

    /// The profile's SSO settings, nil when it has none.
    package func configuration() throws(CredentialError) -> Configuration? {
        let session = env.value("sso_session", profile: profile)
        guard session != nil || env.value("sso_start_url", profile: profile) != nil else { return nil }
        var startURL = env.value("sso_start_url", profile: profile)
        var region = env.value("sso_region", profile: profile)
        if let session {
            guard let section = env.ssoSessions[session] else {
                throw .provider(name, detail: "its sso_session \(session) has no [sso-session \(session)] section in \(env.configPath)")
            }
            for (key, value) in [("sso_start_url", startURL), ("sso_region", region)] {
                if let value, let own = section[key], own != value {
                    throw .provider(name, detail: "\(key) differs between the profile and [sso-session \(session)]")
                }
            }
            startURL = section["sso_start_url"] ?? startURL
            region = section["sso_region"] ?? region
        }
        let account = env.value("sso_account_id", profile: profile)
        let role = env.value("sso_role_name", profile: profile)
        let settings: [(name: String, value: String?)] = [
            ("sso_start_url", startURL), ("sso_region", region), ("sso_account_id", account), ("sso_role_name", role),
        ]
        let missing = settings.filter { $0.value == nil }.map(\.name)
        guard missing.isEmpty, let startURL, let region, let account, let role else {
            throw .provider(name, detail: "missing \(missing.joined(separator: ", ")) for IAM Identity Center")
        }
        guard Endpoint.isValidRegion(region) else { throw .provider(name, detail: "invalid sso_region '\(region)'") }
        return Configuration(session: session, startURL: startURL, region: region, accountID: account, roleName: role)
    }

    /// `~/.aws/sso/cache/<sha1>.json` for the session (or, for a legacy profile, the start URL).
    package func cachePath(_ configuration: Configuration) -> String {
        let key = configuration.session ?? configuration.startURL
        return (env.variables["HOME"] ?? "/") + "/.aws/sso/cache/\(SigV4Signer.hex(Digest.sha1(Array(key.utf8)))).json"
    }

    private var login: String { "run `aws sso login --profile \(profile)`" }

    /// A usable access token, renewed when it is about to expire and can be.
    package func accessToken(_ configuration: Configuration) throws(CredentialError) -> String {
        let path = cachePath(configuration)
        guard let bytes = Files.read(path) else {
            throw .provider(name, detail: "no IAM Identity Center login is cached (\(path)): \(login)")
        }
        guard let cached = try? JSONDecoder().decode(TokenCache.self, from: Data(bytes)) else {
            throw .provider(
                name, detail: "the IAM Identity Center token cache \(path) is damaged (not the JSON aws sso login writes): \(login)")
        }
        let expires = WallClock.parseISO8601(cached.expiresAt) ?? 0
        let left = expires - WallClock.now()
        if left > Self.refreshWindow { return cached.accessToken }
        // Only sso-session logins can be renewed (legacy ones cannot, as in botocore).
        if configuration.session != nil, let renewed = try? refresh(cached, configuration: configuration, path: path) {
            return renewed
        }
        if left > Self.mandatoryWindow { return cached.accessToken }
        throw .provider(name, detail: "the IAM Identity Center login has expired: \(login)")
    }

    /// SSO OIDC CreateToken with the cached refresh token; the cache rewritten with the answer.
    private func refresh(_ cached: TokenCache, configuration: Configuration, path: String) throws -> String? {
        guard let refreshToken = cached.refreshToken, let clientID = cached.clientId, let clientSecret = cached.clientSecret,
            let registration = cached.registrationExpiresAt.flatMap(WallClock.parseISO8601), registration > WallClock.now()
        else { return nil }
        let base =
            env.configuredEndpoint(service: "SSO_OIDC")
            ?? Endpoint.sso("oidc", region: configuration.region)
        let form: [String: String] = [
            "grantType": "refresh_token", "clientId": clientID, "clientSecret": clientSecret, "refreshToken": refreshToken,
        ]
        let request = AWSRequest(
            service: "sso-oauth", url: Self.join(base, "/token"), headers: [("Content-Type", "application/json")],
            body: Array(try JSONEncoder().encode(form)), signed: false)
        let body = try client().send(request, decode: { $0.body })
        struct Answer: Decodable {
            var accessToken: String
            var expiresIn: Double
            var refreshToken: String?
        }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(body))
        var updated = cached
        updated.accessToken = answer.accessToken
        updated.expiresAt = WallClock.iso8601(WallClock.now() + answer.expiresIn).replacingAll(".000Z", with: "Z")
        updated.refreshToken = answer.refreshToken ?? refreshToken
        if let data = try? JSONEncoder().encode(updated) { Self.writePrivately(Array(data), to: path) }
        return answer.accessToken
    }

    /// SSO GetRoleCredentials: the role's temporary keys.
    package func roleCredentials(_ configuration: Configuration, token: String) throws(CredentialError) -> Credentials {
        let base =
            env.configuredEndpoint(service: "SSO")
            ?? Endpoint.sso("portal.sso", region: configuration.region)
        let query =
            "account_id=\(SigV4Signer.percentEncode(configuration.accountID))&role_name=\(SigV4Signer.percentEncode(configuration.roleName))"
        struct Answer: Decodable {
            struct Role: Decodable {
                var accessKeyId: String
                var secretAccessKey: String
                var sessionToken: String?
                var expiration: Double?
            }
            var roleCredentials: Role
        }
        let request = AWSRequest(
            service: "sso", method: "GET", url: Self.join(base, "/federation/credentials?" + query),
            headers: [("x-amz-sso_bearer_token", token)], signed: false)
        let answer: Answer
        do throws(ServiceError) {
            answer = try client().send(request, decode: { try JSONDecoder().decode(Answer.self, from: Data($0.body)) })
        } catch {
            switch error {
            case .service(_, _, let status, _) where status == 401 || status == 403:
                throw .provider(name, detail: "IAM Identity Center refused the login (HTTP \(status)): \(login)")
            case .service(_, _, let status, _):
                throw .provider(name, detail: "GetRoleCredentials answered HTTP \(status) without credentials")
            case .badResponse: throw .provider(name, detail: "GetRoleCredentials answered HTTP 200 without credentials")
            default: throw .provider(name, detail: "IAM Identity Center did not answer: \(error)")
            }
        }
        let role = answer.roleCredentials
        return Credentials(
            accessKeyId: role.accessKeyId, secretAccessKey: role.secretAccessKey, sessionToken: role.sessionToken,
            expiration: role.expiration.map { $0 / 1000 }, source: name)
    }

    /// The client for IAM Identity Center's calls: unsigned (a bearer token or the refresh
    /// token proves who calls), retried as the environment says.
    private func client() -> AWSClient {
        AWSClient(region: "", credentials: nil, retry: RetryPolicy(env: env), http: HTTPClient(settings: http))
    }

    package static func join(_ base: String, _ path: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// Replaces the cache file atomically, readable by its owner only (as the AWS CLI writes it).
    package static func writePrivately(_ bytes: [UInt8], to path: String) {
        let temporary = path + ".rekfilter-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == bytes.count { rename(temporary, path) } else { unlink(temporary) }
    }
}

/// The token cache file `aws sso login` writes (only the members read or rewritten here are
/// named; a rewrite keeps the names the AWS CLI uses).
package struct TokenCache: Codable {
    package var startUrl: String?
    package var region: String?
    package var accessToken: String
    package var expiresAt: String
    package var clientId: String?
    package var clientSecret: String?
    package var registrationExpiresAt: String?
    package var refreshToken: String?
}
