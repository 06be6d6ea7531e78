/// Puts a run's output together, serially and in frame order: what comes before the first
/// frame, each frame as its renderer made it, and what comes after the last. Where a format
/// numbers things across frames (COCO's ids), or needs the whole run (its categories), it does
/// it here.
public protocol OutputWriter {
    mutating func begin(stream: Bool, to out: any ByteWriter) throws
    mutating func append(_ frame: FrameResult, rendered: RenderedFrame, stream: Bool, to out: any ByteWriter) throws
    mutating func end(stream: Bool, to out: any ByteWriter) throws
}
