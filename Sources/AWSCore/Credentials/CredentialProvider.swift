import Basics
import FoundationEssentials
import Glibc

/// One source of credentials in the chain.
public protocol CredentialProvider: Sendable {
    /// For messages: "environment", "profile dev", "container", …
    var name: String { get }
    /// The credentials, nil when this source is not configured at all, or an error when it is
    /// configured but failing (which stops the chain, as in the AWS CLI).
    func load() throws(CredentialError) -> Credentials?
    /// Where it looks, for "looked in: …" (a profile's providers all say "profile NAME").
    var place: String { get }
}

extension CredentialProvider {
    public var place: String { name }
}

/// The AWS CLI's chain (README, Credentials, region, endpoint) in botocore's order, first configured provider wins:
/// environment, assume role, web identity, SSO, credentials file, credential_process, config
/// file, container, instance metadata. `--profile` switches the environment's keys and web
/// identity variables off, as in botocore.
public enum CredentialChain {
    public static func standard(_ env: AWSEnvironment, http: HTTPSettings = HTTPSettings()) -> [any CredentialProvider] {
        var chain = [any CredentialProvider]()
        if !env.profileIsExplicit { chain.append(EnvironmentCredentials(env: env)) }
        chain.append(AssumeRoleCredentials(env: env, profile: env.profile, http: http))
        chain += ProfileCredentials.providers(env, profile: env.profile, http: http, useEnvironment: !env.profileIsExplicit)
        chain.append(ContainerCredentials(env: env, http: http))
        chain.append(InstanceMetadataCredentials(env: env, http: http))
        return chain
    }

    public static func resolve(_ chain: [any CredentialProvider]) throws(CredentialError) -> Credentials {
        for provider in chain {
            if let found = try provider.load() { return found }
        }
        var places: [String] = []
        for place in chain.map(\.place) where !places.contains(place) { places.append(place) }
        throw .none(searched: places)
    }
}

/// Holds the credentials of a run and refreshes temporary ones before they expire, so a long
/// stream never sends an expired token. Thread-safe.
public final class CredentialCache: Sendable {
    private let chain: [any CredentialProvider]
    /// The credentials in use. Held while fetching, so that concurrent workers fetch once.
    private let current = Locked<Credentials?>(nil)
    /// Refresh this long before expiry.
    public let refreshWindow: Double
    private let now: @Sendable () -> Double

    /// A cache of credentials already in hand (an STS call signed with a role's source keys).
    public convenience init(fixed: Credentials) {
        self.init(chain: [FixedCredentials(credentials: fixed)])
    }

    public init(chain: [any CredentialProvider], refreshWindow: Double = 300, now: @escaping @Sendable () -> Double = WallClock.now) {
        self.chain = chain
        self.refreshWindow = refreshWindow
        self.now = now
    }

    public func credentials() throws(CredentialError) -> Credentials {
        let outcome: Result<Credentials, CredentialError> = current.withLock { current in
            if let c = current, c.expiration.map({ $0 - now() > refreshWindow }) ?? true { return .success(c) }
            do throws(CredentialError) {
                let fresh = try CredentialChain.resolve(chain)
                current = fresh
                return .success(fresh)
            } catch {
                // Still valid, only inside the refresh window: keep using them rather than fail.
                if let c = current, let e = c.expiration, e > now() { return .success(c) }
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Forget the cached credentials (after the service said they expired).
    public func invalidate() {
        current.withLock { $0 = nil }
    }
}

/// Credentials already in hand, as a provider.
struct FixedCredentials: CredentialProvider {
    var credentials: Credentials
    var name: String { credentials.source }
    func load() throws(CredentialError) -> Credentials? { credentials }
}
