/// A format plugin (docs/plugins.md), as a format like any other: its renderer turns each frame into the
/// protocol's `frame` message and payload (on the workers, in a stream), and its writer runs
/// the plugin — one process for the whole run — sending `begin`, the frames in order and `end`,
/// and passing what the plugin writes on its stdout to the output, unchanged.
public enum PluginFormat {
    /// Options every plugin gets: the `-O KEY=VALUE` pairs.
    public struct Options: Sendable, Equatable {
        public var pairs: [PluginOption] = []
        public init() {}
    }

    public static func descriptor(_ info: PluginInfo) -> FormatDescriptor {
        FormatDescriptor(
            name: info.name, fileExtensions: info.extensions, mediaType: info.mediaType,
            summary: info.summary.isEmpty ? "a format plugin" : info.summary, isBinary: info.binary,
            needs: info.needs == .pixels ? .pixels : info.needs == .original ? .originalBytes : [],
            usesNamesAndClasses: true, plugin: info.path
        ) { options, services in
            .init(
                renderer: Renderer(info: info),
                writer: Writer(info: info, options: options.plugin, classes: options.classes, services: services))
        }
    }

    struct Renderer: FrameRenderer {
        let info: PluginInfo

        func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
            var payload: [UInt8] = []
            var mediaType = frame.source.map { "image/" + $0.format.rawValue } ?? "image/png"
            switch info.needs {
            case .detections: break
            case .pixels:
                guard let pixels = frame.pixels else { throw FormatError.noPixels }
                payload = PluginMessages.ppm(pixels)
                mediaType = "image/x-portable-pixmap"
            case .original:
                payload = frame.source?.bytes ?? []
            }
            var line = "{\"type\":\"frame\",\"frame\":\(frame.index),\"image\":{\"width\":\(frame.width),\"height\":\(frame.height),"
            line +=
                "\"mediaType\":\(JSONText.text(mediaType)),\"name\":\(JSONText.text(frame.name))},\"detector\":\(JSONText.text(frame.found.detector)),"
            line += "\"detections\":[" + frame.detections.map(\.json).joined(separator: ",") + "],"
            line += "\"response\":" + (frame.found.response.map(PluginMessages.oneLine) ?? "null") + ","
            line += "\"error\":" + (frame.error.map(JSONText.text) ?? "null") + ",\"bytes\":\(payload.count)}\n"
            try out.write(line)
            try out.write(payload)
        }

        func capacityHint(for frame: FrameResult) -> Int { info.needs == .pixels ? frame.width * frame.height * 3 + 4096 : 4096 }
    }

    /// Runs the plugin over the run's frames.
    struct Writer: OutputWriter {
        let info: PluginInfo
        let options: Options
        /// `--classes`, for the plugin to number (or name) its classes by.
        let classes: [String]
        let services: FormatServices
        private var run: PluginRun?
        private var frames = 0

        init(info: PluginInfo, options: Options, classes: [String], services: FormatServices) {
            self.info = info
            self.options = options
            self.classes = classes
            self.services = services
        }

        mutating func begin(stream: Bool, to out: any ByteWriter) throws {
            let run = try PluginRun(
                path: info.path, pairs: options.pairs.map(\.pair), variables: services.variables, output: out,
                interrupted: services.interrupted)
            self.run = run
            try run.send(PluginMessages.begin(stream: stream, format: info.name, options: options.pairs.map(\.pair), classes: classes))
        }

        mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {
            guard let run else { return }
            try rendered.write(frame, stream: stream, to: run)
            frames += 1
        }

        mutating func end(stream: Bool, to out: any ByteWriter) throws {
            guard let run else { return }
            try run.send(PluginMessages.end(frames: frames))
            try run.finish()
            self.run = nil
        }
    }
}
