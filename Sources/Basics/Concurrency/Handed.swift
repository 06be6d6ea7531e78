/// A value that one thread hands to another whole — a frame source to the reader thread, a
/// detector to its worker — and that is never used by two at once. The hand-over is the
/// caller's promise; this says so where it happens.
package final class Handed<Value>: @unchecked Sendable {
    package var value: Value
    package init(_ value: Value) { self.value = value }
}
