/// Makes what is sent to the service (README, What it does with your image): the original bytes when they already meet
/// every limit and need no rotation; otherwise the upright picture re-encoded as JPEG with the
/// most detail that fits — the highest resolution the side limit allows, then the highest
/// quality whose bytes fit, found by search; resolution drops only when even `qualities`'
/// floor does not fit.
public struct ImageFitter: Sendable {
    public var limits: ServiceLimits
    /// Qualities searched. Below the floor, JPEG artefacts cost the model more than a
    /// modest downscale does, so the resolution gives way instead.
    public var qualities: ClosedRange<Int>

    public init(limits: ServiceLimits = .rekognition, qualities: ClosedRange<Int> = 70...95) {
        self.limits = limits
        self.qualities = qualities
    }

    /// What was sent, and why it is not the original when it is not.
    public struct Fitted: Sendable {
        public var bytes: [UInt8]
        public var format: ImageFormat
        public var width: Int
        public var height: Int
        /// JPEG quality of the re-encoding; nil for the original bytes.
        public var quality: Int?
        /// Why the original could not be sent as is; empty when it was.
        public var reasons: [String]
        public var isOriginal: Bool { reasons.isEmpty }
    }

    /// Whether the original bytes cannot be sent as they are.
    public func needsReencoding(_ source: SourceImage) -> Bool {
        let h = source.header
        return h.orientation != .up || source.bytes.count > limits.maxBytes || max(h.uprightWidth, h.uprightHeight) > limits.maxSide
    }

    /// Whether fitting makes its smaller picture with libjpeg-turbo's DCT scaling (a big JPEG),
    /// rather than from the full-size picture.
    public func shrinksByDCTScaling(_ source: SourceImage) -> Bool {
        source.format == .jpeg && max(source.header.width, source.header.height) > limits.maxSide
    }

    /// Fits `source`. `upright`, if the caller already decoded it, is what is shrunk (the caller
    /// decides when that beats a JPEG's DCT-scaled decode: `shrinksByDCTScaling`).
    public func fit(_ source: SourceImage, upright: PixelBuffer? = nil) throws(ImageError) -> Fitted {
        let header = source.header
        let (w, h) = (header.uprightWidth, header.uprightHeight)
        try limits.checkShape(width: w, height: h)

        var reasons = [String]()
        if header.orientation != .up { reasons.append("EXIF orientation \(header.orientation.rawValue)") }
        if source.bytes.count > limits.maxBytes { reasons.append("\(source.bytes.count) bytes > \(limits.maxBytes)") }
        if max(w, h) > limits.maxSide { reasons.append("side \(max(w, h)) px > \(limits.maxSide)") }
        if reasons.isEmpty {
            return Fitted(bytes: source.bytes, format: header.format, width: w, height: h, quality: nil, reasons: [])
        }

        // Alpha composited over white once here, not at every encode of the quality search.
        return try encodeToFit(pixelsWithinSideLimit(source, upright: upright).flattenedOverWhite(), reasons: reasons)
    }

    /// A piece of the upright picture (a tile of `--tile`), encoded as JPEG to fit: at the top
    /// quality when that fits — a tile within the side limit almost always does — else as `fit`.
    public func fit(tile: PixelBuffer) throws(ImageError) -> Fitted {
        try limits.checkShape(width: tile.width, height: tile.height)
        let pixels = try withinSideLimit(tile.flattenedOverWhite())
        let top = try JPEGCodec.encode(pixels, quality: qualities.upperBound, reserving: pixels.width * pixels.height / 2)
        if top.count <= limits.maxBytes {
            return Fitted(
                bytes: top, format: .jpeg, width: pixels.width, height: pixels.height, quality: qualities.upperBound, reasons: ["tile"])
        }
        return try encodeToFit(pixels, reasons: ["tile"])
    }

    /// The highest quality whose bytes fit; resolution given up only below the quality floor.
    private func encodeToFit(_ start: PixelBuffer, reasons: [String]) throws(ImageError) -> Fitted {
        var pixels = start
        while true {
            switch try searchQuality(pixels) {
            case .fits(let bytes, let quality):
                return Fitted(
                    bytes: bytes, format: .jpeg, width: pixels.width, height: pixels.height,
                    quality: quality, reasons: reasons)
            case .tooLarge(let bytesAtFloor):
                // Shrink so that the floor quality should land at ~90% of the budget.
                let factor = min(0.9, (0.9 * Double(limits.maxBytes) / Double(bytesAtFloor)).squareRoot())
                let nw = Int(Double(pixels.width) * factor)
                let nh = Int(Double(pixels.height) * factor)
                guard min(nw, nh) >= limits.minSide else { throw .cannotFit(bytes: bytesAtFloor, limit: limits.maxBytes) }
                pixels = try Resampler.downscale(pixels, width: nw, height: nh)
            }
        }
    }

