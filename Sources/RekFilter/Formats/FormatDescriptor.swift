/// An output format (README, Output formats) as the registry lists it: its names, what it writes, what it
/// needs from a frame, and how to make its renderer and writer for a run. Two are equal when
/// everything but `build` is (one name and plugin build one way).
public struct FormatDescriptor: Sendable, Equatable {
    /// What a format needs from each frame, beyond the detections (so that nothing more is done).
    public struct Needs: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The full-resolution upright picture (decoded).
        public static let pixels = Needs(rawValue: 1)
        /// The input's bytes as they arrived.
        public static let originalBytes = Needs(rawValue: 2)
    }

    /// A run's renderer and writer.
    public struct Instance {
        public var renderer: any FrameRenderer
        public var writer: any OutputWriter

        /// A whole run's output for `frames`, as the driver makes it: each rendered (into memory
        /// in a stream, straight to the output for a single image), then put together in order.
        public func write(_ frames: [FrameResult], stream: Bool, to out: any ByteWriter) throws {
            var writer = self.writer
            try writer.begin(stream: stream, to: out)
            for frame in frames {
                try writer.append(frame, rendered: renderer.rendered(frame, stream: stream), stream: stream, to: out)
            }
            try writer.end(stream: stream, to: out)
        }
    }

    /// The `-f` name.
    public var name: String
    /// Other accepted names (`jpg` for `jpeg`).
    public var aliases: [String] = []
    /// `-o` file extensions that select this format.
    public var fileExtensions: [String]
    public var mediaType: String
    public var summary: String
    /// Binary output is refused on a terminal.
    public var isBinary = false
    public var needs: Needs = []
    /// Whether frames of a stream can follow one another in this format's output.
    public var streams = true
    /// Whether a stream frame that failed is written (undrawn, or with its error). The
    /// data-set formats leave it out: "nothing here" would be a false negative written as truth.
    public var keepsFailedFrames = true
    /// Whether the format writes pictures' names (`--image-name`, `--source-ref`) and class
    /// numbers (`--classes`): the data-set formats and plugins do.
    public var usesNamesAndClasses = false
    /// The executable of a format plugin; nil for a built-in format.
    public var plugin: String?
    /// Makes the renderer and writer for a run with these options and services.
    public var build: @Sendable (FormatOptions, FormatServices) -> Instance

    /// The renderer and writer for a run.
    public func make(_ options: FormatOptions, _ services: FormatServices = FormatServices()) -> Instance { build(options, services) }

    public var needsPixels: Bool { needs.contains(.pixels) }

    public static func == (a: FormatDescriptor, b: FormatDescriptor) -> Bool {
        (a.name, a.aliases, a.fileExtensions, a.mediaType, a.summary) == (b.name, b.aliases, b.fileExtensions, b.mediaType, b.summary)
            && (a.isBinary, a.needs.rawValue, a.streams, a.keepsFailedFrames, a.usesNamesAndClasses, a.plugin)
                == (b.isBinary, b.needs.rawValue, b.streams, b.keepsFailedFrames, b.usesNamesAndClasses, b.plugin)
    }
}
