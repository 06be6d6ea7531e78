import Foundation
import RekFilter
import TestSupport
import Testing

/// The CLI contract for output (docs/command-line.md; README, Output formats; README, Exit status): formats end to end, -o, terminals, closed
/// pipes, full disks. `--detections` makes these runs need no service.
@Suite struct OutputTests {
    /// Saved detections: one box in the left half, one label without geometry.
    static let detections: String = {
        let url = try! TestData.scratch().appendingPathComponent("detections.json")
        try!
            #"{"CustomLabels":[{"Name":"left half","Confidence":91.0,"Geometry":{"BoundingBox":{"Width":0.25,"Height":0.5,"Left":0.125,"Top":0.25}}},{"Name":"scene","Confidence":70.0}],"Image":{"Width":1800,"Height":1200}}"#
            .write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }()

    func draw(_ input: String, _ extra: [String] = []) throws -> Binary.Result {
        try Binary.run(["--detections", Self.detections] + extra, stdinPath: TestData.path(input))
    }

    func decode(_ bytes: [UInt8]) throws -> PixelBuffer { try SourceImage(bytes: bytes).decode() }

    /// The rotated photo is drawn upright, the box where the service's upright coordinates say.
    @Test(arguments: ["exif-orientation/Landscape_1.jpg", "exif-orientation/Landscape_6.jpg", "exif-orientation/Landscape_8.jpg"])
    func boxesAreDrawnOnTheUprightPicture(_ input: String) throws {
        let result = try draw(input)
        #expect(result.status == 0, "\(result.stderr)")
        let png = try decode(result.stdout)
        #expect((png.width, png.height) == (1800, 1200))
        let color = Palette.color(for: "left half")
        // Left edge of the box: x = 0.125 × 1800 = 225, mid-height y = 600.
        let p = png.pixel(x: 226, y: 600)
        #expect(RGB(p[0], p[1], p[2]) == color)
        // The legend sits top-left.
        let legend = png.pixel(x: 2, y: 2)
        #expect(RGB(legend[0], legend[1], legend[2]) == Palette.color(for: "scene"))
        // Top of the picture is the sky (bright) in every orientation: proof it was rotated.
        let sky = png.pixel(x: 900, y: 150)
        #expect(Int(sky[2]) > 120)
    }

    @Test func jpegOutputAtItsQuality() throws {
        let high = try draw("exif-orientation/Landscape_1.jpg", ["-f", "jpeg", "--quality", "95"])
        let low = try draw("exif-orientation/Landscape_1.jpg", ["-f", "jpg", "--quality", "40"])
        #expect(high.status == 0 && low.status == 0)
        #expect(try SourceImage(bytes: high.stdout).format == .jpeg)
        #expect(high.stdout.count > low.stdout.count * 2)
    }

    @Test func pngInputWithAlphaStaysPNGWithAlpha() throws {
        let result = try draw("pngsuite/PngSuite.png")
        #expect(result.status == 0)
        #expect(try decode(result.stdout).width == 256)
    }

    @Test(arguments: ["json", "csv", "coco", "svg"])
    func dataFormatsNeedNoDecodeAndParse(_ format: String) throws {
        let result = try draw("exif-orientation/Landscape_6.jpg", ["-f", format])
        #expect(result.status == 0)
        let text = result.stdoutText
        switch format {
        case "json", "coco": _ = try JSONSerialization.jsonObject(with: Data(text.utf8))
        case "csv": #expect(text.hasPrefix("frame,name,confidence,left,top,width,height,error\n0,left half,91,225,300,450,600,\n"))
        default: #expect(text.hasPrefix("<svg") && text.contains("left half 91%"))
        }
    }

    @Test func outputFileIsWrittenAtomicallyAndItsExtensionPicksTheFormat() throws {
        let folder = try TestData.scratch()
        let target = folder.appendingPathComponent("boxed.jpg").path
        let ok = try draw("exif-orientation/Landscape_1.jpg", ["-o", target])
        #expect(ok.status == 0 && ok.stdout.isEmpty)
        #expect(try SourceImage(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: target)))).format == .jpeg)
        // A failing run leaves neither the target nor a temporary file behind.
        let failedTarget = folder.appendingPathComponent("never.png").path
        let failed = try Binary.run(["--detections", Self.detections, "-o", failedTarget], stdin: Array("not an image".utf8))
        #expect(failed.status == 65)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["boxed.jpg"])
    }

    @Test func unwritableOutputIsExit74() throws {
        let full = try draw("exif-orientation/Landscape_1.jpg", ["-o", "/dev/full/x.png"])
        #expect(full.status == 74)
        #expect(full.stderr.contains("cannot write"))
        // stdout on a full device.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["--detections", Self.detections]
        process.standardInput = FileHandle(forReadingAtPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("No space left"))
    }

