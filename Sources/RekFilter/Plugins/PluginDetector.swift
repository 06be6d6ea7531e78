import FoundationEssentials
import Glibc

/// A detector plugin (SPEC §8, §9): a process of its own per worker, sent each picture — upright
/// and fitted to the limits its handshake declared — and answering, in order, with detections
/// or an error. An error it calls retryable is retried (the run's attempts); a final one fails
/// the picture like a service error would.
public final class PluginDetector: Detector {
    public let name: String
    public let limits: ServiceLimits?
    let info: PluginInfo
    let process: PluginProcess
    let attempts: Int
    private var pending: [UInt8] = []

    init(info: PluginInfo, pairs: [(String, String)], variables: [String: String], stream: Bool, attempts: Int) throws {
        self.info = info
        self.name = info.name
        self.limits = info.limits
        self.attempts = max(1, attempts)
        process = try PluginProcess(
            path: info.path, arguments: ["--rekfilter-plugin-run"] + pairs.map { "\($0.0)=\($0.1)" }, variables: variables)
        try send(PluginMessages.begin(stream: stream, format: nil, options: pairs))
    }

    deinit {
        // No more pictures: its stdin closes; it gets 5 s to finish before it is stopped.
        process.closeInput()
        if process.waitStatus(timeout: 5) == nil { process.kill() }
    }

    /// What the run's detectors are: one process per worker, made on that worker.
    public static func factory(_ info: PluginInfo, pairs: [(String, String)], variables: [String: String], stream: Bool, attempts: Int)
        -> DetectorFactory
    {
        DetectorFactory(name: info.name, limits: info.limits) {
            try PluginDetector(info: info, pairs: pairs, variables: variables, stream: stream, attempts: attempts)
        }
    }

    public var nothing: FrameDetections { FrameDetections(detector: name, detections: [], response: nil, encode: Detection.document) }

    public func detect(_ image: PreparedImage) throws -> FrameDetections {
        guard case .fitted(let fitted) = image.payload else { throw DetectorError.noPicture(name) }
        var attempt = 0
        while true {
            attempt += 1
            let mediaType = "image/" + fitted.format.rawValue
            try send(
                Array(
                    "{\"type\":\"image\",\"frame\":\(image.index),\"mediaType\":\"\(mediaType)\",\"width\":\(fitted.width),\"height\":\(fitted.height),\"bytes\":\(fitted.bytes.count)}\n"
                        .utf8))
            try send(fitted.bytes)
            switch try answer(for: image.index) {
            case .found(let found): return found
            case .error(let message, let retryable):
                guard retryable, attempt < attempts else { throw PluginError.answered(info.path, message) }
            }
        }
    }

    enum Answer {
        case found(FrameDetections)
        case error(String, retryable: Bool)
    }

    /// Reads the plugin's answer for frame `index`: one JSON line.
    func answer(for index: Int) throws -> Answer {
        struct Line: Decodable {
            var frame: Int?
            var detections: [Wire]?
            var error: String?
            var retryable: Bool?
        }
        let line = try readLine()
        let decoded: Line
        do { decoded = try JSONDecoder().decode(Line.self, from: Data(line)) } catch {
            throw failure("answered with something that is not a JSON line of the protocol")
        }
        guard decoded.frame == index else {
            throw failure("answered frame \(decoded.frame.map(String.init) ?? "none") when asked for frame \(index)")
        }
        if let error = decoded.error { return .error(error, retryable: decoded.retryable ?? false) }
        guard let wires = decoded.detections else { throw failure("answered frame \(index) with neither detections nor an error") }
        let detections = wires.map(\.detection)
        guard detections.allSatisfy(\.isFinite) else { throw failure("answered frame \(index) with a number that is not finite") }
        let response = JSONText.member("response", of: line)
        return .found(FrameDetections(detector: name, detections: detections, response: response, encode: Detection.document))
    }

    private func send(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { process.write($0) }
        guard written else { throw failure("stopped reading its input") }
    }

    /// One line of the plugin's stdout (a dead plugin is a failure naming its exit).
    private func readLine() throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                return line
            }
            guard pending.count < 64 << 20 else { throw failure("answered with a line over 64 MiB") }
            let n = chunk.withUnsafeMutableBytes { read(process.output, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let status = process.waitStatus(timeout: 5)
                throw failure("ended without answering (it \(status.map(PluginProcess.describe) ?? "did not exit"))")
            }
            pending += chunk[0..<n]
        }
    }

    private func failure(_ what: String) -> PluginError { .failed(info.path, what) }
}

/// `DETECTION` as plugins write it.
struct Wire: Decodable {
    struct Box: Decodable { var left, top, width, height: Double }
    struct XY: Decodable { var x, y: Double }
    struct Named: Decodable {
        var x, y: Double
        var name: String?
    }

    var label: String
    var confidence: Double
    var box: Box?
    var polygon: [XY]?
    var points: [Named]?
    var parent: String?

    var detection: Detection {
        Detection(
            label: label, confidence: confidence,
            box: box.map { BoundingBox(width: $0.width, height: $0.height, left: $0.left, top: $0.top) },
            polygon: polygon?.map { Point(x: $0.x, y: $0.y) }, points: points?.map { Landmark(x: $0.x, y: $0.y, name: $0.name ?? "") },
            parent: parent)
    }
}
