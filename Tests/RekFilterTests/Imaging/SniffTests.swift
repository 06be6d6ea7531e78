import TestSupport
import Testing

@testable import RekFilter

@Suite struct SniffTests {
    @Test func byContentNotName() throws {
        #expect(try ImageFormat.sniff(TestData.bytes("jpeg/mozilla/jpg-size-6x6.jpg")) == .png)
        #expect(try ImageFormat.sniff(TestData.bytes("pngsuite/basn2c08.png")) == .png)
        #expect(try ImageFormat.sniff(TestData.bytes("jpeg/libjpeg-turbo/testorig.jpg")) == .jpeg)
    }

    @Test(arguments: [
        ("GIF89a\u{1}\u{0}", "GIF"), ("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ", "WebP"), ("BM6\u{0}", "BMP"),
        ("%PDF-1.7", "PDF"), ("plain words\n", "text"), ("II*\u{0}\u{8}", "TIFF"),
    ])
    func othersAreNamed(_ input: String, _ named: String) {
        do {
            _ = try ImageFormat.sniff(Array(input.utf8))
            Issue.record("accepted \(named)")
        } catch {
            guard case .notAnImage(let found) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(found.contains(named))
        }
    }

    @Test func emptyIsEmpty() {
        #expect(throws: ImageError.empty) { try ImageFormat.sniff([UInt8]()) }
    }

    @Test func binaryJunkShowsItsFirstBytes() {
        #expect(throws: ImageError.notAnImage(found: "unknown data starting 00 01 02 03")) {
            try ImageFormat.sniff([0, 1, 2, 3])
        }
    }
}
