import AWSCore
import RekFilter

/// The one place where errors become exit codes (README, Exit status).
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let noLabels: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    public static let unavailable: Int32 = 69
    public static let software: Int32 = 70
    public static let cannotWrite: Int32 = 74
    public static let temporary: Int32 = 75
    public static let notPermitted: Int32 = 77
    public static let configuration: Int32 = 78

    public static func code(for error: Error) -> Int32 {
        switch error {
        case let error as ImageError:
            switch error {
            case .empty: return noInput
            case .outOfMemory, .encodeFailed: return software
            default: return dataError
            }
        case let error as IOError:
            switch error {
            case .stdinIsTerminal, .readFailed: return noInput
            case .writeFailed, .stdoutClosed: return cannotWrite
            case .binaryToTerminal: return usage
            }
        case let error as ServiceError:
            return code(for: error)
        case is UsageError:
            return usage
        case is FrameError, is NoFrames:
            return dataError
        case let error as FrameSplitter.SplitError:
            if case .readFailed = error { return noInput }
            return dataError
        case is FormatError, is DetectorError:
            return software
        case let error as PluginError:
            switch error {
            case .notFound: return usage
            case .cannotStart, .handshake, .notExecutable: return unavailable
            case .failed, .answered: return software
            case .stillFailing, .timedOut: return temporary
            }
        case let error as LifecycleError:
            switch error {
            case .timedOut: return temporary
            case .interrupted(let signal): return 128 + signal
            case .commandNotFound(_, let status): return status
            case .projectNotFound, .versionNotFound, .failed, .cannotStart: return unavailable
            }
        case let error as EvaluationError:
            switch error {
            case .cannotRead: return noInput
            case .badTruth, .badPredictions: return dataError
            case .resultsNeedCOCOTruth: return usage
            }
        case let error as ThresholdsFileError:
            if case .unreadable = error { return noInput }
            return dataError
        case is ModelEvaluationError:
            return unavailable
        case let error as BatchError:
            switch error {
            case .destinationInsideSource, .noSources, .badReference: return usage
            case .cannotRead: return noInput
            case .badManifestLine, .notAnImage: return dataError
            case .cannotWrite: return cannotWrite
            }
        case let error as DetectionsFileError:
            if case .unreadable = error { return noInput }
            return dataError
        default:
            return software
        }
    }

    public static func code(for error: ServiceError) -> Int32 {
        switch error {
        case .service(let type, _, let status, _):
            switch type {
            case "InvalidImageFormatException", "ImageTooLargeException", "InvalidParameterException": return dataError
            case "InvalidS3ObjectException": return noInput
            case "ResourceNotFoundException", "ResourceNotReadyException": return unavailable
            case "AccessDeniedException", "InvalidSignatureException", "UnrecognizedClientException", "ExpiredTokenException",
                "ExpiredToken", "IncompleteSignature", "MissingAuthenticationToken", "SignatureDoesNotMatch", "InvalidClientTokenId":
                return notPermitted
            default:
                if error.isRetryable { return temporary }
                return status == 403 ? notPermitted : status >= 500 ? temporary : software
            }
        case .transport(let http):
            switch http {
            case .dns, .connect, .tls: return unavailable
            case .timeout, .connectionLost: return temporary
            case .responseTooLarge, .other: return unavailable
            }
        case .badResponse: return unavailable
        case .credentials, .configuration: return configuration
        case .interrupted: return temporary
        case .notReady: return unavailable
        case .s3(_, let status, let code, _):
            if status == 403 { return notPermitted }
            if status == 404 { return noInput }
            return status >= 500 || ServiceError.throttling.contains(code) ? temporary : unavailable
        }
    }
}
