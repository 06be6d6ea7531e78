import RekFilter

/// What each fuzz target does with one input: shared by the libFuzzer binary (scripts/fuzz.sh)
/// and by the regression tests, which replay every input that ever crashed a target.
public enum FuzzHarness {
    public static let targets = ["splitter", "image", "response", "config", "credentials"]

    public static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "splitter":
            // Fed in small reads, so the resumable scan is exercised at every boundary.
            var offset = 0
            var splitter = FrameSplitter(maxFrameBytes: 1 << 20) { buffer in
                guard offset < bytes.count else { return false }
                let n = min(bytes.count - offset, 1 + (offset % 7))
                buffer += bytes[offset..<offset + n]
                offset += n
                return true
            }
            var frames = 0
            while let item = try? splitter.next() {
                if case .frame(let frame) = item {
                    precondition(frame.count >= 4)
                    frames += 1
                }
                if frames > 10_000 { break }
            }
        case "image":
            // Sniff, header (with EXIF), safety limits, full decode, orientation; small budget.
            if let source = try? SourceImage(bytes: bytes, limits: SafetyLimits(maxInputBytes: 1 << 22, maxPixels: 1 << 22)),
               let pixels = try? source.upright() {
                precondition(pixels.width == source.header.uprightWidth && pixels.height == source.header.uprightHeight)
            }
        case "response":
            if let detections = try? Detections.parse(bytes) {
                // Whatever the service says, laying it out and drawing it must not trap.
                if let canvas = try? PixelBuffer(width: 64, height: 48, channels: 3) {
                    Annotator(fontPath: "/nonexistent").draw(detections.labels, on: canvas)
                }
            }
            _ = RekognitionClient.serviceError(HTTPResponse(status: 400, headers: [], body: bytes))
        case "config":
            _ = AWSConfigFile.parse(String(decoding: bytes, as: UTF8.self))
        case "credentials":
            _ = try? CredentialDocument.credentials(fromProcessOutput: bytes, source: "fuzz")
        default:
            fatalError("unknown fuzz target \(target)")
        }
    }
}
