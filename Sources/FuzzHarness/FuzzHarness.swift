import AWSCore
import Glibc
import RekFilter
import RekFilterCLI

/// What each fuzz target does with one input: shared by the libFuzzer binary (scripts/fuzz.sh)
/// and by the regression tests, which replay every input that ever crashed a target.
public enum FuzzHarness {
    public static let targets = ["splitter", "image", "response", "config", "credentials", "formats", "cli", "cli-parse"]

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
                let pixels = try? source.upright()
            {
                precondition(pixels.width == source.header.uprightWidth && pixels.height == source.header.uprightHeight)
                // Shrunk as it decodes (two threads, a ring of rows): the same pixels as shrunk after.
                if source.format == .jpeg, let shrunk = try? source.decodeShrunk(scale: 8, longSide: 17),
                    let whole = try? source.decode()
                {
                    if let after = try? Resampler.downscale(whole, width: shrunk.width, height: shrunk.height) {
                        precondition(memcmp(after.pixels, shrunk.pixels, shrunk.byteCount) == 0)
                    }
                }
                // The parallel PNG writer: whatever the pixels, its pieces stitch into a PNG that
                // decodes to exactly them.
                let out = ByteBuffer()
                if (try? ParallelPNGEncoder.encode(pixels, level: 1, pieces: min(3, pixels.height), to: out)) != nil {
                    let back = try? out.bytes.withUnsafeBytes { try PNGCodec.decode($0) }
                    precondition(back.map { memcmp($0.pixels, pixels.pixels, pixels.byteCount) == 0 } == true)
                }
            }
        case "response":
            if let found = try? DetectCustomLabels.parse(bytes) {
                // Whatever the service says, laying it out and drawing it must not trap.
                if let canvas = try? PixelBuffer(width: 64, height: 48, channels: 3) {
                    Annotator(drawing: DrawingOptions(fontPath: "/nonexistent")).draw(found.detections, on: canvas)
                }
            }
            _ = AWSClient.serviceError(HTTPResponse(status: 400, headers: [], body: bytes))
            // The model lifecycle's answers, and the lines `model list` prints from them.
            if let page = try? DescribeProjectVersions(projectARN: "p").decode(bytes) { _ = page.versions.map(\.line) }
            _ = try? DescribeProjects().decode(bytes)
            _ = try? StartProjectVersion(modelARN: "m").decode(bytes)
        case "config":
            if let file = try? AWSConfigFile.parse(String(decoding: bytes, as: UTF8.self)) {
                _ = (file.named("profile"), file.named("services"))
            }
        case "credentials":
            _ = try? CredentialDocument.credentials(fromProcessOutput: bytes, source: "fuzz")
        case "formats":
            // The first byte chooses the format and whether it writes a stream: one writer an
            // input (every writer each time made an input twenty times as slow to run).
            guard let choice = bytes.first else { return }
            write(detections(from: Array(bytes.dropFirst())), choice: Int(choice))
        case "cli":
            // The command line's values and checks: NUL-separated arguments set through the
            // option table (no ArgumentParser reflection: a thousand inputs a second and more),
            // validated and turned into the library's options — every path must end in a value
            // or a usage error.
            if let command = optionTable.command(arguments(bytes), template: defaults) {
                configure(command)
            }
        case "cli-parse":
            // The same through ArgumentParser's own parse (its splitting of arguments, `=` forms,
            // short-flag groups, subcommand words): a millisecond an input, so a second target.
            // And the binary's quick path against it: whatever command line the quick path takes
            // without ArgumentParser, ArgumentParser must take too, to the same run.
            let words = arguments(bytes)
            let parsed = try? RekfilterCommand.parse(words)
            if let parsed { configure(parsed) }
            if let quick = OptionTable.shared.quickCommand(words) {
                guard let parsed else { fatalError("the quick path takes what ArgumentParser refuses: \(words)") }
                let environment = ["REKFILTER_MODEL": "arn:aws:rekognition:eu-west-1:123456789012:project/p/version/v/1"]
                if !quick.runsAs(parsed, environment: environment) { fatalError("the quick path and ArgumentParser differ on \(words)") }
            }
        default:
            fatalError("unknown fuzz target \(target)")
        }
    }

    static let optionTable = OptionTable.shared
    /// The command with no arguments: the defaults the table's settings go on top of.
    static let defaults = OptionTable.defaults()

    static func arguments(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    static func configure(_ command: RekfilterCommand) {
        guard (try? command.validateAsParsed()) != nil else { return }
        _ = try? command.configuration(environment: ["REKFILTER_MODEL": "arn:aws:rekognition:eu-west-1:123456789012:project/p/version/v/1"])
    }

    /// Detections from a response body when it parses; otherwise the bytes read as raw doubles
    /// (box, confidence, polygon points), which reaches every extreme a number can take.
    static func detections(from bytes: [UInt8]) -> [Detection] {
        if let parsed = try? DetectCustomLabels.parse(bytes) { return parsed.detections }
        var numbers = [Double]()
        var i = 0
        while i + 8 <= bytes.count && numbers.count < 64 {
            numbers.append(bytes[i..<i + 8].withUnsafeBytes { $0.loadUnaligned(as: Double.self) })
            i += 8
        }
        var labels = [Detection]()
        var n = 0
        while n + 5 <= numbers.count {
            let box = BoundingBox(width: numbers[n], height: numbers[n + 1], left: numbers[n + 2], top: numbers[n + 3])
            let points = stride(from: n + 5, to: min(numbers.count - 1, n + 9), by: 2).map { Point(x: numbers[$0], y: numbers[$0 + 1]) }
            labels.append(Detection(label: "l\(n)", confidence: numbers[n + 4], box: box, polygon: points))
            labels.append(Detection(label: "image-level \(n)", confidence: numbers[n + 4]))
            n += 9
        }
        return labels
    }

    /// The formats and modes `choice` picks from: each format as one image, and as a two-frame
    /// stream when it has one; the drawing formats also redacting (each way, and with boxes),
    /// crops also padded.
    static let choices: [(FormatDescriptor, Bool, FormatOptions)] = FormatRegistry.all.flatMap { format in
        var variants = [FormatOptions()]
        if format.name == PNGFormat.descriptor.name || format.name == JPEGFormat.descriptor.name {
            for mode in Redactor.Mode.allCases {
                var options = FormatOptions()
                options.drawing.redact = mode
                options.drawing.boxesWhenRedacting = mode == .blur
                variants.append(options)
            }
        }
        if format.name == CropsFormat.descriptor.name {
            var padded = FormatOptions()
            padded.cropPadding = 0.3
            variants.append(padded)
        }
        return (format.streams ? [false, true] : [false]).flatMap { stream in variants.map { (format, stream, $0) } }
    }

    /// The chosen format writes `detections` for a small picture.
    static func write(_ detections: [Detection], choice: Int) {
        let (format, stream, options) = choices[choice % choices.count]
        guard let source = try? SourceImage(bytes: tinyPNG) else { return }
        let found = FrameDetections(detector: "custom-labels", detections: detections, response: nil, encode: DetectCustomLabels.encode)
        let out = ByteBuffer()
        do {
            let frames = try (0..<(stream ? 2 : 1)).map { index in
                FrameResult(
                    index: index, found: found, width: source.header.uprightWidth, height: source.header.uprightHeight,
                    pixels: format.needsPixels ? try source.upright() : nil, source: source)
            }
            try format.make(options).write(frames, stream: stream, to: out)
        } catch {
            return
        }
        precondition(!out.bytes.isEmpty)
    }

    /// A 64×48 PNG made once (the formats need a real picture to draw on and embed).
    static let tinyPNG: [UInt8] = {
        guard let buffer = try? PixelBuffer(width: 64, height: 48, channels: 3) else { return [] }
        for i in 0..<buffer.byteCount { buffer.pixels[i] = UInt8(truncatingIfNeeded: i) }
        return (try? PNGCodec.encode(buffer)) ?? []
    }()
}
