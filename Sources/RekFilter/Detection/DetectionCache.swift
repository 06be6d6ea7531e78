import AWSCore
import Basics
import Glibc

/// The detection cache (README, Batch): each answer of an operation, keyed by the SHA-256 of
/// the operation's name and its whole request body — the picture's bytes and every parameter
/// that shapes the answer (model ARN, min-confidence, max-results, attributes) — so that a hit
/// makes no call. Entries hold the service's answer alone: never a credential, token or
/// signature. Each is written whole (a temporary file renamed into place) and checked when read
/// (its length and SHA-256): a damaged entry is ignored, and replaced by the next answer.
/// Thread-safe: workers read and write it side by side.
public final class DetectionCache: Sendable {
    public let root: String
    private let counters = Locked((hits: 0, stores: 0, failedWrite: false))
    /// Told once when entries cannot be written (a full or read-only disk): the run goes on.
    private let warn: @Sendable (String) -> Void

    static let magic = "rekfilter-cache 1"

    public init(root: String, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.warn = warn
    }

    /// `$XDG_CACHE_HOME/rekfilter`, else `~/.cache/rekfilter`.
    public static func defaultRoot(_ variables: [String: String]) -> String? {
        if let xdg = variables["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/rekfilter" }
        guard let home = variables["HOME"], !home.isEmpty else { return nil }
        return home + "/.cache/rekfilter"
    }

    /// The key of an operation's request: SHA-256 of the endpoint it goes to (an emulator's
    /// answers are not the service's), its target and its body's SHA-256.
    public static func key(endpoint: String, target: String, bodySHA256: String) -> String {
        SigV4Signer.hexSHA256(Array("\(endpoint)\n\(target)\n\(bodySHA256)".utf8))
    }

    func path(_ key: String) -> String { root + "/" + key.prefix(2) + "/" + key.dropFirst(2) }

    /// The answer stored for `key`, if it is there and whole.
    public func read(_ key: String) -> [UInt8]? {
        guard case .success(let bytes) = Files.contents(path(key), limit: 64 << 20),
            let newline = bytes.firstIndex(of: 10)
        else { return nil }
        let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        let payload = Array(bytes[(newline + 1)...])
        guard header.count == 4, "\(header[0]) \(header[1])" == Self.magic, Int(header[2]) == payload.count,
            header[3] == SigV4Signer.hexSHA256(payload)
        else { return nil }
        counters.withLock { $0.hits += 1 }
        return payload
    }

    /// Stores `answer` under `key`, whole or not at all.
    public func write(_ key: String, _ answer: [UInt8]) {
        let target = path(key)
        let folder = String(target[..<target.lastIndex(of: "/")!])
        let temporary = folder + "/.\(key.dropFirst(2)).\(getpid()).\(pthread_self())"
        var bytes = Array("\(Self.magic) \(answer.count) \(SigV4Signer.hexSHA256(answer))\n".utf8)
        bytes += answer
        if let failure = Files.makeFolders(folder, mode: 0o700) { return failed(folder, failure) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return failed(folder, errno) }
        let written = bytes.withUnsafeBytes { Syscall.writeAll(fd, $0) }
        guard close(fd) == 0, written, rename(temporary, target) == 0 else {
            let failure = errno
            unlink(temporary)
            return failed(folder, failure)
        }
        counters.withLock { $0.stores += 1 }
    }

    private func failed(_ folder: String, _ failure: Int32) {
        let why = String(cString: strerror(failure))
        let first = counters.withLock { state -> Bool in
            defer { state.failedWrite = true }
            return !state.failedWrite
        }
        if first { warn("cannot write to the detection cache \(folder): \(why); going on without storing answers") }
    }

    /// Answers served from the cache so far.
    public var hits: Int { counters.withLock { $0.hits } }
}
