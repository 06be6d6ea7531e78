/// Area-averaging downscale: each output pixel is the exact mean of the source area it
/// covers (fractional edges weighted). The right filter for shrinking photos: no aliasing,
/// no ringing, and each source pixel is read once.
public enum Resampler {
    public static func downscale(_ source: PixelBuffer, width: Int, height: Int) throws(ImageError) -> PixelBuffer {
        precondition(width <= source.width && height <= source.height && width > 0 && height > 0)
        if width == source.width && height == source.height { return source }
        let ch = source.channels
        let out = try PixelBuffer(width: width, height: height, channels: ch)
        let xs = Coverage(from: source.width, to: width)
        let ys = Coverage(from: source.height, to: height)

        // One source row shrunk horizontally, and the running vertical sum for the output row.
        var rowSum = [Float](repeating: 0, count: width * ch)
        var colSum = [Float](repeating: 0, count: width * ch)
        rowSum.withUnsafeMutableBufferPointer { row in
            colSum.withUnsafeMutableBufferPointer { acc in
                for oy in 0..<height {
                    for i in 0..<acc.count { acc[i] = 0 }
                    for (sy, wy) in ys.taps(oy) {
                        let src = source.pixels + sy * source.stride
                        for ox in 0..<width {
                            var sums: (Float, Float, Float, Float) = (0, 0, 0, 0)
                            for (sx, wx) in xs.taps(ox) {
                                let p = src + sx * ch
                                sums.0 += Float(p[0]) * wx
                                sums.1 += Float(p[1]) * wx
                                sums.2 += Float(p[2]) * wx
                                if ch == 4 { sums.3 += Float(p[3]) * wx }
                            }
                            let o = ox * ch
                            row[o] = sums.0
                            row[o + 1] = sums.1
                            row[o + 2] = sums.2
                            if ch == 4 { row[o + 3] = sums.3 }
                        }
                        for i in 0..<acc.count { acc[i] += row[i] * wy }
                    }
                    let dst = out.pixels + oy * out.stride
                    for i in 0..<acc.count { dst[i] = UInt8(min(255, acc[i] + 0.5)) }
                }
            }
        }
        return out
    }

    /// For each output index, the source indices it covers and their normalised weights.
    struct Coverage {
        var start: [Int] = []
        var offsets: [Int] = [0]
        var weights: [Float] = []

        init(from n: Int, to m: Int) {
            let ratio = Double(n) / Double(m)
            for o in 0..<m {
                let lo = Double(o) * ratio
                let hi = Double(o + 1) * ratio
                let first = Int(lo)
                let last = min(n - 1, Int((hi - 1e-9).rounded(.down)))
                start.append(first)
                for s in first...last {
                    let w = min(hi, Double(s + 1)) - max(lo, Double(s))
                    weights.append(Float(w / ratio))
                }
                offsets.append(weights.count)
            }
        }

        func taps(_ o: Int) -> some Sequence<(Int, Float)> {
            let s = start[o]
            return (offsets[o]..<offsets[o + 1]).lazy.map { (s + $0 - offsets[o], weights[$0]) }
        }
    }
}
