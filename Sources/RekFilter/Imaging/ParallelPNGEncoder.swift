import Basics
import CImaging

/// A large picture's PNG on every core, as pigz spreads one zlib stream: the rows are cut into
/// pieces, each SUB-filtered and deflated on its own thread (primed with the 32 KB of filtered
/// rows before it, ending on a byte boundary), and the pieces are written as consecutive IDAT
/// chunks of one zlib stream whose Adler-32 is combined from theirs. The file is a standard
/// PNG, decoded by every reader as if one thread had written it. Each piece picks how to
/// compress on a sample spread over it: on photo grain, literals alone in Huffman blocks (our
/// own encoder, several times zlib's speed) or zlib's run-length matching are as small as the
/// full match search.
public enum ParallelPNGEncoder {
    /// Pictures smaller than this go to libpng on one thread (their output is unchanged).
    static let threshold = 1 << 20
    /// No piece smaller than this: below it, threads cost more than they save.
    static let minimumPiece = 256 << 10
    /// Above this, a picture is cut into more pieces than cores, so that the first ones are
    /// written while the last are compressed.
    static let writtenPiece = 8 << 20

    /// How many pieces `buffer` is worth with `parallelism` cores to spare; nil for a small
    /// picture, which libpng encodes as before.
    static func pieces(for buffer: PixelBuffer, parallelism: Int) -> Int? {
        guard buffer.byteCount >= threshold else { return nil }
        let cores = max(1, min(parallelism, buffer.byteCount / minimumPiece))
        return min(buffer.height, max(cores, cores > 1 ? buffer.byteCount / writtenPiece : 1))
    }

    struct Piece: Sendable {
        var bytes: [UInt8]
        var adler: UInt32
        var rawSize: Int
        var crc: UInt32
        var failure: String?
    }

    /// Encodes `buffer` in `count` pieces on `workers` threads (default: one per piece).
    public static func encode(_ buffer: PixelBuffer, level: Int32, pieces count: Int, workers: Int? = nil, to writer: any ByteWriter) throws
    {
        let rows = buffer.height
        let bounds = (0...count).map { $0 * rows / count }
        try writer.write(Self.signature)
        var header = Self.bigEndian(UInt32(buffer.width)) + Self.bigEndian(UInt32(buffer.height))
        header += [8, buffer.channels == 4 ? 6 : 2, 0, 0, 0]  // 8-bit RGB(A), deflate, adaptive filters, no interlace
        try chunk("IHDR", header, to: writer)
        var adler: UInt32 = 1
        let compress: @Sendable (Int) -> Piece = { index in
            let first = bounds[index]
            let n = bounds[index + 1] - first
            let capacity = rf_png_piece_bound(Int32(buffer.width), Int32(buffer.channels), Int32(n))
            var info = rf_png_piece()
            var message = [CChar](repeating: 0, count: Int(RF_MESSAGE_MAX))
            var code: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
                code = rf_png_deflate_piece(
                    buffer.pixels, buffer.stride, Int32(buffer.width), Int32(buffer.channels), Int32(first), Int32(n), level,
                    index == count - 1 ? 1 : 0, out.baseAddress, capacity, &info, &message)
                written = code == RF_OK ? info.size : 0
            }
            return Piece(
                bytes: bytes, adler: info.adler, rawSize: info.raw_size, crc: info.crc,
                failure: code == RF_OK ? nil : shimMessage(message))
        }
        try Parallel.inOrder(count, workers: workers ?? count, produce: compress) { index, piece in
            if let failure = piece.failure { throw ImageError.encodeFailed(.png, detail: failure) }
            adler = index == 0 ? piece.adler : rf_adler32_combine(adler, piece.adler, piece.rawSize)
            // The zlib header (deflate, 32 KB window, level-1 hint) opens the first piece; the
            // Adler-32 of everything closes the last.
            let prefix: [UInt8] = index == 0 ? [0x78, 0x01] : []
            let suffix: [UInt8] = index == count - 1 ? Self.bigEndian(adler) : []
            try chunk("IDAT", prefix: prefix, piece: piece, suffix: suffix, to: writer)
        }
        try chunk("IEND", [], to: writer)
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8], to writer: any ByteWriter) throws {
        let typed = Array(type.utf8) + data
        try writer.write(bigEndian(UInt32(data.count)) + typed + bigEndian(rf_crc32(0, typed, typed.count)))
    }

    /// A chunk around a piece, its CRC combined from the piece's own: the piece is not read again.
    static func chunk(_ type: String, prefix: [UInt8], piece: Piece, suffix: [UInt8], to writer: any ByteWriter) throws {
        let head = Array(type.utf8) + prefix
        var crc = rf_crc32_combine(rf_crc32(0, head, head.count), piece.crc, piece.bytes.count)
        crc = rf_crc32_combine(crc, rf_crc32(0, suffix, suffix.count), suffix.count)
        try writer.write(bigEndian(UInt32(prefix.count + piece.bytes.count + suffix.count)) + head)
        try writer.write(piece.bytes)
        try writer.write(suffix + bigEndian(crc))
    }
}
