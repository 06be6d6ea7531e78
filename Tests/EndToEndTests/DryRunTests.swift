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

/// `--dry-run` prepares what the chosen detector would get, and checks a replay's file.
@Suite struct DryRunDetectorTests {
    let picture = TestData.path("exif-orientation/Landscape_6.jpg")  // 1200×1800 stored, 1800×1200 upright

    @Test func aDetectorPluginsLimitsDecideWhatWouldBeSent() throws {
        let result = try Binary.run(
            ["--dry-run", "--detect", "boxes"], stdinPath: picture,
            environment: ["REKFILTER_PLUGIN_PATH": try DetectorPluginTests.folder(["boxes"])])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("would send JPEG 1000×667"), "the plugin declares 1000 px: \(result.stderr)")
    }

    @Test func aReplaysFileIsCheckedAndNothingWouldBeSent() throws {
        let missing = try Binary.run(["--dry-run", "--detections", "/no/such/file.json"], stdinPath: picture)
        #expect(missing.status == 66 && missing.stderr.contains("/no/such/file.json"), "\(missing.stderr)")
        let replay = try Binary.run(["--dry-run", "--detections", OutputTests.detections], stdinPath: picture)
        #expect(replay.status == 0 && replay.stderr.contains("nothing would be sent"), "\(replay.stderr)")
    }
}
