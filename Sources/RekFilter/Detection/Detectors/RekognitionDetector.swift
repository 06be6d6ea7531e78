import AWSCore

/// A detector that is one Rekognition operation over the run's signed, retried transport:
/// custom labels, labels, text, moderation, celebrities (`BuiltInDetectors` says which is which).
public final class RekognitionDetector: Detector {
    /// Sends the operation for a picture (bytes or an S3 object), with its place in line.
    public typealias Call = @Sendable (RekognitionClient, ImageReference, _ order: Int) throws -> FrameDetections

    public let name: String
    public let limits: ServiceLimits?
    let client: RekognitionClient
    let call: Call
    let encode: @Sendable ([Detection]) -> [UInt8]
    let log: (@Sendable (String) -> Void)?

    public init(
        name: String, limits: ServiceLimits, client: RekognitionClient, encode: @escaping @Sendable ([Detection]) -> [UInt8],
        log: (@Sendable (String) -> Void)? = nil, call: @escaping Call
    ) {
        self.name = name
        self.limits = limits
        self.client = client
        self.encode = encode
        self.log = log
        self.call = call
    }

    public var nothing: FrameDetections { FrameDetections(detector: name, detections: [], response: nil, encode: encode) }

    public func detect(_ image: PreparedImage) throws -> FrameDetections {
        switch image.payload {
        case .s3(let location):
            return try call(client, .s3(location), image.index)
        case .none:
            throw DetectorError.noPicture(name)
        case .fitted(let fitted):
            do {
                return try call(client, .bytes(fitted.bytes), image.index)
            } catch let error as ServiceError {
                // README, What it does with your image: the service still finds it too large: shrink once more and retry.
                guard error.type == "ImageTooLargeException" else { throw error }
                let smaller = try image.shrink()
                log?("service said ImageTooLarge for \(fitted.bytes.count) bytes; retrying with \(smaller.bytes.count)")
                return try call(client, .bytes(smaller.bytes), image.index)
            }
        }
    }
}
