import Basics

/// Makes a run's detectors, one per worker, from what they share (credentials, connection pool).
public struct DetectorFactory: Sendable {
    public var name: String
    public var limits: ServiceLimits?
    public var make: @Sendable () throws -> any Detector
    /// What detectors found wrong only as they ended (a plugin that answered more than it was
    /// asked, seen when its output closed): the run fails with it after its last frame.
    public let lateFailures = LateFailures()

    public init(name: String, limits: ServiceLimits?, make: @escaping @Sendable () throws -> any Detector) {
        self.name = name
        self.limits = limits
        self.make = make
    }
}

/// The first failure a detector reports as it ends, for the driver to fail the run with.
public final class LateFailures: Sendable {
    private let first = Locked<(any Error)?>(nil)

    public init() {}

    public func report(_ error: any Error) { first.withLock { if $0 == nil { $0 = error } } }
    public var error: (any Error)? { first.withLock { $0 } }
}
