import AWSCore

/// What stream mode's adaptive concurrency is asked before and told after each attempt
/// (`ConcurrencyLimiter` implements it); `GatedRetry` plugs it into the AWS client's retries.
public protocol RequestGate: AnyObject, Sendable {
    /// Waits for a slot and takes it; of the requests waiting, the lowest `order` goes first
    /// (a stream's frame number, so that what is in flight is always the earliest frames).
    /// False when the run is stopping: no attempt may start.
    func acquire(order: Int) -> Bool
    func release()
    /// An attempt succeeded, in `seconds`.
    func succeeded(seconds: Double)
    /// An attempt was refused for throttling or capacity.
    func throttled()
    /// Successful attempts so far, of every client behind this gate: while this grows, the
    /// run makes progress, and a throttle is a reason to wait, not to fail (docs/command-line.md).
    var successes: Int { get }
    /// After a throttle: waits until some attempt succeeds beyond `mark` (true), or until the
    /// gate judges that none will soon (false: the run is not making progress); nil when the
    /// run is stopping.
    func awaitProgress(beyond mark: Int) -> Bool?
    /// Sleeps `seconds` (a backoff), or less if the run is stopping; false when it is.
    func pause(_ seconds: Double) -> Bool
    /// Told of every attempt's outcome (nil = success): counters for a progress line.
    func observe(_ error: ServiceError?)
}
