import AWSCore

/// The detectors built in (README, Detectors): each a Rekognition operation, with its limits, the request
/// options it takes from the command line, and how a filtered answer is written back.
public enum BuiltInDetectors {
    public static let names = [
        DetectCustomLabels.detectorName, DetectLabels.detectorName, DetectFaces.detectorName, DetectText.detectorName,
        DetectProtectiveEquipment.detectorName, DetectModerationLabels.detectorName, RecognizeCelebrities.detectorName,
    ]

    public static let summaries: [String: String] = [
        DetectCustomLabels.detectorName: "DetectCustomLabels: a Custom Labels model version (-m ARN)",
        DetectLabels.detectorName: "DetectLabels: objects and scenes, boxes for their instances (--max-results as MaxLabels)",
        DetectText.detectorName: "DetectText: lines (--text-level word: words) as polygons tagged with the text",
        DetectFaces.detectorName: "DetectFaces: face boxes and landmark points (--attributes ALL: age range and top emotion)",
        DetectProtectiveEquipment.detectorName: "DetectProtectiveEquipment: persons and equipment; --required-equipment marks who lacks it",
        DetectModerationLabels.detectorName: "DetectModerationLabels: moderation labels, in the legend",
        RecognizeCelebrities.detectorName: "RecognizeCelebrities: faces tagged with the celebrity's name, others as face",
    ]

    /// The limits that decide re-encoding for the detector `name`.
    public static func limits(_ name: String) -> ServiceLimits {
        [DetectCustomLabels.detectorName, DetectProtectiveEquipment.detectorName].contains(name) ? .rekognition : ImageOperations.limits
    }

    /// What the detector `name` sends for a picture, with the run's options.
    static func call(_ name: String, service: ServiceConfiguration) -> (RekognitionDetector.Call, @Sendable ([Detection]) -> [UInt8])? {
        let (minConfidence, maxResults, level) = (service.minConfidence, service.maxResults, service.textLevel)
        let (attributes, required) = (service.faceAttributes, service.requiredEquipment)
        switch name {
        case DetectCustomLabels.detectorName:
            guard let model = service.model else { return nil }
            return (
                { client, image, order in
                    do throws(ServiceError) {
                        return try client.send(
                            DetectCustomLabels(modelARN: model, image: image, minConfidence: minConfidence, maxResults: maxResults),
                            order: order)
                    } catch {
                        guard case .service("ResourceNotReadyException", let message, _, let requestId) = error else { throw error }
                        throw ServiceError.notReady(
                            advice: "the model is not running: start it with `rekfilter model start -m \(model)` "
                                + "(and stop it after: it bills by the hour), or run the job inside `rekfilter model run -m \(model) -- …`",
                            message: message, requestId: requestId)
                    }
                }, DetectCustomLabels.encode
            )
        case DetectLabels.detectorName:
            return (
                { client, image, order in
                    try client.send(DetectLabels(image: image, maxLabels: maxResults, minConfidence: minConfidence), order: order)
                }, ImageOperations.encode
            )
        case DetectText.detectorName:
            return (
                { client, image, order in
                    try client.send(DetectText(image: image, minConfidence: minConfidence, level: level), order: order)
                }, ImageOperations.encode
            )
        case DetectFaces.detectorName:
            return (
                { client, image, order in try client.send(DetectFaces(image: image, attributes: attributes), order: order) },
                ImageOperations.encode
            )
        case DetectProtectiveEquipment.detectorName:
            return (
                { client, image, order in
                    try client.send(DetectProtectiveEquipment(image: image, minConfidence: minConfidence, required: required), order: order)
                }, ImageOperations.encode
            )
        case DetectModerationLabels.detectorName:
            return (
                { client, image, order in
                    try client.send(DetectModerationLabels(image: image, minConfidence: minConfidence), order: order)
                }, ImageOperations.encode
            )
        case RecognizeCelebrities.detectorName:
            return ({ client, image, order in try client.send(RecognizeCelebrities(image: image), order: order) }, ImageOperations.encode)
        default:
            return nil
        }
    }
}
