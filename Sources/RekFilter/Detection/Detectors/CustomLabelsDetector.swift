/// `custom-labels` (the default): DetectCustomLabels on a model version, over the run's
/// signed, retried transport.
public final class CustomLabelsDetector: Detector {
    public let name = DetectCustomLabels.detectorName
    public var limits: ServiceLimits? { ServiceLimits.rekognition }
    let client: RekognitionClient
    let model: String
    let minConfidence: Double?
    let maxResults: Int?
    let log: (@Sendable (String) -> Void)?

    public init(
        client: RekognitionClient, model: String, minConfidence: Double?, maxResults: Int?,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.client = client
        self.model = model
        self.minConfidence = minConfidence
        self.maxResults = maxResults
        self.log = log
    }

    public var nothing: FrameDetections {
        FrameDetections(detector: name, detections: [], response: nil, encode: DetectCustomLabels.encode)
    }

    public func detect(_ image: PreparedImage) throws -> FrameDetections {
        switch image.payload {
        case .s3(let location):
            return try client.send(request(.s3(location)), order: image.index)
        case .none:
            throw DetectorError.noPicture(name)
        case .fitted(let fitted):
            do {
                return try client.send(request(.bytes(fitted.bytes)), order: image.index)
            } catch {
                guard error.type == "ImageTooLargeException" else { throw error }
                let smaller = try image.shrink()
                log?("service said ImageTooLarge for \(fitted.bytes.count) bytes; retrying with \(smaller.bytes.count)")
                return try client.send(request(.bytes(smaller.bytes)), order: image.index)
            }
        }
    }

    func request(_ image: ImageReference) -> DetectCustomLabels {
        DetectCustomLabels(modelARN: model, image: image, minConfidence: minConfidence, maxResults: maxResults)
    }
}
