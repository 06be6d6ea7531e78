import Basics

/// Detectors lent to the threads that send a picture's tiles side by side: each is made from
/// the run's factory the first time no idle one is left, and used by one thread at a time.
final class DetectorPool: Sendable {
    private let factory: DetectorFactory
    private let idle = Locked<[Handed<any Detector>]>([])

    init(factory: DetectorFactory) {
        self.factory = factory
    }

    /// Runs `body` with a detector no other thread is using, and takes it back after.
    func lend<T>(_ body: (any Detector) throws -> T) throws -> T {
        let detector = try idle.withLock { $0.popLast() } ?? Handed(factory.make())
        defer { idle.withLock { $0.append(detector) } }
        return try body(detector.value)
    }

    /// What the detectors found wrong as they ended.
    var lateFailures: LateFailures { factory.lateFailures }

    /// Ends the idle detectors (a plugin's process closes, and says what it found wrong as it
    /// ended) — before the run asks its factory for late failures.
    func close() {
        idle.withLock { $0.removeAll() }
    }
}
