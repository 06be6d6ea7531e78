import AWSCore
import Basics
import Glibc

/// One model version's lifecycle over the signed, retried transport (README, The model's lifecycle): its status,
/// start, stop, and the waits between, as boto3's waiters do them. Used from one thread.
public final class ModelLifecycle {
    public let model: ModelVersionARN
    public let waiting: WaitPolicy
    let client: RekognitionClient
    /// Non-zero once SIGINT/SIGTERM asked to stop: a wait ends at once.
    public var interruption: () -> Int32
    /// The progress line (a terminal only); nil erases it.
    let progress: ((String?) -> Void)?
    private var projectARN: String?

    public init(
        model: ModelVersionARN, client: RekognitionClient, waiting: WaitPolicy = WaitPolicy(),
        interruption: @escaping () -> Int32 = { 0 }, progress: ((String?) -> Void)? = nil
    ) {
        self.model = model
        self.client = client
        self.waiting = waiting
        self.interruption = interruption
        self.progress = progress
    }

    /// What StartProjectVersion was asked, if anything.
    public enum StartOutcome: Equatable, Sendable {
        /// This call started it: whoever asked owns stopping it.
        case started
        /// It was already RUNNING, or STARTING for someone else: no call made.
        case alreadyRunning, alreadyStarting
    }

    /// The version's project ARN, from DescribeProjects (asked once).
    public func project() throws -> String {
        if let projectARN { return projectARN }
        let page = try client.send(DescribeProjects(projectNames: [model.project]))
        guard let arn = page.projectARNs.first else { throw LifecycleError.projectNotFound(project: model.project, region: model.region) }
        projectARN = arn
        return arn
    }

    /// The version's description, and the answer as it came.
    public func describe() throws -> (ModelDescription, body: [UInt8]) {
        let page = try client.send(DescribeProjectVersions(projectARN: project(), versionNames: [model.version]))
        guard let description = page.versions.first(where: { $0.arn == model.arn }) ?? page.versions.first else {
            throw LifecycleError.versionNotFound(arn: model.arn)
        }
        return (description, page.body)
    }

    /// Starts the model unless it is running or starting already (then no call is made). A
    /// model still STOPPING is waited for first. Does not wait for RUNNING: `wait(for:)` does.
    public func start(minInferenceUnits: Int = 1, maxInferenceUnits: Int? = nil) throws -> StartOutcome {
        var (current, _) = try describe()
        switch current.status {
        case .running: return .alreadyRunning
        case .starting: return .alreadyStarting
        case .stopping: current = try wait(for: .stopped).0
        default: break
        }
        guard current.status.canStart else { throw LifecycleError.cannotStart(arn: model.arn, status: current.status) }
        // A signal during the look-up: nothing is started (and billed) after it.
        try checkInterruption()
        let start = StartProjectVersion(modelARN: model.arn, minInferenceUnits: minInferenceUnits, maxInferenceUnits: maxInferenceUnits)
        if let error = Self.failure(of: { () throws(ServiceError) in _ = try client.send(start) }) {
            // Someone else's start got there first: theirs to stop.
            guard error.type == "ResourceInUseException" else { throw error }
            let (now, _) = try describe()
            if now.status == .running { return .alreadyRunning }
            if now.status == .starting { return .alreadyStarting }
            throw error
        }
        return .started
    }

    /// Stops the model unless it is stopped or stopping already; says whether it asked.
    @discardableResult
    public func stop() throws -> Bool {
        let (current, _) = try describe()
        guard [.running, .starting, .failed].contains(current.status) else { return false }
        if let error = Self.failure(of: { () throws(ServiceError) in _ = try client.send(StopProjectVersion(modelARN: model.arn)) }) {
            // Already on its way down (someone else's stop, or a start still settling).
            guard error.type == "ResourceInUseException" else { throw error }
            let (now, _) = try describe()
            guard now.status == .stopping || now.status == .stopped else { throw error }
        }
        return true
    }

    /// The error a call ended with, if any.
    private static func failure(of call: () throws(ServiceError) -> Void) -> ServiceError? {
        do throws(ServiceError) {
            try call()
            return nil
        } catch {
            return error
        }
    }

