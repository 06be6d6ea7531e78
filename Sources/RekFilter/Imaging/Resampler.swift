import Basics
import CImaging
import Glibc

/// Area-averaging downscale: each output pixel is the exact mean of the source area it
/// covers (fractional edges weighted). The right filter for shrinking photos: no aliasing,
/// no ringing, and each source pixel is read once. Large pictures are shrunk in bands, one per
/// core.
public enum Resampler {
    /// Below this many output pixels, one thread.
    static let bandedFrom = 1 << 20

    /// The size a `width`×`height` picture shrinks to so that its long side is at most
    /// `longSide` (as it is when it already fits): the one rule for the fit and the decoder.
    public static func size(width: Int, height: Int, longSide: Int) -> (width: Int, height: Int) {
        let side = max(width, height)
        guard side > longSide else { return (width, height) }
        let factor = Double(longSide) / Double(side)
        return (
            min(longSide, width, max(1, Int((Double(width) * factor).rounded()))),
            min(longSide, height, max(1, Int((Double(height) * factor).rounded())))
        )
    }

    public static func downscale(_ source: PixelBuffer, width: Int, height: Int, parallelism: Int? = nil) throws(ImageError)
        -> PixelBuffer
    {
        precondition(width <= source.width && height <= source.height && width > 0 && height > 0)
        if width == source.width && height == source.height { return source }
        let out = try PixelBuffer(width: width, height: height, channels: source.channels)
        let cores = parallelism ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let bands = width * height < bandedFrom ? 1 : min(height, cores)
        let shrink: @Sendable (Int) -> Int32 = { band in
            let first = band * height / bands
            return rf_area_downscale(
                source.pixels, source.stride, Int32(source.width), Int32(source.height), Int32(source.channels),
                out.pixels, out.stride, Int32(width), Int32(height), Int32(first), Int32((band + 1) * height / bands - first))
        }
        var status = Int32(RF_OK)
        if bands == 1 {
            status = shrink(0)
        } else {
            Parallel.inOrder(bands, workers: bands, produce: shrink) { _, result in if result != Int32(RF_OK) { status = result } }
        }
        if status != Int32(RF_OK) { throw .outOfMemory(bytes: width * source.channels * 8) }
        return out
    }
}
