/// Makes a run's detectors, one per worker, from what they share (credentials, connection pool).
public struct DetectorFactory: Sendable {
    public var name: String
    public var limits: ServiceLimits?
    public var make: @Sendable () throws -> any Detector

    public init(name: String, limits: ServiceLimits?, make: @escaping @Sendable () throws -> any Detector) {
        self.name = name
        self.limits = limits
        self.make = make
    }
}
