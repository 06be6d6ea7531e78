import AWSCore

/// What can go wrong starting, stopping or waiting for a model, beyond the call itself
/// (which fails with `ServiceError`). Each case says what to do.
public enum LifecycleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// DescribeProjects found no project of that name in the region.
    case projectNotFound(project: String, region: String)
    /// The project has no version of that name.
    case versionNotFound(arn: String)
    /// The model ended in FAILED while we waited for it (the service's message).
    case failed(arn: String, message: String)
    /// The model is in a status from which it cannot be started (training, deprecated, …).
    case cannotStart(arn: String, status: ModelStatus)
    /// `--wait-timeout` passed before the model reached the status.
    case timedOut(arn: String, waitingFor: ModelStatus, last: ModelStatus, seconds: Double)
    /// SIGINT/SIGTERM ended a wait (the signal's number).
    case interrupted(signal: Int32)
    /// `model run`'s command cannot be run (not found, not executable): nothing was started.
    case commandNotFound(String, status: Int32)

    public var description: String {
        switch self {
        case .projectNotFound(let project, let region):
            return "no Custom Labels project named '\(project)' in \(region): check the ARN, the region and the account"
        case .versionNotFound(let arn):
            return "the project has no model version \(arn): check the ARN (rekfilter model list shows the versions)"
        case .failed(let arn, let message):
            // The service's message often says as much already ("The model failed to start").
            let said = message.lowercased().hasPrefix("the model failed") || message.lowercased().hasPrefix("model failed")
            if message.isEmpty { return "the model failed to start; the service gave no reason (\(arn))" }
            return said ? "\(message) (\(arn))" : "the model failed to start: \(message) (\(arn))"
        case .cannotStart(let arn, let status):
            return "the model is \(status) and cannot be started (\(arn))"
        case .timedOut(let arn, let target, let last, let seconds):
            return "gave up waiting after \(Int(seconds)) s for the model to be \(target); it is \(last) (\(arn)); "
                + "raise --wait-timeout, or check with rekfilter model status -m ARN"
        case .interrupted(let signal):
            return "interrupted by signal \(signal)"
        case .commandNotFound(let reason, _):
            return "\(reason); the model was not started"
        }
    }
}