    /// A fit for the retry after the service said ImageTooLarge: the same, in at most 3/4 of
    /// the bytes of `previous`.
    public func fitSmaller(_ source: SourceImage, than previous: Fitted, upright: PixelBuffer? = nil) throws(ImageError) -> Fitted {
        var tighter = self
        tighter.limits.maxBytes = previous.bytes.count * 3 / 4
        var fitted = try tighter.fit(source, upright: upright)
        if fitted.isOriginal { fitted.reasons = ["service refused \(previous.bytes.count) bytes"] }
        return fitted
    }

    /// The upright picture with its long side at the limit (the most detail that fits), decoded
    /// as cheaply as possible: a JPEG is decoded at the smallest DCT scale M/8 that still covers
    /// the limit (a fraction of a full decode's time, and a proper low-pass), area-averaged the
    /// rest of the way as its rows come (12000 px becomes 4096, not the 3000 of scale 2/8; the
    /// scaled picture is never whole in memory); anything else is area-averaged down.
    private func pixelsWithinSideLimit(_ source: SourceImage, upright: PixelBuffer?) throws(ImageError) -> PixelBuffer {
        let header = source.header
        let long = max(header.width, header.height)
        let pixels: PixelBuffer
        if let upright {
            pixels = upright
        } else if header.format == .jpeg && long > limits.maxSide {
            var scale = 8
            while scale > 1 && (long * (scale - 1) + 7) / 8 >= limits.maxSide { scale -= 1 }
            // Shrunk as it decodes: the DCT-scaled picture is never whole in memory.
            return try header.orientation.apply(to: source.decodeShrunk(scale: scale, longSide: limits.maxSide))
        } else {
            pixels = try header.orientation.apply(to: source.decode())
        }
        return try withinSideLimit(pixels)
    }

    /// `pixels` area-averaged down until the long side is at the limit (as they are if it is).
    private func withinSideLimit(_ pixels: PixelBuffer) throws(ImageError) -> PixelBuffer {
        let (width, height) = Resampler.size(width: pixels.width, height: pixels.height, longSide: limits.maxSide)
        return try Resampler.downscale(pixels, width: width, height: height)
    }

    enum Search {
        case fits([UInt8], Int)
        case tooLarge(Int)
    }

    /// Finds the highest quality whose encoding fits. Candidates are judged on a sample of
    /// row bands (about 1/8 of the rows, spread over the picture), so the search costs well under
    /// one full encode; each full encode is then checked against the real limit.
    func searchQuality(_ pixels: PixelBuffer) throws(ImageError) -> Search {
        let budget = limits.maxBytes
        let sample = Self.sampleRows(height: pixels.height)
        var estimates = [Int: Double]()
        var correction = 1.0
        func estimate(_ q: Int) throws(ImageError) -> Double {
            if let known = estimates[q] { return known * correction }
            let bytes = try JPEGCodec.encode(pixels, quality: q, rows: sample).count
            let value = Double(bytes) * Double(pixels.height) / Double(sample.count)
            estimates[q] = value
            return value * correction
        }
        // Largest q in `range` whose estimate fits in `target`, or nil.
        func largestFitting(_ range: ClosedRange<Int>, target: Double) throws(ImageError) -> Int? {
            var lo = range.lowerBound
            var hi = range.upperBound
            var best: Int? = nil
            if try estimate(hi) <= target { return hi }
            while lo < hi {
                let mid = (lo + hi) / 2
                if try estimate(mid) <= target {
                    best = mid
                    lo = mid + 1
                } else {
                    hi = mid
                }
            }
            return best
        }
        var ceiling = qualities.upperBound
        for _ in 0..<4 {
            guard let q = try largestFitting(qualities.lowerBound...ceiling, target: 0.97 * Double(budget)) else { break }
            let bytes = try JPEGCodec.encode(pixels, quality: q, reserving: budget)
            if bytes.count <= budget { return .fits(bytes, q) }
            // The sample misjudged this picture: learn by how much and search below q again.
            correction *= Double(bytes.count) / (try estimate(q))
            guard q > qualities.lowerBound else { return .tooLarge(bytes.count) }
            ceiling = q - 1
        }
        return .tooLarge(Int(try estimate(qualities.lowerBound)))
    }

    /// Bands of 16 rows (one 4:2:0 MCU row), one in eight, spread over the whole height;
    /// every row for small pictures, where a full encode is cheap anyway.
    static func sampleRows(height: Int) -> [Int] {
        guard height >= 512 else { return Array(0..<height) }
        var rows = [Int]()
        var band = 0
        while band * 16 < height {
            rows.append(contentsOf: band * 16..<min(height, band * 16 + 16))
            band += 8
        }
        return rows
    }
}
