import Foundation
import TestSupport
import Testing

/// What a shell can do to rekfilter's standard descriptors: close them, point `-o` back at
/// them, fill the disk behind them — for the built-in formats and the plugins alike.
@Suite struct StandardDescriptorTests {
    let picture = TestData.path("exif-orientation/Landscape_1.jpg")

    /// `sh -c SCRIPT` with `$0` the binary, `$1` the saved detections, `$2` the picture; what
    /// the script prints on stdout and stderr.
    func shell(_ script: String, environment: [String: String] = [:]) throws -> Command.Result {
        try Command.run(["sh", "-c", script, Binary.path, OutputTests.detections, picture], environment: environment)
    }

    /// `2>&-`: a font warning goes nowhere — never into the PNG written with -o.
    @Test func aClosedStderrNeverLandsInTheOutput() throws {
        let out = try TestData.scratch().appendingPathComponent("boxed.png").path
        let result = try shell("\"$0\" --detections \"$1\" --font /no/such/font.ttf -o \(out) < \"$2\" 2>&-; echo $?")
        #expect(result.stdout == "0\n")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("warning"), "a message was written into the picture")
    }

    /// `>&-`: the result has nowhere to go — 74 and a message, not a success.
    @Test func aClosedStdoutIs74() throws {
        let result = try shell("\"$0\" --detections \"$1\" -f csv < \"$2\" >&-; echo $? >&2")
        #expect(result.stderr.hasSuffix("74\n"), "\(result.stderr)")
        #expect(result.stderr.contains("stdout is closed"))
        // With -o the result goes to the file, and a closed stdout does not matter.
        let out = try TestData.scratch().appendingPathComponent("labels.csv").path
        let written = try shell("\"$0\" --detections \"$1\" -o \(out) < \"$2\" >&-; echo $? >&2")
        #expect(written.stderr == "0\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("frame,name"))
        // A closed stdin is no input, as an empty one.
        let noInput = try shell("\"$0\" --detections \"$1\" -f csv <&-; echo $? >&2")
        #expect(noInput.stderr.hasSuffix("66\n"), "\(noInput.stderr)")
    }

    /// `-o /dev/stdout` and `-o /proc/self/fd/1` write through to whatever stdout is, a pipe too.
    @Test func outputToTheDescriptorsOwnPathsWritesThrough() throws {
        for path in ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"] {
            let result = try shell("\"$0\" --detections \"$1\" -f csv -o \(path) < \"$2\" | cat; echo \"${PIPESTATUS:-}\" >&2")
            #expect(result.stdout.hasPrefix("frame,name,confidence"), "\(path): \(result.stderr)")
            #expect(!result.stderr.contains("cannot write"), "\(path): \(result.stderr)")
        }
    }

    /// A format plugin's output that cannot be written (a full disk) is 74, as for the built-ins.
    @Test func aPluginsOutputToAFullDiskIs74() throws {
        let plugins = ["REKFILTER_PLUGIN_PATH": ShippedPluginTests.installed.plugins]
        for format in ["yolo", "voc", "labelstudio", "csv"] {
            let result = try shell("\"$0\" --detections \"$1\" -f \(format) < \"$2\" > /dev/full; echo $? >&2", environment: plugins)
            #expect(result.stderr.hasSuffix("74\n"), "\(format): \(result.stderr)")
            #expect(result.stderr.contains("No space left on device"), "\(format): \(result.stderr)")
        }
    }

    /// A picture in a file is read ahead from the offset stdin has when rekfilter starts (a
    /// shell's earlier command may have read some of the file), and leaves the offset at the end,
    /// as a plain read would: whatever runs next on the same stdin finds nothing left.
    @Test func stdinsSharedOffsetIsHonouredAndLeftAtTheEnd() throws {
        let folder = try TestData.scratch()
        let prefixed = folder.appendingPathComponent("prefixed.jpg").path
        try Data(Array("EIGHT B.".utf8) + [UInt8](Data(contentsOf: URL(fileURLWithPath: picture)))).write(
            to: URL(fileURLWithPath: prefixed))
        let plain = try shell("\"$0\" --detections \"$1\" -f csv < \"$2\"")
        #expect(plain.stdout.hasPrefix("frame,name"), "\(plain.stderr)")
        let skipped = try shell("{ dd bs=8 count=1 of=/dev/null 2>/dev/null; \"$0\" --detections \"$1\" -f csv; } < \(prefixed)")
        #expect(skipped.stdout == plain.stdout, "\(skipped.stderr)")
        let after = try shell("{ \"$0\" --detections \"$1\" -f csv > /dev/null; wc -c; } < \"$2\"")
        #expect(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(after.stderr)")
    }
}
