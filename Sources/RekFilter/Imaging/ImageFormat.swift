/// The two formats the service accepts, recognised by content (never by file name).
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case png
    case jpeg

    public var name: String { self == .png ? "PNG" : "JPEG" }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decides PNG or JPEG from the first bytes, or throws naming what the bytes look like.
    public static func sniff<C: Collection<UInt8>>(_ bytes: C) throws(ImageError) -> ImageFormat {
        let head = Array(bytes.prefix(16))
        if head.isEmpty { throw .empty }
        if head.starts(with: pngSignature) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        throw .notAnImage(found: describe(head))
    }

    /// A short human name for what a non-image input seems to be.
    static func describe(_ head: [UInt8]) -> String {
        func starts(_ s: String, at offset: Int = 0) -> Bool {
            let sig = Array(s.utf8)
            return head.count >= offset + sig.count && Array(head[offset..<offset + sig.count]) == sig
        }
        if starts("GIF87a") || starts("GIF89a") { return "a GIF image" }
        if starts("RIFF") && starts("WEBP", at: 8) { return "a WebP image" }
        if starts("ftyp", at: 4) { return "an HEIF/AVIF or MP4 file" }
        if starts("BM") { return "a BMP image" }
        if starts("II*\u{0}") || starts("MM\u{0}*") { return "a TIFF image" }
        if starts("%PDF") { return "a PDF document" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "a damaged PNG signature" }
        if head.starts(with: [0xFF, 0xD8]) { return "a damaged JPEG start marker" }
        if head.starts(with: [0x1F, 0x8B]) { return "gzip data" }
        if head.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) || $0 >= 0x80 }) {
            return "text"
        }
        let hex = head.prefix(8).map { byte in
            let s = String(byte, radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }
        return "unknown data starting \(hex.joined(separator: " "))"
    }
}
