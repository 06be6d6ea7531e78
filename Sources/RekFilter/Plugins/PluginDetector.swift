import Basics
import FoundationEssentials
import Glibc

/// A detector plugin (docs/plugins.md; README, Detectors): a process of its own per worker, sent each picture — upright
/// and fitted to the limits its handshake declared — and answering, in order, with detections
/// or an error. An error it calls retryable is retried (the run's attempts); a final one fails
/// the picture like a service error would.
public final class PluginDetector: Detector {
    public let name: String
    public let limits: ServiceLimits?
    let info: PluginInfo
    let pairs: [(String, String)]
    let variables: [String: String]
    let stream: Bool
    /// The running process; nil after one was stopped for not answering (the next picture starts another).
    private var process: PluginProcess?
    let attempts: Int
    /// `--timeout`: how long one picture's answer may take.
    let timeout: Double
    /// Whether the run was asked to stop (SIGINT/SIGTERM): a plugin then gets 5 s to answer.
    let interrupted: @Sendable () -> Bool
    private var pending: [UInt8] = []
    static let graceAfterSignal = 5.0
    /// Where a failure seen only at the end goes.
    var late: LateFailures?

    init(
        info: PluginInfo, pairs: [(String, String)], variables: [String: String], stream: Bool, attempts: Int, timeout: Double,
        interrupted: @escaping @Sendable () -> Bool
    ) throws {
        self.info = info
        self.name = info.name
        self.limits = info.limits
        self.pairs = pairs
        self.variables = variables
        self.stream = stream
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.interrupted = interrupted
        process = try start()
    }

    private func start() throws -> PluginProcess {
        let process = try PluginProcess(
            path: info.path, arguments: ["--rekfilter-plugin-run"] + pairs.map { "\($0.0)=\($0.1)" }, variables: variables)
        pending = []
        try Self.send(PluginMessages.begin(stream: stream, format: nil, options: pairs), to: process, path: info.path)
        return process
    }

    deinit {
        // No more pictures: its stdin closes; it gets 5 s to finish before it is stopped. Output
        // after its last answer is an answer nobody asked for.
        guard let process else { return }
        process.closeInput()
        if process.waitStatus(timeout: interrupted() ? 0.5 : 5) == nil { process.kill() }
        if !interrupted(), !pending.isEmpty || !(process.readAnswer(limit: 1 << 16, timeout: 0.5) ?? []).isEmpty {
            late?.report(failure("answered more than it was asked (output after its last answer)"))
        }
    }

    /// What the run's detectors are: one process per worker, made on that worker.
    public static func factory(
        _ info: PluginInfo, pairs: [(String, String)], variables: [String: String], stream: Bool, attempts: Int, timeout: Double = 60,
        interrupted: @escaping @Sendable () -> Bool = { false }
    ) -> DetectorFactory {
        let factory = DetectorFactory(name: info.name, limits: info.limits) { throw PluginError.notFound(info.name) }
        let late = factory.lateFailures
        var made = factory
        made.make = {
            let detector = try PluginDetector(
                info: info, pairs: pairs, variables: variables, stream: stream, attempts: attempts, timeout: timeout,
                interrupted: interrupted)
            detector.late = late
            return detector
        }
        return made
    }

    public var nothing: FrameDetections { FrameDetections(detector: name, detections: [], response: nil, encode: Detection.document) }

    public func detect(_ image: PreparedImage) throws -> FrameDetections {
        guard case .fitted(let fitted) = image.payload else { throw DetectorError.noPicture(name) }
        var attempt = 0
        while true {
            attempt += 1
            let process = try self.process ?? start()
            self.process = process
            let mediaType = "image/" + fitted.format.rawValue
            try Self.send(
                Array(
                    "{\"type\":\"image\",\"frame\":\(image.index),\"mediaType\":\"\(mediaType)\",\"width\":\(fitted.width),\"height\":\(fitted.height),\"bytes\":\(fitted.bytes.count)}\n"
                        .utf8), to: process, path: info.path)
            try Self.send(fitted.bytes, to: process, path: info.path)
            switch try answer(for: image.index, from: process) {
            case .found(let found):
                // A single picture is the plugin's only one: it ends now, and anything more it
                // writes is an answer nobody asked for — said before the picture is written.
                if !stream {
                    process.closeInput()
                    let rest = process.readAnswer(limit: 1 << 16, timeout: 5) ?? []
                    if !rest.isEmpty { throw failure("answered more than it was asked (a line after frame \(image.index)'s answer)") }
                }
                return found
            case .error(let message, let retryable):
                guard retryable else { throw PluginError.answered(info.path, message) }
                guard attempt < attempts else { throw PluginError.stillFailing(info.path, message, attempts: attempts) }
            }
        }
    }

