import FoundationEssentials
import Glibc

/// What a format plugin written in Swift provides: its handshake, and what it writes for each
/// frame and at the end. `FormatPluginMain.run` does the protocol (docs/plugins.md): the handshake,
/// reading messages and payloads, and writing what these return to stdout.
public protocol FormatPlugin {
    static var info: FormatPluginInfo { get }
    /// A run begins: the `-O KEY=VALUE` options, and whether frames of a stream follow.
    init(options: [String: String], stream: Bool) throws
    /// A run begins, with everything the `begin` message says (`--classes` too). By default,
    /// `init(options:stream:)`.
    init(begin: PluginBegin) throws
    /// One picture or frame, in order, with its payload (empty, PPM, or the original bytes).
    mutating func frame(_ frame: PluginFrame, payload: [UInt8]) throws -> String
    /// The run ends after `frames` frames.
    mutating func end(frames: Int) throws -> String
    /// What is written for a frame, as bytes (a binary format's); by default `frame`'s text.
    mutating func frameBytes(_ frame: PluginFrame, payload: [UInt8]) throws -> [UInt8]
    /// What is written at the end, as bytes; by default `end`'s text.
    mutating func endBytes(frames: Int) throws -> [UInt8]
}

extension FormatPlugin {
    public init(begin: PluginBegin) throws { try self.init(options: begin.options, stream: begin.stream) }
    public mutating func frame(_ frame: PluginFrame, payload: [UInt8]) throws -> String { "" }
    public mutating func end(frames: Int) throws -> String { "" }
    public mutating func frameBytes(_ frame: PluginFrame, payload: [UInt8]) throws -> [UInt8] {
        Array(try self.frame(frame, payload: payload).utf8)
    }
    public mutating func endBytes(frames: Int) throws -> [UInt8] { Array(try end(frames: frames).utf8) }
}

/// The `begin` message: the run's options, whether frames of a stream follow, and the class
/// names `--classes` fixed (in order; empty when none were given).
public struct PluginBegin: Sendable {
    public var options: [String: String]
    public var stream: Bool
    public var classes: [String]

    public init(options: [String: String], stream: Bool, classes: [String] = []) {
        self.options = options
        self.stream = stream
        self.classes = classes
    }
}

/// Says `message` on stderr, one line, as `NAME: message`.
public func pluginWarning(_ name: String, _ message: String) {
    let line = Array("\(name): \(message.filter { $0 != "\n" && $0 != "\r" })\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// The handshake's answer for a format plugin.
public struct FormatPluginInfo: Encodable, Sendable {
    public var `protocol` = 1
    public var kind = "format"
    public var name: String
    public var summary: String
    public var mediaType: String
    public var extensions: [String]
    public var binary: Bool
    /// `detections`, `pixels` (binary PPM of the upright picture) or `original`.
    public var needs: String

    public init(name: String, summary: String, mediaType: String, extensions: [String], binary: Bool = false, needs: String = "detections")
    {
        self.name = name
        self.summary = summary
        self.mediaType = mediaType
        self.extensions = extensions
        self.binary = binary
        self.needs = needs
    }
}

/// A `frame` message.
public struct PluginFrame: Decodable, Sendable {
    public struct Image: Decodable, Sendable {
        public var width: Int
        public var height: Int
        public var mediaType: String?
        /// What the picture is called (`--image-name`, `--source-ref`, the file on stdin, or
        /// `image.jpg` / `frame-000000.jpg`).
        public var name: String?
    }

    public var frame: Int
    public var image: Image
    public var detector: String?
    public var detections: [PluginDetection]
    /// Why the frame has no detections (written undrawn by `--on-error pass`).
    public var error: String?
    public var bytes: Int?
}

/// A `DETECTION`: coordinates as ratios of the upright picture (they may lie outside 0…1).
public struct PluginDetection: Decodable, Sendable {
    public struct Box: Decodable, Sendable { public var left, top, width, height: Double }
    public struct XY: Decodable, Sendable { public var x, y: Double }

    public var label: String
    public var confidence: Double
    public var box: Box?
    public var polygon: [XY]?
    public var parent: String?
}

public enum FormatPluginMain {
    /// Runs `Plugin` as rekfilter calls it; returns the exit status.
    public static func run<Plugin: FormatPlugin>(_: Plugin.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
        do {
            if arguments == ["--rekfilter-plugin-info"] {
                let encoder = JSONEncoder()
                try write(String(decoding: encoder.encode(Plugin.info), as: UTF8.self) + "\n")
                return 0
            }
            guard arguments.first == "--rekfilter-plugin-run" else {
                throw PluginKitError("run by rekfilter: rekfilter -f \(Plugin.info.name) (this program speaks its plugin protocol)")
            }
            var options: [String: String] = [:]
            for pair in arguments.dropFirst() {
                guard let equals = pair.firstIndex(of: "=") else { throw PluginKitError("option '\(pair)' is not KEY=VALUE") }
                options[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            var input = MessageReader(fd: 0)
            var plugin: Plugin?
            while let (header, payload) = try input.next() {
                let kind = try JSONDecoder().decode(MessageKind.self, from: Data(header))
                switch kind.type {
                case "begin":
                    plugin = try Plugin(begin: PluginBegin(options: options, stream: kind.stream ?? false, classes: kind.classes ?? []))
                case "frame":
                    guard plugin != nil else { throw PluginKitError("a frame came before begin") }
                    try write(plugin!.frameBytes(JSONDecoder().decode(PluginFrame.self, from: Data(header)), payload: payload))
                case "end": try write(plugin?.endBytes(frames: kind.frames ?? 0) ?? [])
                default: break  // messages of a later minor version
                }
            }
            return 0
        } catch {
            let line = Array("\(Plugin.info.name): \(error)\n".utf8)
            _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            return 1
        }
    }

    static func write(_ text: String) throws { try write(Array(text.utf8)) }

    static func write(_ bytes: [UInt8]) throws {
        var bytes = bytes
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw PluginKitError("cannot write the output") }
            offset += n
        }
    }
}

/// What every message says of itself.
struct MessageKind: Decodable {
    var type: String
    var stream: Bool?
    var frames: Int?
    var classes: [String]?
}

/// Messages on a file descriptor: a JSON line, and the `bytes` of payload that follow it.
struct MessageReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var ended = false

    init(fd: Int32) { self.fd = fd }

    mutating func next() throws -> (header: [UInt8], payload: [UInt8])? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let header = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                struct Size: Decodable { var bytes: Int? }
                let size = (try? JSONDecoder().decode(Size.self, from: Data(header)))?.bytes ?? 0
                while buffer.count < size {
                    guard try fill() else { throw PluginKitError("the input ended inside a payload") }
                }
                let payload = Array(buffer[..<size])
                buffer.removeFirst(size)
                return (header, payload)
            }
            guard try fill() else {
                if buffer.isEmpty { return nil }
                throw PluginKitError("the input ended inside a message")
            }
        }
    }

    private mutating func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw PluginKitError("cannot read the input") }
            if n == 0 { return false }
            buffer += chunk[0..<n]
            return true
        }
    }
}

struct PluginKitError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
