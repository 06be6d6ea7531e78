/// `--shard I/N`: this process takes the inputs whose key's 64-bit FNV-1a hash, mod N, is I —
/// so N processes, each with its own I, share one run with no input done twice.
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `I/N`, with 0 ≤ I < N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else { return nil }
        self.init(index: i, count: n)
    }

    /// `--shards N` with the index an engine sets: AWS Batch's AWS_BATCH_JOB_ARRAY_INDEX or a
    /// Kubernetes Indexed Job's JOB_COMPLETION_INDEX; nil when neither is set.
    public static func fromEngine(count: Int, environment: [String: String]) -> Shard? {
        for name in ["AWS_BATCH_JOB_ARRAY_INDEX", "JOB_COMPLETION_INDEX"] {
            if let text = environment[name], let i = Int(text) { return Shard(index: i, count: count) }
        }
        return nil
    }

    public func takes(_ key: String) -> Bool { count == 1 || Int(fnv1a(key) % UInt64(count)) == index }
}
