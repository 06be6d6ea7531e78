/// Turns one frame into its bytes. Pure and `Sendable`: stream workers call it concurrently,
/// out of order, each on its own frame.
public protocol FrameRenderer: Sendable {
    func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws
    /// About how many bytes a frame's output takes, to size its buffer once (0: unknown).
    func capacityHint(for frame: FrameResult) -> Int
}

extension FrameRenderer {
    public func capacityHint(for frame: FrameResult) -> Int { 0 }

    /// What the writer receives for `frame`: in a stream, its bytes, made now (on its worker);
    /// for a single image, this renderer, to write straight to the output when its turn comes.
    public func rendered(_ frame: FrameResult, stream: Bool) throws -> RenderedFrame {
        guard stream else { return .direct(self) }
        let out = ByteBuffer(reserving: capacityHint(for: frame))
        try render(frame, stream: true, to: out)
        return .bytes(out.bytes)
    }
}

/// What a renderer made of a frame, as the writer receives it: bytes made on a worker, or —
/// for a single image — the renderer itself, to write straight to the output (a 24 MP PNG is
/// then never held whole in memory).
public enum RenderedFrame: Sendable {
    case bytes([UInt8])
    case direct(any FrameRenderer)

    /// Writes the frame's bytes to `out`.
    public func write(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {
        switch self {
        case .bytes(let bytes): try out.write(bytes)
        case .direct(let renderer): try renderer.render(frame, stream: stream, to: out)
        }
    }
}

/// A format with nothing to say per frame on its own (COCO numbers things as the writer appends).
public struct NoRenderer: FrameRenderer {
    public init() {}
    public func render(_ frame: FrameResult, stream: Bool, to out: any ByteWriter) throws {}
}
