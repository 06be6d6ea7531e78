/// The call both pipelines make, and the label filter they both apply.
extension Options {
    /// The request for `image`, with the run's model and parameters.
    func request(_ image: DetectRequest.Image) -> DetectRequest {
        DetectRequest(modelARN: model ?? "", image: image, minConfidence: minConfidence, maxResults: maxResults)
    }

    /// Sends `fitted`; on ImageTooLargeException shrinks once more and retries (SPEC §3.4).
    func send(_ fitted: ImageFitter.Fitted, of source: SourceImage, with client: RekognitionClient,
              fitter: ImageFitter, upright: PixelBuffer? = nil, order: Int = 0) throws -> Detections {
        do {
            return try client.detectCustomLabels(request(.bytes(fitted.bytes)), order: order)
        } catch {
            guard error.type == "ImageTooLargeException" else { throw error }
            let smaller = try fitter.fitSmaller(source, than: fitted, upright: upright)
            if verbose {
                StandardError.say("service said ImageTooLarge for \(fitted.bytes.count) bytes; retrying with \(smaller.bytes.count)")
            }
            return try client.detectCustomLabels(request(.bytes(smaller.bytes)), order: order)
        }
    }

    /// `--labels`: the labels kept, in the service's order.
    func kept(_ labels: [CustomLabel]) -> [CustomLabel] {
        guard let names = self.labels else { return labels }
        return labels.filter { names.contains($0.name) }
    }
}
