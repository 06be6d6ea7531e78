import TestSupport
import Testing

@testable import RekFilter

/// README, What it does with your image: what is sent meets every limit and keeps as much detail as fits.
@Suite struct FitTests {
    let limits = ServiceLimits.rekognition

    func decoded(_ fitted: ImageFitter.Fitted) throws -> SourceImage {
        try SourceImage(bytes: fitted.bytes)
    }

    @Test func originalBytesWhenEverythingFits() throws {
        let bytes = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let fitted = try ImageFitter().fit(SourceImage(bytes: bytes))
        #expect(fitted.isOriginal)
        #expect(fitted.bytes == bytes)
    }

    @Test func orientationIsBakedInAndTheTagDropped() throws {
        let fitted = try ImageFitter().fit(SourceImage(bytes: TestData.bytes("exif-orientation/Landscape_6.jpg")))
        #expect(!fitted.isOriginal)
        let sent = try decoded(fitted)
        #expect(sent.header.orientation == .up)
        #expect((sent.header.width, sent.header.height) == (1800, 1200))
        #expect(fitted.quality == 95)  // small enough for the top quality
    }

    /// A 24-megapixel noisy JPEG of ~20 MB: over both the side and the byte limits.
    @Test func largeNoisyJPEGUsesMostOfTheBudget() throws {
        let noise = try TestImages.noise(width: 6000, height: 4000)
        let original = try JPEGCodec.encode(noise, quality: 92)
        #expect(original.count > 15_000_000)
        let fitted = try ImageFitter().fit(SourceImage(bytes: original))
        let sent = try decoded(fitted)
        #expect(max(sent.header.width, sent.header.height) <= limits.maxSide)
        #expect(fitted.bytes.count <= limits.maxBytes)
        #expect(fitted.bytes.count >= limits.maxBytes * 85 / 100, "\(fitted.bytes.count) bytes")
        #expect(abs(Double(sent.header.width) / Double(sent.header.height) - 1.5) < 0.01)
        _ = try sent.decode()
    }

    /// A big JPEG that fits the byte limit once at the side limit is sent at the side limit —
    /// the DCT-scaled decode (6/8 here: 4500 px) is resampled the rest of the way, not sent at
    /// the 5/8 scale's 3750 px; a detector declaring 1000 px gets 1000 px, not 750.
    @Test func bigJPEGsAreSentAtTheMostDetailThatFits() throws {
        let smooth = try PixelBuffer(width: 6000, height: 4000, channels: 3)
        var row = [UInt8](repeating: 128, count: 18000)
        for x in 0..<6000 {
            let level = UInt8(x * 255 / 6000)
            row[3 * x] = level
            row[3 * x + 1] = 255 - level
        }
        for y in 0..<4000 { (smooth.pixels + y * 18000).update(from: row, count: 18000) }
        let source = try SourceImage(bytes: try JPEGCodec.encode(smooth, quality: 90))
        let fitted = try ImageFitter().fit(source)
        #expect((fitted.width, fitted.height) == (4096, 2731), "\(fitted.width)×\(fitted.height)")
        var small = ServiceLimits.rekognition
        small.maxSide = 1000
        let plugin = try ImageFitter(limits: small).fit(source)
        #expect((plugin.width, plugin.height) == (1000, 667), "\(plugin.width)×\(plugin.height)")
    }

    /// A ~10 MB PNG within the side limit: the resolution is kept, the bytes fit.
    @Test func tenMegabytePNGKeepsItsResolution() throws {
        let noise = try TestImages.noise(width: 2000, height: 1700)
        let png = try PNGCodec.encode(noise)
        #expect(png.count > 10_000_000)
        let fitted = try ImageFitter().fit(SourceImage(bytes: png))
        let sent = try decoded(fitted)
        #expect((sent.header.width, sent.header.height) == (2000, 1700))
        #expect(fitted.bytes.count <= limits.maxBytes)
        #expect(fitted.bytes.count >= limits.maxBytes * 85 / 100, "\(fitted.bytes.count) bytes")
    }

    /// A PNG over the side limit is area-averaged down to exactly the limit.
    @Test func widePNGIsScaledToTheSideLimit() throws {
        let png = try PNGCodec.encode(TestImages.gradient(width: 5000, height: 300))
        let fitted = try ImageFitter().fit(SourceImage(bytes: png))
        #expect((fitted.width, fitted.height) == (4096, 246))
        #expect(fitted.reasons.contains { $0.contains("side 5000") })
    }

