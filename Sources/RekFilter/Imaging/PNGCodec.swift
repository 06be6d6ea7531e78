import CImaging

/// libpng, through the C shim.
public enum PNGCodec {
    /// How hard to compress. `fast` is the default for output: zlib level 1 with the cheap
    /// SUB filter is several times faster than libpng's defaults for ~10–20% more bytes.
    public enum Compression: String, Sendable, CaseIterable {
        case fast, small
        var zlibLevel: Int32 { self == .fast ? 1 : 9 }
        /// PNG_FILTER_SUB (0x10) alone, or 0 = libpng's adaptive choice over all filters.
        var filters: Int32 { self == .fast ? 0x10 : 0 }
    }

    /// Decodes to 8-bit RGB, or RGBA when the file has alpha or tRNS. Every PNG variant is
    /// normalised: palette, gray, 1–16 bit depths, Adam7 interlacing.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(ImageError) -> PixelBuffer {
        var message = [CChar](repeating: 0, count: Int(RF_MESSAGE_MAX))
        var info = rf_png_info()
        var code: Int32 = 0
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
            let decoder = rf_png_open(base, bytes.count, &info, &code, &message)
        else {
            throw imageError(code: code, message: message, format: .png)
        }
        defer { rf_png_close(decoder) }
        let buffer = try PixelBuffer(width: Int(info.width), height: Int(info.height), channels: Int(info.channels))
        code = rf_png_read(decoder, buffer.pixels, buffer.stride, &message)
        guard code == RF_OK else { throw imageError(code: code, message: message, format: .png) }
        return buffer
    }

    /// Encodes into memory.
    public static func encode(_ buffer: PixelBuffer, compression: Compression = .fast, parallelism: Int = 1) throws(ImageError) -> [UInt8] {
        let out = ByteBuffer(reserving: buffer.byteCount / 2)
        do { try encode(buffer, compression: compression, parallelism: parallelism, to: out) } catch let error as ImageError {
            throw error
        } catch {
            throw .encodeFailed(.png, detail: "\(error)")
        }
        return out.bytes
    }

    /// Encodes straight to `writer`, row by row from the pixel buffer; the writer's own error is
    /// rethrown. `parallelism`: the cores this encode may use — a large picture at `fast` is
    /// spread over them (`ParallelPNGEncoder`); small ones, and `small`, go to libpng.
    public static func encode(_ buffer: PixelBuffer, compression: Compression = .fast, parallelism: Int = 1, to writer: any ByteWriter)
        throws
    {
        if compression == .fast, let pieces = ParallelPNGEncoder.pieces(for: buffer, parallelism: parallelism) {
            return try ParallelPNGEncoder.encode(buffer, level: compression.zlibLevel, pieces: pieces, workers: parallelism, to: writer)
        }
        try libpngEncode(buffer, compression: compression, to: writer)
    }

    /// libpng on one thread, rows straight from the buffer.
    static func libpngEncode(_ buffer: PixelBuffer, compression: Compression, to writer: any ByteWriter) throws {
        let pointers = buffer.rowPointers(0..<buffer.height)
        let output = EncoderOutput(writer)
        var message = [CChar](repeating: 0, count: Int(RF_MESSAGE_MAX))
        let code = output.withCallback { write, context in
            pointers.withUnsafeBufferPointer {
                rf_png_encode(
                    $0.baseAddress, Int32(buffer.width), Int32(buffer.height), Int32(buffer.channels),
                    compression.zlibLevel, compression.filters, write, context, &message)
            }
        }
        if let error = output.error { throw error }
        guard code == RF_OK else { throw ImageError.encodeFailed(.png, detail: shimMessage(message)) }
    }
}
