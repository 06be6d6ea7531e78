import Foundation
import TestSupport
import Testing

@testable import RekFilter

/// The one driver in process: a single image and a stream through the same code, with saved
/// detections (a replay detector), diagnostics collected instead of printed.
@Suite struct DriverTests {
    static let detections =
        #"{"CustomLabels":[{"Name":"widget","Confidence":90,"Geometry":{"BoundingBox":{"Width":0.5,"Height":0.5,"Left":0.25,"Top":0.25}}},{"Name":"scene","Confidence":80}]}"#

    func file(_ text: String) throws -> String {
        let url = try TestData.scratch().appendingPathComponent("data")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func configuration(format: String, detections: String, stream: Bool = false) -> Configuration {
        var c = Configuration()
        c.output.format = FormatRegistry.named(format)!
        c.detectionsFile = detections
        c.stream.enabled = stream
        return c
    }

    @Test func aSingleImageIsOneFrameThroughTheDriver() throws {
        let out = try TestData.scratch().appendingPathComponent("out.csv").path
        let diagnostics = CollectedDiagnostics()
        let driver = try Driver(
            options: configuration(format: "csv", detections: try file(Self.detections)), variables: [:], diagnostics: diagnostics)
        let image = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let summary = try driver.run(source: SingleImageSource { image }, sink: try OutputSink(path: out, binary: false))
        #expect(summary.frames == 1 && summary.failed == 0 && summary.labelsKept == 2)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text == "frame,name,confidence,left,top,width,height,error\n0,widget,90,450,300,900,600,\n0,scene,80,,,,,\n")
        #expect(diagnostics.messages.isEmpty)
    }

    /// A single image's failure is thrown, and nothing is written (the file is never created).
    @Test func aSingleImageFailureWritesNothing() throws {
        let folder = try TestData.scratch()
        let driver = try Driver(
            options: configuration(format: "png", detections: try file(Self.detections)), variables: [:],
            diagnostics: CollectedDiagnostics())
        do {
            let sink = try OutputSink(path: folder.appendingPathComponent("out.png").path, binary: true)
            #expect(throws: ImageError.self) { try driver.run(source: SingleImageSource { Array("GIF89a".utf8) }, sink: sink) }
        }
        // The unfinished output's temporary file goes with the sink.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A stream's failures are reported per frame and marked in the output; the run goes on.
    @Test func aStreamReportsEachFailedFrame() throws {
        let frames = try TestData.bytes("exif-orientation/Landscape_1.jpg")
        let stream = try TestData.scratch().appendingPathComponent("frames")
        try Data(frames + frames + frames).write(to: stream)
        let lines = "{\"Frame\":0,\"CustomLabels\":[]}\n{\"Frame\":2,\"CustomLabels\":[{\"Name\":\"x\",\"Confidence\":50}]}\n"
        let diagnostics = CollectedDiagnostics()
        let driver = try Driver(
            options: configuration(format: "json", detections: try file(lines), stream: true), variables: [:], diagnostics: diagnostics)
        let out = try TestData.scratch().appendingPathComponent("out.jsonl").path
        let fd = open(stream.path, O_RDONLY)
        defer { close(fd) }
        let summary = try driver.run(source: StreamSource(fd: fd, maxFrameBytes: 1 << 24), sink: try OutputSink(path: out, binary: false))
        #expect(summary.frames == 3 && summary.failed == 1 && summary.labelsKept == 1)
        #expect(summary.firstFailure as? DetectionsFileError != nil)
        #expect(diagnostics.messages.count == 1 && diagnostics.messages[0].hasPrefix("frame 1: detections file"))
        let written = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(written.count == 3 && written[1].contains("\"Error\":") && written[1].contains("\"Frame\":1"))
    }
}