    /// Polls until the model is `target` (RUNNING or STOPPED), as boto3's waiters: FAILED ends a
    /// wait for RUNNING; `waiting.timeout` ends any. `interruptible: false` keeps waiting through
    /// a signal (the stop that a signal asked for).
    public func wait(for target: ModelStatus, interruptible: Bool = true) throws -> (ModelDescription, body: [UInt8]) {
        let started = MonotonicClock.now()
        defer { progress?(nil) }
        while true {
            let (current, body) = try describe()
            // A signal that came during the request is acted on now, whatever the answer says:
            // after it, nothing may start.
            try checkInterruption(interruptible)
            if Self.reached(target, current.status) { return (current, body) }
            if target == .running && current.status == .failed {
                throw LifecycleError.failed(arn: model.arn, message: current.statusMessage ?? "")
            }
            let elapsed = MonotonicClock.now() - started
            if elapsed >= waiting.timeout {
                throw LifecycleError.timedOut(arn: model.arn, waitingFor: target, last: current.status, seconds: waiting.timeout)
            }
            progress?("\(current.status), \(Self.duration(elapsed)) (waiting for \(target))")
            try sleep(min(waiting.poll, waiting.timeout - elapsed), interruptible: interruptible)
        }
    }

    /// A status that ends a wait for `target`: for STOPPED, any status in which the model
    /// neither runs nor is on its way up or down (it bills in none of them).
    static func reached(_ target: ModelStatus, _ status: ModelStatus) -> Bool {
        if target == .stopped { return ![ModelStatus.running, .starting, .stopping].contains(status) }
        return status == target
    }

    /// Throws `interrupted` once a signal has asked to stop.
    public func checkInterruption(_ interruptible: Bool = true) throws {
        if interruptible, case let signal = interruption(), signal != 0 { throw LifecycleError.interrupted(signal: signal) }
    }

    /// Stops the model this run started, patiently: a stop that fails for a reason that may pass
    /// (throttling, 5xx, the network) is asked again for up to `patience` seconds, since a model
    /// left running bills by the hour. A second signal ends the asking.
    public func stopPatiently(patience: Double = 300) throws {
        let began = MonotonicClock.now()
        var delay = 1.0
        while true {
            do {
                try stop()
                return
            } catch let error as ServiceError where error.isRetryable && MonotonicClock.now() - began + delay < patience {
                progress?("stopping the model failed (\(error)); asking again in \(Int(delay)) s")
                try sleep(delay, interruptible: true)
                delay = min(delay * 2, 30)
            }
        }
    }

    /// Sleeps in short slices so that a signal ends the wait within a tenth of a second.
    private func sleep(_ seconds: Double, interruptible: Bool) throws {
        let end = MonotonicClock.now() + seconds
        while true {
            if interruptible, case let signal = interruption(), signal != 0 { throw LifecycleError.interrupted(signal: signal) }
            let left = end - MonotonicClock.now()
            if left <= 0 { return }
            var pause = timespec(tv_sec: 0, tv_nsec: Int(min(left, 0.1) * 1e9))
            nanosleep(&pause, nil)
        }
    }

    /// `42s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s" }
        return "\(s / 3600)h\(s % 3600 / 60 < 10 ? "0" : "")\(s % 3600 / 60)m"
    }

    /// Every version of every project (or of the one named), one page of answers at a time:
    /// the descriptions, and each answer as it came.
    public static func list(client: RekognitionClient, project: String?) throws -> (versions: [ModelDescription], bodies: [[UInt8]]) {
        var versions: [ModelDescription] = []
        var bodies: [[UInt8]] = []
        var projects: [String] = []
        var token: String?
        var seen = Set<String>()
        /// A server that hands back a token it gave before would keep a list going forever.
        func next(_ page: String?) throws(ServiceError) -> String? {
            guard let page else { return nil }
            guard seen.insert(page).inserted else { throw .badResponse("the service repeated a NextToken: the listing would never end") }
            return page
        }
        repeat {
            let page = try client.send(DescribeProjects(projectNames: project.map { [$0] }, nextToken: token))
            bodies.append(page.body)
            projects += page.projectARNs
            token = try next(page.nextToken)
        } while token != nil
        if let project, projects.isEmpty { throw LifecycleError.projectNotFound(project: project, region: client.endpoint.region) }
        for arn in projects {
            var token: String?
            repeat {
                let page = try client.send(DescribeProjectVersions(projectARN: arn, nextToken: token))
                bodies.append(page.body)
                versions += page.versions
                token = try next(page.nextToken)
            } while token != nil
        }
        return (versions, bodies)
    }
}