    @Test func tooSmallAndTooElongatedAreRefused() throws {
        let small = try PNGCodec.encode(TestImages.gradient(width: 63, height: 200))
        #expect(throws: ImageError.tooSmall(width: 63, height: 200, minimum: 64)) {
            try ImageFitter().fit(SourceImage(bytes: small))
        }
        let long = try PNGCodec.encode(TestImages.gradient(width: 2100, height: 100))
        #expect(throws: ImageError.aspectRatio(width: 2100, height: 100, maximum: 20)) {
            try ImageFitter().fit(SourceImage(bytes: long))
        }
        let exactly20 = try PNGCodec.encode(TestImages.gradient(width: 2000, height: 100))
        #expect(try ImageFitter().fit(SourceImage(bytes: exactly20)).isOriginal)
    }

    /// When even the floor quality does not fit, the resolution gives way, not the limit.
    @Test func resolutionDropsWhenQualityFloorIsNotEnough() throws {
        let noise = try TestImages.noise(width: 1500, height: 1000)
        let png = try PNGCodec.encode(noise)
        var fitter = ImageFitter()
        fitter.limits.maxBytes = 300_000
        let fitted = try fitter.fit(SourceImage(bytes: png))
        #expect(fitted.bytes.count <= 300_000)
        #expect(fitted.width < 1500)
        #expect(fitted.bytes.count >= 300_000 / 2, "shrunk no more than needed: \(fitted.bytes.count) bytes")
        #expect(abs(Double(fitted.width) / Double(fitted.height) - 1.5) < 0.01)
    }

    @Test func fitSmallerShrinksBelowThePreviousAttempt() throws {
        let source = try SourceImage(bytes: TestData.bytes("exif-orientation/Landscape_1.jpg"))
        let first = try ImageFitter().fit(source)
        let second = try ImageFitter().fitSmaller(source, than: first)
        #expect(second.bytes.count <= first.bytes.count * 3 / 4)
        #expect(!second.isOriginal)
    }

    @Test func sampleRowsSpanTheImage() {
        let rows = ImageFitter.sampleRows(height: 4000)
        #expect(rows.first == 0)
        #expect(rows.last! > 3800)
        #expect(abs(rows.count - 4000 / 8) <= 16)
        #expect(ImageFitter.sampleRows(height: 300) == Array(0..<300))
    }
}

@Suite struct ResamplerTests {
    @Test func flatColourStaysFlat() throws {
        let flat = try TestImages.buffer(width: 97, height: 55) { _, _, c in UInt8(40 + c * 50) }
        let small = try Resampler.downscale(flat, width: 31, height: 17)
        for y in 0..<17 { for x in 0..<31 { #expect(small.pixel(x: x, y: y) == [40, 90, 140]) } }
    }

    @Test func halvingAveragesEachTwoByTwoBlock() throws {
        let b = try TestImages.buffer(width: 4, height: 2) { x, y, _ in UInt8((x + 4 * y) * 10) }
        let half = try Resampler.downscale(b, width: 2, height: 1)
        // Block (0,1)×(0,1): 0, 10, 40, 50 → 25; block (2,3)×(0,1): 20, 30, 60, 70 → 45.
        #expect(half.pixel(x: 0, y: 0) == [25, 25, 25])
        #expect(half.pixel(x: 1, y: 0) == [45, 45, 45])
    }

    /// 3 → 2: each output pixel covers one source pixel whole and half of the next.
    @Test func fractionalCoverageIsWeighted() throws {
        let b = try TestImages.buffer(width: 3, height: 1) { x, _, _ in [0, 90, 180][x] }
        let small = try Resampler.downscale(b, width: 2, height: 1)
        // (0 + 0.5·90) / 1.5 = 30; (0.5·90 + 180) / 1.5 = 150.
        #expect(small.pixel(x: 0, y: 0) == [30, 30, 30])
        #expect(small.pixel(x: 1, y: 0) == [150, 150, 150])
    }

    /// A large picture is shrunk in bands on several threads: the same pixels as on one.
    @Test(arguments: [3, 4])
    func bandsOnSeveralCoresGiveThePixelsOfOne(channels: Int) throws {
        let picture = try PNGPictures.picture(width: 3001, height: 1999, channels: channels)
        let one = try Resampler.downscale(picture, width: 2048, height: 1365, parallelism: 1)
        for cores in [2, 3, 7] {
            let banded = try Resampler.downscale(picture, width: 2048, height: 1365, parallelism: cores)
            #expect(PNGPictures.bytes(banded) == PNGPictures.bytes(one), "\(cores) bands")
        }
        // And each output pixel is its area's mean: pixel (10, 10) covers x and y 14.65…16.12.
        let (sx, sy) = (3001.0 / 2048, 1999.0 / 1365)
        var expected = [Double](repeating: 0, count: channels)
        for y in Int(10 * sy)...Int(11 * sy) {
            let wy = min(11 * sy, Double(y + 1)) - max(10 * sy, Double(y))
            for x in Int(10 * sx)...Int(11 * sx) {
                let wx = min(11 * sx, Double(x + 1)) - max(10 * sx, Double(x))
                for c in 0..<channels { expected[c] += Double(picture.pixel(x: x, y: y)[c]) * wx * wy / (sx * sy) }
            }
        }
        for c in 0..<channels { #expect(abs(Double(one.pixel(x: 10, y: 10)[c]) - expected[c]) <= 0.51) }
    }

    @Test func keepsAlpha() throws {
        let b = try TestImages.buffer(width: 10, height: 10, channels: 4) { _, _, c in c == 3 ? 128 : 0 }
        let small = try Resampler.downscale(b, width: 3, height: 3)
        #expect(small.channels == 4 && small.pixel(x: 1, y: 1)[3] == 128)
    }
}
