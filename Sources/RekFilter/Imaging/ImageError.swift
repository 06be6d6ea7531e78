/// Everything that can be wrong with an input image, said the way a user needs to hear it.
public enum ImageError: Error, Equatable, Sendable {
    /// Zero bytes arrived.
    case empty
    /// The bytes are not PNG or JPEG; `found` names what they look like instead.
    case notAnImage(found: String)
    /// More bytes than `--max-input-bytes` allows.
    case inputTooLarge(limit: Int)
    /// The header declares more pixels than `--max-pixels` allows (a decompression bomb).
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// The data ends before the image does.
    case truncated(ImageFormat, detail: String)
    /// The data is damaged or not a valid file of its format.
    case corrupt(ImageFormat, detail: String)
    /// A valid file of a variant this build cannot decode (12-bit or lossless JPEG).
    case unsupported(ImageFormat, detail: String)
    /// A side is shorter than the service accepts; no resize could fix it honestly.
    case tooSmall(width: Int, height: Int, minimum: Int)
    /// Longer side over shorter side beyond what the service accepts.
    case aspectRatio(width: Int, height: Int, maximum: Int)
    /// Not even the smallest acceptable re-encoding fits the service's byte limit.
    case cannotFit(bytes: Int, limit: Int)
    /// Memory for the pixels could not be had.
    case outOfMemory(bytes: Int)
    /// An encoder failed while writing.
    case encodeFailed(ImageFormat, detail: String)
}

extension ImageError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty:
            return "no image: the input is empty"
        case .notAnImage(let found):
            return "not a PNG or JPEG image: the input looks like \(found)"
        case .inputTooLarge(let limit):
            return "input is larger than --max-input-bytes (\(limit) bytes)"
        case .tooManyPixels(let w, let h, let limit):
            return "image declares \(w)×\(h) = \(w * h) pixels, over --max-pixels (\(limit)); refusing to decode it"
        case .truncated(let format, let detail):
            return "truncated \(format.name): \(detail)"
        case .corrupt(let format, let detail):
            return "corrupt \(format.name): \(detail)"
        case .unsupported(let format, let detail):
            return "unsupported \(format.name): \(detail)"
        case .tooSmall(let w, let h, let minimum):
            return "image is \(w)×\(h); the service needs at least \(minimum) px on each side"
        case .aspectRatio(let w, let h, let maximum):
            return "image is \(w)×\(h), an aspect ratio over \(maximum):1, which the service refuses"
        case .cannotFit(let bytes, let limit):
            return "cannot fit the image into the service's \(limit)-byte limit (smallest encoding was \(bytes) bytes)"
        case .outOfMemory(let bytes):
            return "out of memory: could not allocate \(bytes) bytes for the pixels"
        case .encodeFailed(let format, let detail):
            return "could not encode \(format.name): \(detail)"
        }
    }
}
