import Foundation
import TestSupport
import Testing

/// `--dry-run` end to end: one line on stderr saying what would be sent; nothing on stdout.
@Suite struct DryRunTests {
    @Test func smallJPEGIsSentAsIs() throws {
        let result = try Binary.run(["--dry-run"], stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("rekfilter: dry run: JPEG 1800×1200"))
        #expect(result.stderr.contains("would send the original bytes"))
    }

    @Test func rotatedJPEGIsReencodedUpright() throws {
        let result = try Binary.run(["--dry-run"], stdinPath: TestData.path("exif-orientation/Portrait_6.jpg"))
        #expect(result.status == 0)
        #expect(result.stderr.contains("JPEG 1800×1200"))
        #expect(result.stderr.contains("orientation 6"))
        #expect(result.stderr.contains("would send JPEG 1200×1800"), "\(result.stderr)")
        #expect(result.stderr.contains("re-encoded: EXIF orientation 6"))
    }

    @Test func quietPrintsNothing() throws {
        let result = try Binary.run(["--dry-run", "-q"], stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty && result.stdout.isEmpty)
    }

    /// stdin on a terminal: `script` gives the binary a pseudo-terminal as its stdin.
    @Test func stdinOnATerminalIsNoInput() throws {
        let (status, text) = try Media.onTerminal("\(Binary.path) --dry-run")
        #expect(status == 66)
        #expect(text.contains("stdin is a terminal"))
    }
}
