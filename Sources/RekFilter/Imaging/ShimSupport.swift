import CImaging

/// Hands what a C encoder produces, chunk by chunk, to a ByteWriter; remembers the writer's
/// error (the C side only learns "stop").
final class EncoderOutput {
    let writer: any ByteWriter
    var error: (any Error)?

    init(_ writer: any ByteWriter) { self.writer = writer }

    /// Runs `body` with a C write callback and its context.
    func withCallback<R>(_ body: (rf_write_fn, UnsafeMutableRawPointer) -> R) -> R {
        let context = Unmanaged.passUnretained(self).toOpaque()
        return withExtendedLifetime(self) {
            body(
                { context, chunk, count in
                    let me = Unmanaged<EncoderOutput>.fromOpaque(context!).takeUnretainedValue()
                    do {
                        try me.writer.write(UnsafeRawBufferPointer(start: chunk, count: count))
                        return 0
                    } catch {
                        me.error = error
                        return 1
                    }
                }, context)
        }
    }
}

/// Turns a shim result code and message into an `ImageError` of the right kind.
func imageError(code: Int32, message: [CChar], format: ImageFormat) -> ImageError {
    let text = shimMessage(message)
    switch Int(code) {
    case Int(RF_TRUNCATED): return .truncated(format, detail: text)
    case Int(RF_UNSUPPORTED): return .unsupported(format, detail: text)
    case Int(RF_OUT_OF_MEMORY): return .outOfMemory(bytes: 0)
    default: return .corrupt(format, detail: text)
    }
}

/// The NUL-terminated message a shim left in `message`.
func shimMessage(_ message: [CChar]) -> String {
    String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for bodies with typed throws (the standard one only rethrows `any Error`).
    func withImageBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ImageError) -> R) throws(ImageError) -> R {
        try withUnsafeBytes { raw in Result { () throws(ImageError) in try body(raw) } }.get()
    }
}
