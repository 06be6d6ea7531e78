/// Told of each frame's end by the driver, in frame order, on the thread that delivers them:
/// how a batch names its inputs in messages and learns which ones failed.
public protocol FrameObserver: AnyObject, Sendable {
    /// The frame's name for messages (a batch input's key); nil: "frame N".
    func name(ofFrame index: Int) -> String?
    /// The frame is done (`error` nil) or failed.
    func finished(frame index: Int, error: (any Error)?)
    /// What the progress line counts ("inputs"), and how many there will be once that is known.
    var unit: String { get }
    var total: Int? { get }
}

extension FrameObserver {
    public var unit: String { "frames" }
    public var total: Int? { nil }
}
