#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// One source of credentials in the chain.
public protocol CredentialProvider: Sendable {
    /// For messages: "environment", "profile dev", "container", …
    var name: String { get }
    /// The credentials, nil when this source is not configured at all, or an error when it is
    /// configured but failing (which stops the chain, as in the AWS CLI).
    func load() throws(CredentialError) -> Credentials?
}

/// The AWS CLI's chain (SPEC §5), first configured provider wins.
public enum CredentialChain {
    public static func standard(_ env: AWSEnvironment, http: HTTPSettings = HTTPSettings()) -> [any CredentialProvider] {
        var chain = [any CredentialProvider]()
        if !env.profileIsExplicit { chain.append(EnvironmentCredentials(env: env)) }
        chain.append(ProfileCredentials(env: env, profile: env.profile, http: http))
        chain.append(WebIdentityCredentials.fromEnvironment(env, http: http))
        chain.append(ContainerCredentials(env: env, http: http))
        chain.append(InstanceMetadataCredentials(env: env, http: http))
        return chain
    }

    public static func resolve(_ chain: [any CredentialProvider]) throws(CredentialError) -> Credentials {
        for provider in chain {
            if let found = try provider.load() { return found }
        }
        throw .none(searched: chain.map(\.name))
    }
}

/// Holds the credentials of a run and refreshes temporary ones before they expire, so a long
/// stream never sends an expired token. Thread-safe.
public final class CredentialCache: @unchecked Sendable {
    private let chain: [any CredentialProvider]
    private let lock = PthreadLock()
    private var current: Credentials?
    /// Refresh this long before expiry.
    public let refreshWindow: Double
    private let now: @Sendable () -> Double

    public init(chain: [any CredentialProvider], refreshWindow: Double = 300, now: @escaping @Sendable () -> Double = WallClock.now) {
        self.chain = chain
        self.refreshWindow = refreshWindow
        self.now = now
    }

    public func credentials() throws(CredentialError) -> Credentials {
        lock.lock()
        defer { lock.unlock() }
        if let c = current, c.expiration.map({ $0 - now() > refreshWindow }) ?? true { return c }
        do {
            let fresh = try CredentialChain.resolve(chain)
            current = fresh
            return fresh
        } catch {
            // Still valid, only inside the refresh window: keep using them rather than fail.
            if let c = current, let e = c.expiration, e > now() { return c }
            throw error
        }
    }

    /// Forget the cached credentials (after the service said they expired).
    public func invalidate() {
        lock.lock()
        current = nil
        lock.unlock()
    }
}

/// A pthread mutex (FoundationEssentials has no NSLock), with condition waits for its users.
final class PthreadLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
    func withLock<R>(_ body: () throws -> R) rethrows -> R { lock(); defer { unlock() }; return try body() }
    /// Waits on `condition` with this lock held (as pthread_cond_wait does).
    func wait(_ condition: inout pthread_cond_t) { pthread_cond_wait(&condition, &mutex) }
}

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