    enum Answer {
        case found(FrameDetections)
        case error(String, retryable: Bool)
    }

    /// Reads the plugin's answer for frame `index`: one JSON line, checked against the protocol.
    func answer(for index: Int, from process: PluginProcess) throws -> Answer {
        struct Line: Decodable {
            var frame: Int?
            var detections: [Wire]?
            var error: String?
            var retryable: Bool?
        }
        let line = try readLine(from: process)
        // Exactly one answer a picture: anything more is an answer nobody asked for.
        guard pending.isEmpty else { throw failure("answered more than it was asked (a line after frame \(index)'s answer)") }
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
        if let bad = detections.first(where: { !(0...100).contains($0.confidence) }) {
            throw failure(
                "answered frame \(index) with a confidence of \(Numbers.exact(bad.confidence)) for '\(bad.label)' (the protocol's is 0–100)"
            )
        }
        if let bad = detections.first(where: { ($0.box.map { $0.width <= 0 || $0.height <= 0 }) ?? false }) {
            throw failure("answered frame \(index) with a box of no area for '\(bad.label)' (width and height must be above 0)")
        }
        var found = FrameDetections(
            detector: name, detections: detections, response: JSONText.member("response", of: line), encode: Detection.document)
        found.responseHoldsDetections = false
        return .found(found)
    }

    private static func send(_ bytes: [UInt8], to process: PluginProcess, path: String) throws {
        let written = bytes.withUnsafeBytes { process.write($0) }
        guard written else { throw PluginError.failed(path, "stopped reading its input") }
    }

    /// One line of the plugin's stdout, within `--timeout` (and 5 s once the run is asked to
    /// stop); a plugin that does not answer in time is stopped, and the next picture starts
    /// another. A dead plugin is a failure naming its exit.
    private func readLine(from process: PluginProcess) throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let deadline = MonotonicClock.now() + timeout
        var stopBy: Double?
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                return line
            }
            guard pending.count < 64 << 20 else { throw failure("answered with a line over 64 MiB") }
            let now = MonotonicClock.now()
            if stopBy == nil && interrupted() { stopBy = now + Self.graceAfterSignal }
            if now >= min(deadline, stopBy ?? .infinity) {
                process.kill()
                self.process = nil
                if let stopBy, now >= stopBy { throw failure("was stopped \(Int(Self.graceAfterSignal)) s after the signal") }
                throw PluginError.timedOut(info.path, seconds: timeout)
            }
            // One slice at a time, so that a signal or the deadline is seen within 0.2 s.
            let read = chunk.withUnsafeMutableBytes { buffer in
                Syscall.read(process.output, into: buffer, deadline: min(deadline, stopBy ?? .infinity), slice: 0.2) { false }
            }
            switch read {
            case .timedOut: continue
            case .bytes(let n): pending += chunk[0..<n]
            case .end, .failed:
                let status = process.waitStatus(timeout: 5)
                throw failure("ended without answering (it \(status.map(PluginProcess.describe) ?? "did not exit"))")
            }
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
    var track: Int?

    var detection: Detection {
        Detection(
            label: label, confidence: confidence,
            box: box.map { BoundingBox(width: $0.width, height: $0.height, left: $0.left, top: $0.top) },
            polygon: polygon?.map { Point(x: $0.x, y: $0.y) }, points: points?.map { Landmark(x: $0.x, y: $0.y, name: $0.name ?? "") },
            parent: parent, track: track)
    }
}