    /// `| head -c 100`: the reader goes away; rekfilter stops quietly.
    @Test func closedPipeStopsQuietly() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "\"$0\" --detections \"$1\" < \"$2\" | head -c 100 > /dev/null; echo \"${PIPESTATUS:-}\"",
            Binary.path, Self.detections, TestData.path("exif-orientation/Landscape_1.jpg"),
        ]
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).isEmpty)
    }

    @Test func binaryOutputToATerminalIsRefused() throws {
        let (status, text) = try Media.onTerminal(
            "\(Binary.path) --detections \(Self.detections) < \(TestData.path("exif-orientation/Landscape_1.jpg"))")
        #expect(status == 64)
        #expect(text.contains("refusing to write binary output to a terminal"))
        #expect(!text.contains("PNG"))
    }

    @Test func badDetectionsFileIsReported() throws {
        let missing = try Binary.run(["--detections", "/no/such/file.json"], stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        #expect(missing.status == 66 && missing.stderr.contains("cannot read detections file"))
        let url = try TestData.scratch().appendingPathComponent("bad.json")
        try "{\"nope\": 1}".write(to: url, atomically: true, encoding: .utf8)
        let bad = try Binary.run(["--detections", url.path, "-f", "json"], stdinPath: TestData.path("exif-orientation/Landscape_1.jpg"))
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("not rekfilter/Rekognition JSON"))
    }

    /// --detections makes no call, so the service's limits do not apply; the safety ones do.
    @Test func detectionsSkipServiceLimitsButNotSafetyLimits() throws {
        let small = try draw("jpeg/mozilla/jpg-size-33x33.jpg", ["-f", "json"])
        #expect(small.status == 0, "\(small.stderr)")
        let bomb = try draw("jpeg/corrupt/max_size.jpg")
        #expect(bomb.status == 65 && bomb.stdout.isEmpty)
    }

    @Test func listFormatsAndVersion() throws {
        let list = try Binary.run(["--list-formats"])
        #expect(list.status == 0)
        let names = list.stdoutText.split(separator: "\n").map { $0.split(separator: "\t")[0] }
        #expect(names == ["png", "jpeg", "json", "csv", "coco", "svg", "manifest", "crops"])
        let version = try Binary.run(["--version"])
        #expect(version.status == 0 && version.stdoutText.hasPrefix("rekfilter 0."))
        // The libraries as loaded, named as their own tools name them.
        func tool(_ command: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", command]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            p.waitUntilExit()
            return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        let libraries = version.stdoutText.split(separator: "\n").dropFirst().joined()
        #expect(libraries.contains("libpng \(try tool("libpng-config --version"))"), "\(libraries)")
        #expect(libraries.contains(try tool("curl-config --version").replacingOccurrences(of: "libcurl ", with: "libcurl ")))
        #expect(libraries.contains("libjpeg-turbo 2.") && libraries.contains("zlib 1.") && libraries.contains("FreeType 2."))
        #expect(libraries.contains("OpenSSL \(try tool("openssl version").split(separator: " ")[1])"), "\(libraries)")
        let help = try Binary.run(["--help"])
        #expect(help.status == 0 && help.stdoutText.contains("Examples:") && help.stderr.isEmpty)
    }
}

/// `svg --svg-embed`: the original bytes under the overlay, turned upright by an SVG transform;
/// rendered by librsvg, every orientation shows the same picture as rekfilter's own upright decode.
@Suite struct SVGEmbedTests {
    @Test(arguments: 1...8)
    func embeddedPictureIsUpright(_ orientation: Int) throws {
        let folder = try TestData.scratch()
        let empty = folder.appendingPathComponent("none.json")
        try #"{"CustomLabels":[]}"#.write(to: empty, atomically: true, encoding: .utf8)
        let input = "exif-orientation/Portrait_\(orientation).jpg"
        let svg = try Binary.run(["--detections", empty.path, "-f", "svg", "--svg-embed"], stdinPath: TestData.path(input))
        #expect(svg.status == 0)
        let svgPath = folder.appendingPathComponent("out.svg")
        let pngPath = folder.appendingPathComponent("out.png")
        try Data(svg.stdout).write(to: svgPath)
        let rsvg = Process()
        rsvg.executableURL = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
        rsvg.arguments = ["-w", "300", "-o", pngPath.path, svgPath.path]
        try rsvg.run()
        rsvg.waitUntilExit()
        #expect(rsvg.terminationStatus == 0)
        let rendered = try SourceImage(bytes: [UInt8](Data(contentsOf: pngPath))).decode()
        let upright = try SourceImage(bytes: TestData.bytes(input)).upright()
        let expected = try Resampler.downscale(upright, width: rendered.width, height: rendered.height)
        var total = 0
        for y in 0..<rendered.height {
            for x in 0..<rendered.width {
                let a = rendered.pixel(x: x, y: y)
                let b = expected.pixel(x: x, y: y)
                total += (0..<3).reduce(0) { $0 + abs(Int(a[$1]) - Int(b[$1])) }
            }
        }
        let mean = Double(total) / Double(rendered.width * rendered.height * 3)
        #expect((rendered.width, rendered.height) == (300, 450))
        #expect(mean < 6, "mean difference \(mean)")
    }
}
