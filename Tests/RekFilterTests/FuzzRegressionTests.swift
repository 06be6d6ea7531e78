import Foundation
import FuzzHarness
import TestSupport
import Testing

@testable import RekFilter

/// Every input that ever crashed a fuzz target (Tests/FuzzRegressions/TARGET/) is replayed
/// through the same harness the fuzzer runs; a regression traps this test process.
@Suite struct FuzzRegressionTests {
    static let root = TestData.projectRoot.appendingPathComponent("Tests/FuzzRegressions")

    static let cases: [String] = FuzzHarness.targets.flatMap { target in
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(target).path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted().map { "\(target)/\($0)" }
    }

    @Test(arguments: cases)
    func replay(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(path)))
        FuzzHarness.run(String(path.split(separator: "/")[0]), bytes)
    }

    @Test func foundCrashesAreKept() { #expect(Self.cases.count >= 1) }

    /// The crash the fuzzer found first: a polygon point at x = 4.4e113.
    @Test func absurdPolygonCoordinatesAreClipped() throws {
        let canvas = try PixelBuffer(width: 64, height: 48, channels: 3)
        memset(canvas.pixels, 255, canvas.byteCount)
        Canvas(canvas).line(x0: 6.4, y0: 14, x1: 4.4e113, y1: 91, thickness: 2, color: .black)
        #expect(canvas.pixel(x: 10, y: 14) == [0, 0, 0] || canvas.pixel(x: 10, y: 15) == [0, 0, 0])
        #expect(Canvas.clip(0, 0, 10, 0, to: (2, -1, 5, 1))! == (2, 0, 5, 0))
        #expect(Canvas.clip(0, 5, 10, 5, to: (0, 0, 10, 1)) == nil)
        #expect(Canvas.clip(.nan, 0, 1, 1, to: (0, 0, 10, 10)) == nil)
    }
}
