import ArgumentParser
import Testing

@testable import RekFilter
@testable import RekFilterCLI

/// Every rule of the command line, parsed in process (as swift-argument-parser's own tests
/// do): what is accepted becomes these options; what is refused says why.
@Suite struct CommandLineTests {
    static let arn = "arn:aws:rekognition:eu-west-1:123456789012:project/widgets/version/widgets.2024/1"

    func options(_ arguments: [String], environment: [String: String] = [:]) throws -> Configuration {
        try RekfilterCommand.parse(arguments).configuration(environment: environment)
    }

    /// The message a refused command line gets (nil when it is accepted).
    func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try RekfilterCommand.parse(arguments).configuration(environment: [:])
            return nil
        } catch {
            return Rekfilter.usageMessage(for: error)
        }
    }

    @Test func defaults() throws {
        let o = try options(["-m", Self.arn])
        #expect(o.service.model == Self.arn && o.output.format.name == "png")
        #expect(o.stream.concurrency == 4 && o.stream.every == 1 && o.stream.onError == .pass && !o.stream.enabled)
        #expect(o.service.timeout == 60 && o.service.connectTimeout == 5 && o.output.labels == nil && o.limits == .default)
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var says: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    /// Command lines refused, each after `-m ARN`, and what the refusal says.
    static let refusedCases: [Refused] = [
        Refused(arguments: ["--timeout", "inf"], says: "--timeout must be a number of seconds above 0"),
        Refused(arguments: ["--svg-embed", "-f", "png"], says: "--svg-embed does nothing with -f png"),
        Refused(arguments: ["--source-ref", "s3://b/k.jpg", "-f", "csv"], says: "--source-ref does nothing with -f csv"),
        Refused(arguments: ["--classes", "a,b", "-o", "x.png"], says: "--classes does nothing with -f png"),
        Refused(arguments: ["--image-name", "x.jpg", "-f", "json"], says: "--image-name does nothing with -f json"),
        Refused(arguments: ["--manifest-attribute", "x", "-f", "coco"], says: "--manifest-attribute does nothing with -f coco"),
        Refused(arguments: ["--source-ref", "https://b/k.jpg", "-f", "manifest"], says: "--source-ref must be an s3://bucket/key URI"),
        Refused(arguments: ["--source-ref", "s3://bucket", "-f", "manifest"], says: "--source-ref must be an s3://bucket/key URI"),
        Refused(
            arguments: ["--stream", "--source-ref", "s3://b/same.jpg", "-f", "manifest", "-m", "x"],
            says: "--source-ref in --stream is a template for each frame"),
        Refused(arguments: ["--stream", "--image-name", "same.jpg", "-f", "coco"], says: "--image-name in --stream is a template"),
        Refused(arguments: ["--classes", " ", "-f", "coco"], says: "--classes needs at least one class name"),
        Refused(arguments: ["--detect", "faces", "--attributes", "BOGUS"], says: "--attributes takes DEFAULT, ALL or a list of"),
        Refused(arguments: ["--detect", "faces", "--attributes", "EMOTIONS,,"], says: "got ''"),
        Refused(arguments: ["--timeout", "1e400"], says: "--timeout must be"),
        Refused(arguments: ["--timeout", "nan"], says: "got nan"),
        Refused(arguments: ["--timeout", "86401"], says: "at most 86400"),
        Refused(arguments: ["--timeout", "0"], says: "above 0"),
        Refused(arguments: ["--connect-timeout", "inf"], says: "--connect-timeout must be"),
        Refused(arguments: ["--connect-timeout", "-1"], says: "got -1"),
        Refused(arguments: ["--min-confidence", "-1"], says: "--min-confidence must be a number from 0 to 100, got -1"),
        Refused(arguments: ["--min-confidence", "100.5"], says: "got 100.5"),
        Refused(arguments: ["--min-confidence", "nan"], says: "--min-confidence must be"),
        Refused(arguments: ["--max-results", "-3"], says: "--max-results must be from 0"),
        Refused(arguments: ["--max-results", "99999999999"], says: "--max-results must be from 0"),
        Refused(arguments: ["--quality", "0"], says: "--quality must be from 1 to 100"),
        Refused(arguments: ["--quality", "1e400"], says: "--quality"),
        Refused(arguments: ["--quality", "99999999999999999999"], says: "--quality"),
        Refused(arguments: ["--max-attempts", "0"], says: "--max-attempts must be from 1 to 100"),
        Refused(arguments: ["--max-attempts", "1000000"], says: "--max-attempts must be from 1 to 100"),
        Refused(arguments: ["--max-input-bytes", "0"], says: "--max-input-bytes must be from 1"),
        Refused(arguments: ["--max-input-bytes", "9223372036854775807"], says: "--max-input-bytes must be from 1"),
        Refused(arguments: ["--max-pixels", "9223372036854775807"], says: "--max-pixels must be from 1 to 4294967296"),
        Refused(arguments: ["--stream", "-j", "0"], says: "-j must be from 1 to 256"),
        Refused(arguments: ["--stream", "-j", "257"], says: "-j must be from 1 to 256"),
        Refused(arguments: ["--stream", "--every", "0"], says: "--every must be from 1"),
        Refused(arguments: ["--stream", "--every", "9223372036854775807"], says: "--every must be from 1"),
        Refused(arguments: ["--stream", "--on-error", "retry"], says: "--on-error"),
        Refused(arguments: ["-j", "8"], says: "-j goes with --stream"),
        Refused(arguments: ["--every", "2"], says: "--every goes with --stream"),
        Refused(arguments: ["--on-error", "skip"], says: "--on-error goes with --stream"),
        Refused(arguments: ["-j", "2", "--every", "2"], says: "-j, --every go with --stream"),
        Refused(arguments: ["--labels", ""], says: "--labels needs at least one label name"),
        Refused(arguments: ["--labels", " , "], says: "--labels needs at least one label name"),
        Refused(arguments: ["-o", ""], says: "-o needs a file name"),
        Refused(arguments: ["-o", "some/dir/"], says: "-o some/dir/ is a folder"),
        Refused(arguments: ["-o", "/tmp"], says: "-o /tmp is a folder"),
        Refused(arguments: ["-o", "out.txt"], says: "no format is known by the extension .txt of -o out.txt: give -f"),
        Refused(arguments: ["-f", "nope"], says: "unknown format 'nope': neither built in nor a plugin (see --list-formats)"),
        Refused(arguments: ["-f", "Not_A_Name"], says: "unknown format 'Not_A_Name' (see --list-formats)"),
        Refused(arguments: ["--stream", "-f", "svg"], says: "the svg format writes one document per picture"),
        Refused(arguments: ["--stream", "-o", "x.svg"], says: "the svg format writes one document per picture"),
        Refused(arguments: ["--s3", "bucket/key"], says: "--s3 wants s3://bucket/key"),
        Refused(arguments: ["--s3-version", "1"], says: "--s3-version needs --s3"),
        Refused(arguments: ["--stream", "--s3", "s3://b/k"], says: "does not go with --stream"),
        Refused(arguments: ["-q", "-v"], says: "contradict"),
        Refused(arguments: ["--png-compression", "tiny"], says: "--png-compression"),
        Refused(arguments: ["photo.jpg"], says: "unexpected argument 'photo.jpg'; the image goes on stdin (rekfilter -m ARN < photo.jpg)"),
        Refused(arguments: ["--bogus"], says: "--bogus"),
        Refused(arguments: ["-f", "manifest"], says: "the manifest format needs the picture's s3:// URI: give --source-ref URI (or --s3)"),
        Refused(arguments: ["-o", "out.manifest"], says: "the manifest format needs the picture's s3:// URI"),
        Refused(
            arguments: ["-f", "manifest", "--source-ref", "s3://b/k", "--manifest-attribute", "a b"], says: "--manifest-attribute must be"),
    ]

    @Test(arguments: refusedCases)
    func refused(_ c: Refused) {
        let message = refusal(["-m", Self.arn] + c.arguments)
        #expect(message?.contains(c.says) == true, "\(message ?? "accepted")")
        // One pointer to help, never two.
        #expect((message ?? "").components(separatedBy: "(see ").count <= 2, "\(message ?? "")")
    }

    /// The configuration is values only: two spellings of one command line give equal ones,
    /// and any flag that changes the run changes it.
    @Test func aConfigurationIsItsValues() throws {
        let arn = "arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/1"
        let short = try options(["-m", arn, "-f", "coco", "-O", "a=b", "--stream", "-j", "2"])
        let long = try options(["--model", arn, "--format", "coco", "-O", "a=b", "--stream", "--concurrency", "2"])
        #expect(short == long)
        #expect(try options(["-m", arn], environment: [:]) == options([], environment: ["REKFILTER_MODEL": arn]))
        for changed in [["-f", "json"], ["-O", "a=c"], ["-j", "3"], ["--region", "eu-west-1"], ["-q"]] {
            let other = try options(["-m", arn, "-f", "coco", "-O", "a=b", "--stream", "-j", "2"] + changed)
            #expect(other != short, "\(changed)")
        }
    }

    @Test func theModelFallsBackToTheEnvironment() throws {
        #expect(try options([], environment: ["REKFILTER_MODEL": Self.arn]).service.model == Self.arn)
        #expect(try options([], environment: ["REKFILTER_MODEL": ""]).service.model == nil)
        #expect(try options(["-m", Self.arn], environment: ["REKFILTER_MODEL": "other"]).service.model == Self.arn)
    }

    @Test func malformedModelIsAUsageError() {
        #expect(throws: UsageError.self) { try options(["-m", "arn:aws:rekognition:eu-west-1:1:project/x"]) }
        #expect(throws: UsageError.self) { try options([], environment: ["REKFILTER_MODEL": "nope"]) }
    }

    @Test func negativeNumbersReachTheRangeCheckNotTheParser() {
        #expect(refusal(["--min-confidence", "-1"])?.contains("Missing value") == false)
        #expect(refusal(["--max-results", "-1"])?.contains("must be from 0") == true)
    }

    @Test func labelsAreTheUnionOfEveryUse() throws {
        let o = try options(["--labels", "a, b", "--labels", "c", "--labels", "a,"])
        #expect(o.output.labels == ["a", "b", "c"])
    }

    @Test func outputExtensionPicksTheFormat() throws {
        #expect(try options(["-o", "out.JPG"]).output.format.name == "jpeg")
        #expect(try options(["-o", "d.jsonl"]).output.format.name == "json")
        #expect(try options(["-o", "noextension"]).output.format.name == "png")
        #expect(try options(["-o", ".hidden"]).output.format.name == "png")
        #expect(try options(["-o", "out.txt", "-f", "csv"]).output.format.name == "csv")
        #expect(try options(["-o", "-"]).output.format.name == "png")
    }

    @Test func streamFlagsWithStream() throws {
        let o = try options(["--stream", "-j", "8", "--every", "3", "--on-error", "skip", "-f", "mjpeg"])
        #expect(o.stream.enabled && o.stream.concurrency == 8 && o.stream.every == 3 && o.stream.onError == .skip)
        #expect(o.output.format.name == "jpeg")
    }

    @Test func boundsAreInclusive() throws {
        let o = try options([
            "--timeout", "86400", "--connect-timeout", "0.5", "--max-attempts", "100", "--quality", "100",
            "--max-pixels", "4294967296", "--max-input-bytes", "1099511627776", "--min-confidence", "0",
        ])
        #expect(o.service.timeout == 86400 && o.service.maxAttempts == 100 && o.limits.maxPixels == 1 << 32)
    }

    @Test func manifestNamesThePicture() throws {
        let given = try options(["-f", "manifest", "--source-ref", "s3://b/p.jpg", "--manifest-attribute", "pre-labels"])
        #expect(
            given.output.formatOptions.manifest.sourceRef == "s3://b/p.jpg" && given.output.formatOptions.manifest.attribute == "pre-labels"
        )
        let sent = try options(["-f", "manifest", "--s3", "s3://b/sent.jpg"])
        #expect(sent.output.formatOptions.manifest.sourceRef == "s3://b/sent.jpg")
        #expect(sent.output.formatOptions.manifest.attribute == "bounding-box")
    }

    @Test func versionTakesNoOtherArguments() {
        #expect(Rekfilter.main(["--version", "--bogus"]) == ExitStatus.usage)
    }
}
