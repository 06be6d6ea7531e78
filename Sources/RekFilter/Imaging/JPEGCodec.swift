import CImaging

/// libjpeg-turbo, through the C shim.
public enum JPEGCodec {
    /// Decodes to 8-bit RGB at `scale`/8 of the stored size (libjpeg-turbo's DCT scaling:
    /// a 1/2 or 1/4 decode costs a fraction of a full one). Gray and CMYK/YCCK become RGB.
    public static func decode(_ bytes: UnsafeRawBufferPointer, scale: Int = 8) throws(ImageError) -> PixelBuffer {
        try decoding(bytes, scale: scale) { decoder, width, height, message throws(ImageError) in
            let buffer = try PixelBuffer(width: width, height: height, channels: 3)
            return (buffer, rf_jpeg_read(decoder, buffer.pixels, buffer.stride, &message))
        }
    }

    /// Decodes at `scale`/8 and area-averages the picture down, as it is decoded, until its long
    /// side is at most `longSide`: the decoded picture is never whole in memory, only a few rows
    /// of it at a time (a 24 MP photo shrunk for the service needs its small copy alone).
    public static func decode(_ bytes: UnsafeRawBufferPointer, scale: Int, longSide: Int) throws(ImageError) -> PixelBuffer {
        try decoding(bytes, scale: scale) { decoder, w, h, message throws(ImageError) in
            let (nw, nh) = Resampler.size(width: w, height: h, longSide: longSide)
            let buffer = try PixelBuffer(width: nw, height: nh, channels: 3)
            return (buffer, rf_jpeg_read_shrunk(decoder, buffer.pixels, buffer.stride, Int32(nw), Int32(nh), &message))
        }
    }

    /// Opens and starts a decoder at `scale`/8, then lets `read` fill a buffer for the decoded
    /// width and height; the shim's failures, at any step, become `ImageError`s.
    private static func decoding(
        _ bytes: UnsafeRawBufferPointer, scale: Int,
        read: (OpaquePointer, Int, Int, inout [CChar]) throws(ImageError) -> (PixelBuffer, Int32)
    ) throws(ImageError) -> PixelBuffer {
        var message = [CChar](repeating: 0, count: Int(RF_MESSAGE_MAX))
        var info = rf_jpeg_info()
        var code: Int32 = 0
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
            let decoder = rf_jpeg_open(base, bytes.count, &info, &code, &message)
        else {
            throw imageError(code: code, message: message, format: .jpeg)
        }
        defer { rf_jpeg_close(decoder) }
        var width: Int32 = 0
        var height: Int32 = 0
        code = rf_jpeg_start(decoder, Int32(scale), &width, &height, &message)
        guard code == RF_OK else { throw imageError(code: code, message: message, format: .jpeg) }
        let (buffer, status) = try read(decoder, Int(width), Int(height), &message)
        guard status == RF_OK else { throw imageError(code: status, message: message, format: .jpeg) }
        return buffer
    }

    /// Encodes `rows` of `buffer` (all by default) at `quality`, baseline, into memory; 4:2:0
    /// chroma unless `fullChroma`. A picture with alpha is composited over white first (a
    /// transparent pixel's stored colour is not what anyone sees).
    public static func encode(
        _ buffer: PixelBuffer, quality: Int, fullChroma: Bool = false, rows: [Int]? = nil,
        reserving capacity: Int = 0
    ) throws(ImageError) -> [UInt8] {
        let out = ByteBuffer(reserving: capacity)
        do { try encode(buffer, quality: quality, fullChroma: fullChroma, rows: rows, to: out) } catch let error as ImageError {
            throw error
        } catch {
            throw .encodeFailed(.jpeg, detail: "\(error)")
        }
        return out.bytes
    }

    /// Encodes straight to `writer`, 64 KiB at a time; the writer's own error is rethrown.
    public static func encode(
        _ buffer: PixelBuffer, quality: Int, fullChroma: Bool = false, rows: [Int]? = nil,
        to writer: any ByteWriter
    ) throws {
        let buffer = try buffer.flattenedOverWhite()
        let pointers = rows.map { buffer.rowPointers($0) } ?? buffer.rowPointers(0..<buffer.height)
        let output = EncoderOutput(writer)
        var message = [CChar](repeating: 0, count: Int(RF_MESSAGE_MAX))
        let code = output.withCallback { write, context in
            pointers.withUnsafeBufferPointer {
                rf_jpeg_encode(
                    $0.baseAddress, Int32(buffer.width), Int32(pointers.count),
                    Int32(buffer.channels), Int32(quality), fullChroma ? 1 : 0, write, context, &message)
            }
        }
        if let error = output.error { throw error }
        guard code == RF_OK else { throw ImageError.encodeFailed(.jpeg, detail: shimMessage(message)) }
    }
}
