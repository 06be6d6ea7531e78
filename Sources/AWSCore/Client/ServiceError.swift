/// What went wrong talking to an AWS service (or getting ready to): each case says the cause and
/// what to do, and knows whether another attempt could help.
public enum ServiceError: Error, Equatable, Sendable {
    /// The service answered with an error document.
    case service(type: String, message: String, status: Int, requestId: String?)
    /// The request never got a complete answer.
    case transport(HTTPError)
    /// An answer that is not the JSON DetectCustomLabels returns.
    case badResponse(String)
    case credentials(CredentialError)
    /// No region, an invalid endpoint URL, …
    case configuration(String)
    /// An S3 call failed: `action` says what it was doing ("cannot get s3://bucket/key").
    case s3(action: String, status: Int, code: String, message: String)
    /// The run was asked to stop (SIGINT/SIGTERM) before this request could be sent.
    case interrupted
    /// ResourceNotReadyException, with the caller's advice (the command that starts the resource).
    case notReady(advice: String, message: String, requestId: String?)

    /// The error type, as the service names it (after the last `#`).
    public var type: String? {
        if case .service(let type, _, _, _) = self { return type }
        if case .notReady = self { return "ResourceNotReadyException" }
        return nil
    }

    /// README, What it does with your imageas botocore's standard retry mode: throttling, transient error codes, the
    /// service's internal errors, HTTP 500/502/503/504, and transport failures.
    public var isRetryable: Bool {
        switch self {
        case .service(let type, _, let status, _):
            if isThrottle || Self.transient.contains(type) { return true }
            return Self.nonRetryable.contains(type) ? false : [500, 502, 503, 504].contains(status)
        case .transport(let error): return error.isRetryable
        default: return false
        }
    }

    /// The service is over capacity: the signal for adaptive concurrency and the adaptive
    /// retry mode's rate limiter.
    public var isThrottle: Bool { Self.throttling.contains(type ?? "") }

    /// botocore's `_THROTTLED_ERROR_CODES` (retries/standard.py).
    package static let throttling: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]

    /// botocore's `_TRANSIENT_ERROR_CODES`, and Rekognition's modelled internal errors.
    package static let transient: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalServerError", "InternalFailure",
        "ServiceUnavailable", "ServiceUnavailableException",
    ]

    /// Errors that mean the request's time and the service's clocks disagree (aws-sdk-swift's
    /// list): corrected once from the answer's Date header.
    package static let clockSkew: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch",
        "AuthFailure",
    ]

    package static let nonRetryable: Set<String> = [
        "ResourceNotFoundException", "ResourceNotReadyException", "InvalidS3ObjectException", "InvalidParameterException",
        "ImageTooLargeException", "AccessDeniedException", "InvalidImageFormatException", "InvalidSignatureException",
        "UnrecognizedClientException", "ExpiredTokenException", "ExpiredToken", "IncompleteSignature",
        "MissingAuthenticationToken", "SignatureDoesNotMatch", "InvalidClientTokenId",
    ]
}

extension ServiceError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .service(let type, let message, let status, let requestId):
            let advice: String
            switch type {
            case "ResourceNotFoundException": advice = "the model version was not found: check the ARN and the region"
            case "ResourceNotReadyException":
                advice = "the model is not running: start it (aws rekognition start-project-version) and wait until it is RUNNING"
            case "AccessDeniedException":
                advice = "access denied: these credentials may not call rekognition:DetectCustomLabels on this model"
            case "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature":
                advice = "the request signature was rejected: check the secret access key and the system clock"
            case "UnrecognizedClientException", "InvalidClientTokenId":
                advice = "the access key is not recognized: check AWS_ACCESS_KEY_ID or the profile's keys"
            case "ExpiredTokenException", "ExpiredToken": advice = "the session token has expired: refresh the credentials"
            case "MissingAuthenticationToken": advice = "the request carried no credentials"
            case "ThrottlingException": advice = "throttled by the service; retry later or lower -j"
            case "ProvisionedThroughputExceededException": advice = "the model is at its capacity (inference units); add units or lower -j"
            case "LimitExceededException": advice = "a service limit was exceeded; retry later"
            case "InternalServerError", "InternalFailure": advice = "the service had an internal error; retry later"
            case "InvalidImageFormatException": advice = "the service refused the image format"
            case "ImageTooLargeException": advice = "the service refused the image as too large, even after shrinking it"
            case "InvalidParameterException": advice = "the service refused a parameter"
            case "InvalidS3ObjectException":
                advice = "the S3 object cannot be read by the service: check the bucket, key, region and permissions"
            default: advice = "the service answered HTTP \(status)"
            }
            return "\(type): \(advice)" + Self.detail(message, requestId)
        case .transport(let error):
            switch error {
            case .tls: return "\(error); verification is never turned off: set AWS_CA_BUNDLE to trust a private CA"
            default: return "\(error)"
            }
        case .badResponse(let detail): return "unexpected answer from the service: \(detail)"
        case .credentials(let error): return "\(error)"
        case .configuration(let detail): return detail
        case .interrupted: return "interrupted before the request was sent"
        case .notReady(let advice, let message, let requestId):
            return "ResourceNotReadyException: \(advice)" + Self.detail(message, requestId)
        case .s3(let action, let status, let code, let message):
            return "\(action): \(code.isEmpty ? "HTTP \(status)" : code)\(message.isEmpty ? "" : " (\(message))")"
        }
    }

    /// " (the service's message) [request id …]", each part when there is one.
    package static func detail(_ message: String, _ requestId: String?) -> String {
        (message.isEmpty ? "" : " (\(message))") + (requestId.map { " [request id \($0)]" } ?? "")
    }
}
