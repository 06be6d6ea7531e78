/// The writer of most formats: an optional header and footer, and each frame's bytes as rendered.
public struct ConcatenatingWriter: OutputWriter {
    public var header: [UInt8]
    public var footer: [UInt8]

    public init(header: [UInt8] = [], footer: [UInt8] = []) {
        self.header = header
        self.footer = footer
    }

    public mutating func begin(stream: Bool, to out: any ByteWriter) throws { try out.write(header) }

    public mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws {
        try rendered.write(frame, stream: stream, to: out)
    }

    public mutating func end(stream: Bool, to out: any ByteWriter) throws { try out.write(footer) }
}
