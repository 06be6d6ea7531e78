import TestSupport
import Testing

@testable import RekFilter

/// libjpeg-turbo through the shim, against reference renderings and broken files.
@Suite struct JPEGDecodeTests {
    func decode(_ relative: String) throws -> PixelBuffer {
        try SourceImage(bytes: TestData.bytes(relative)).decode()
    }

    /// Every JPEG that ships with a reference PNG.
    static let referencePairs: [String] = {
        var pairs = [String]()
        for folder in ["jpeg/mozilla", "jpeg/jpeg-decoder"] {
            for name in (try? TestData.files(in: folder, suffix: ".jpg")) ?? [] where name != "jpg-size-6x6.jpg" {
                pairs.append("\(folder)/\(name.dropLast(4))")
            }
        }
        return pairs + ["jpeg/image-rs/progressive/cat", "jpeg/image-rs/progressive/test"]
    }()

    @Test func referencePairsAreThere() { #expect(Self.referencePairs.count >= 35) }

    @Test(arguments: referencePairs)
    func matchesItsReferencePNG(_ stem: String) throws {
        let jpeg = try decode(stem + ".jpg")
        let png = try decode(stem.hasPrefix("jpeg/image-rs") ? stem + ".jpg.png" : stem + ".png")
        #expect(jpeg.width == png.width && jpeg.height == png.height)
        let difference = jpeg.meanAbsoluteDifference(png)
        #expect(difference < 2.5, "mean difference \(difference)")
    }

    @Test(arguments: ["testorig", "testimgint", "testimgari"])
    func libjpegTurboReferenceImagesDecode(_ name: String) throws {
        let pixels = try decode("jpeg/libjpeg-turbo/\(name).jpg")
        #expect(pixels.width == 227 && pixels.height == 149)
    }

    @Test func arithmeticCodedEqualsHuffmanCoded() throws {
        let arithmetic = try decode("jpeg/libjpeg-turbo/testimgari.jpg")
        let huffman = try decode("jpeg/libjpeg-turbo/testorig.jpg")
        #expect(arithmetic.meanAbsoluteDifference(huffman) < 1.0)
    }

    @Test(arguments: [
        "jpeg/libjpeg-turbo/testorig12.jpg", "jpeg/libjpeg-turbo/monkey12.jpg",
        "jpeg/jpeg-decoder/lossless/jpeg_lossless_sel1.jpg",
    ])
    func unsupportedVariantsAreRefusedClearly(_ path: String) throws {
        do {
            _ = try decode(path)
            Issue.record("\(path) decoded")
        } catch let error as ImageError {
            guard case .unsupported(.jpeg, let detail) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(detail.contains("12-bit") || detail.contains("lossless"))
        }
    }

    /// SOURCE.txt: these corrupt/ files are in fact decodable. (It lists subtract-with-overflow.jpg
    /// too, because Pillow decodes it; but its entropy data holds a bad Huffman code, which
    /// libjpeg would paper over with blank blocks — we refuse to draw on that; see below.)
    static let decodableCorrupt: Set<String> = ["dc-predictor-overflow.jpg", "multiple-0xff-before-eoi.jpg"]

    static let corrupt: [String] = {
        let top = ((try? TestData.files(in: "jpeg/corrupt", suffix: ".jpg")) ?? []) + ["oss-fuzz-36829.jpeg"]
        let derived = ((try? TestData.files(in: "jpeg/corrupt/derived", suffix: ".jpg")) ?? []).map { "derived/" + $0 }
        return (top + derived).filter { !decodableCorrupt.contains($0) }
    }()

    @Test func corruptFilesAreThere() { #expect(Self.corrupt.count >= 15) }

    @Test func badHuffmanDataIsRefusedNotPapered() throws {
        do {
            _ = try decode("jpeg/corrupt/subtract-with-overflow.jpg")
            Issue.record("decoded")
        } catch let error as ImageError {
            #expect("\(error)".contains("Huffman"))
        }
    }

    @Test(arguments: corrupt)
    func corruptFilesAreRefused(_ name: String) throws {
        #expect(throws: ImageError.self) { _ = try decode("jpeg/corrupt/\(name)") }
    }

    @Test(arguments: decodableCorrupt.sorted())
    func oddButValidFilesDecode(_ name: String) throws {
        let source = try SourceImage(bytes: TestData.bytes("jpeg/corrupt/\(name)"))
        let pixels = try source.decode()
        // The whole picture, as its header declares it, with real content (not a blank buffer).
        #expect(pixels.width == source.header.width && pixels.height == source.header.height)
        let values = Set((0..<pixels.byteCount).map { pixels.pixels[$0] })
        #expect(values.count > 8, "\(name) decoded to \(values.count) distinct values")
    }

    @Test func truncatedScanIsReportedAsTruncated() throws {
        do {
            _ = try decode("jpeg/corrupt/derived/testorig-truncated-2885.jpg")
            Issue.record("decoded")
        } catch let error as ImageError {
            guard case .truncated(.jpeg, _) = error else {
                Issue.record("got \(error)")
                return
            }
        }
    }

    @Test func aPNGNamedJpgIsSniffedAsPNG() throws {
        let source = try SourceImage(bytes: TestData.bytes("jpeg/mozilla/jpg-size-6x6.jpg"))
        #expect(source.format == .png)
    }

    /// Shrunk as it decodes (a decoder thread and the shrinker, a ring of rows between them):
    /// exactly the pixels of the whole decode area-averaged afterwards — colour, CMYK, grey,
    /// progressive, at several DCT scales and sizes.
    @Test(arguments: [
        "exif-orientation/Landscape_1.jpg", "jpeg/mozilla/jpg-cmyk-1.jpg", "jpeg/mozilla/jpg-cmyk-2.jpg",
        "jpeg/mozilla/jpg-gray.jpg", "jpeg/mozilla/jpg-progressive.jpg", "jpeg/libjpeg-turbo/testorig.jpg",
    ])
    func shrinkingAsItDecodesGivesThePixelsOfShrinkingAfter(_ path: String) throws {
        let source = try SourceImage(bytes: TestData.bytes(path))
        for scale in [8, 6, 3] {
            let whole = try source.decode(scale: scale)
            for side in [max(whole.width, whole.height) - 1, 97, 5] where side > 0 {
                let shrunk = try source.decodeShrunk(scale: scale, longSide: side)
                let factor = min(1, Double(side) / Double(max(whole.width, whole.height)))
                let (w, h) = (max(1, Int((Double(whole.width) * factor).rounded())), max(1, Int((Double(whole.height) * factor).rounded())))
                #expect(shrunk.width == w && shrunk.height == h, "\(path) at \(scale)/8 within \(side)")
                let after = try Resampler.downscale(whole, width: w, height: h)
                #expect(PNGPictures.bytes(shrunk) == PNGPictures.bytes(after), "\(path) at \(scale)/8 within \(side)")
            }
        }
    }

    /// The decoder thread's failures come back as the whole decode's do, and nothing hangs.
    @Test(arguments: corrupt)
    func shrinkingRefusesCorruptFilesToo(_ name: String) throws {
        guard let source = try? SourceImage(bytes: TestData.bytes("jpeg/corrupt/\(name)")) else { return }
        #expect(throws: ImageError.self) { _ = try source.decodeShrunk(scale: 8, longSide: 7) }
    }

    @Test func shrinkingReportsATruncatedScanAsTruncated() throws {
        let source = try SourceImage(bytes: TestData.bytes("jpeg/corrupt/derived/testorig-truncated-2885.jpg"), structureChecked: true)
        do {
            _ = try source.decodeShrunk(scale: 8, longSide: 50)
            Issue.record("decoded")
        } catch {
            guard case .truncated(.jpeg, _) = error else {
                Issue.record("got \(error)")
                return
            }
        }
    }

    @Test(arguments: [1, 2, 4, 8])
    func dctScalingGivesTheScaledSize(_ scale: Int) throws {
        let source = try SourceImage(bytes: TestData.bytes("exif-orientation/Landscape_1.jpg"))
        let pixels = try source.decode(scale: scale)
        #expect(pixels.width == 1800 * scale / 8 && pixels.height == 1200 * scale / 8)
    }
}
