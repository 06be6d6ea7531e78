import ArgumentParser
import Foundation
import Testing

@testable import RekFilter
@testable import RekFilterCLI

/// The option table the `cli` fuzz target builds commands with knows every name `--help` shows,
/// and sets what ArgumentParser sets: each command line below, taken both ways, ends in the same
/// configuration or the same refusal.
@Suite struct OptionTableTests {
    static let arn = CommandLineTests.arn
    static let table = OptionTable()

    /// What a command line comes to: the run it configures, a refusal, or (through the table) a
    /// stop before any check: an unknown name, a value missing or not converting.
    enum Outcome {
        case accepted(Configuration, dryRun: Bool, listFormats: Bool, listDetectors: Bool)
        case refused(any Error)
        case stoppedBeforeChecks
    }

    static func outcome(_ command: RekfilterCommand, validate: Bool) -> Outcome {
        do {
            if validate { try command.validateAsParsed() }
            let configuration = try command.configuration(environment: [:])
            return .accepted(
                configuration, dryRun: command.dryRun, listFormats: command.listFormats, listDetectors: command.listDetectors)
        } catch {
            return .refused(error)
        }
    }

    /// The check's own words: what ArgumentParser wraps a `validate()` refusal in is looked
    /// through (its message for the user takes tens of milliseconds in a debug build, which
    /// checks the whole command's declarations each time it makes one).
    static func cause(_ error: any Error) -> String {
        if let refusal = error as? ValidationError { return refusal.message }
        if let wrapped = Mirror(reflecting: error).descendant("parserError", "userValidationError") as? any Error {
            return cause(wrapped)
        }
        return Rekfilter.usageMessage(for: error)
    }

    /// The defaults, parsed once.
    static let defaults = try! RekfilterCommand.parse([])

    enum Verdict { case accepted, refused, differ }

    /// Both ways, with the same result; which.
    @discardableResult
    static func expectSame(_ arguments: [String], defaults: RekfilterCommand) -> Verdict {
        let parsed: Outcome
        do {
            parsed = outcome(try RekfilterCommand.parse(arguments), validate: false)
        } catch {
            parsed = .refused(error)
        }
        let tabled = table.command(arguments, template: defaults).map { outcome($0, validate: true) } ?? .stoppedBeforeChecks
        switch (tabled, parsed) {
        case (.stoppedBeforeChecks, .refused):
            return .refused  // ArgumentParser stops too, with its own message
        case (.refused(let a), .refused(let b)):
            #expect(cause(a) == cause(b), "\(arguments)")
            return .refused
        case (.accepted(let a, let a1, let a2, let a3), .accepted(let b, let b1, let b2, let b3)):
            #expect(a == b && a1 == b1 && a2 == b2 && a3 == b3, "\(arguments)")
            return .accepted
        default:
            Issue.record("\(arguments): the table \(tabled), ArgumentParser \(parsed)")
            return .differ
        }
    }

    @Test func everyNameHelpShowsIsInTheTable() throws {
        struct Dump: Decodable {
            struct Command: Decodable { let arguments: [Argument] }
            struct Argument: Decodable {
                struct Name: Decodable {
                    let kind: String
                    let name: String
                }
                let names: [Name]?
            }
            let command: Command
        }
        let dump = try JSONDecoder().decode(Dump.self, from: Data(RekfilterCommand._dumpHelp().utf8))
        let names: [Dump.Argument.Name] = dump.command.arguments.flatMap { $0.names ?? [] }
        let shown = Set(names.map { (name: Dump.Argument.Name) -> String in (name.kind == "short" ? "-" : "--") + name.name })
        // ArgumentParser answers these two itself, before any of rekfilter's checks.
        #expect(Self.table.names == shown.subtracting(["--help", "-h", "--version"]))
        #expect(Self.table.names.count > 50)
    }

    /// Command lines accepted, which between them set every option and flag.
    static let acceptedLines: [[String]] = [
        [],
        ["-m", arn, "-f", "coco", "-O", "a=b", "--stream", "-j", "2"],
        ["--project-version-arn", arn, "--labels", "a, b", "--labels", "c", "--labels", "a,"],
        ["--stream", "--concurrency", "8", "--every", "3", "--on-error", "skip", "-f", "mjpeg"],
        ["--stream", "--track", "--track-buffer", "10", "--progress", "-f", "json"],
        ["--stream", "--no-progress", "--image-name", "f%06d.jpg", "-f", "coco"],
        ["--quality=80", "--region=eu-west-1", "--format=jpeg"],
        ["--timeout", "86400", "--connect-timeout", "0.5", "--max-attempts", "100", "--profile", "p", "--endpoint-url", "http://h:1"],
        ["--max-pixels", "4294967296", "--max-input-bytes", "1099511627776", "--min-confidence", "0", "--max-results", "3"],
        ["-f", "manifest", "--source-ref", "s3://b/p.jpg", "--manifest-attribute", "pre-labels"],
        ["-f", "manifest", "--s3", "s3://b/sent.jpg", "--s3-version", "7"],
        ["--detect", "text", "--text-level", "word", "--region", "us-east-1"],
        ["--detect", "faces", "--attributes", "ALL"], ["--detect", "ppe", "--required-equipment", "FACE_COVER,HAND_COVER"],
        ["--redact", "blur", "--boxes", "--redact-labels", "face"], ["--redact", "pixelate", "-f", "jpeg"],
        ["--tile", "512", "--tile-overlap", "0.3", "--merge-iou", "0.6", "-j", "4"], ["--tile", "600x400"],
        ["-f", "crops", "--crop-padding", "0.2"], ["-f", "svg", "--svg-embed"], ["-e", "--quiet"], ["--exit-status", "-q"],
        ["-v"], ["--verbose"], ["--fips", "--dualstack", "--no-cache"], ["--cache", "/tmp/answers"],
        ["--dry-run"], ["--list-formats"], ["--list-detectors"], ["--detections", "saved.json"],
        ["--png-compression", "small", "--font", "/no/such.ttf", "--thresholds", "model"],
        ["--classes", "a,b", "--format", "coco", "--image-name", "x.jpg"], ["-o", "out.jpg", "--quality", "55"],
        ["--output", "out.png", "--plugin-option", "k=v", "--model", arn],
    ]

    /// Command lines refused: CommandLineTests' refusals, and some ArgumentParser stops first.
    static let refusedLines: [[String]] =
        CommandLineTests.refusedCases.map { ["-m", arn] + $0.arguments } + [
            ["--model"], ["--quality", "high"], ["--dry-run=yes"], ["-m", arn, "--", "x"], ["--tile", "x"],
            ["--tile-overlap", "2.5"], ["--merge-iou", "2.5"], ["--track-buffer", "0"], ["--crop-padding", "2.5", "-f", "crops"],
        ]

    @Test func betweenThemTheAcceptedLinesSetEveryOption() {
        for entry in OptionTable.filter {
            #expect(
                Self.acceptedLines.contains { line in
                    line.contains { word in entry.names.contains { word == $0 || word.hasPrefix($0 + "=") } }
                },
                "\(entry.names)")
        }
    }

    /// Cases in parallel: ArgumentParser's debug build parses slowly.
    @Test(arguments: acceptedLines)
    func theTableSetsWhatArgumentParserSets(_ arguments: [String]) {
        #expect(Self.expectSame(arguments, defaults: Self.defaults) == .accepted, "\(arguments)")
    }

    @Test(arguments: refusedLines)
    func theTableRefusesWhatArgumentParserRefuses(_ arguments: [String]) {
        #expect(Self.expectSame(arguments, defaults: Self.defaults) == .refused, "\(arguments)")
    }

    /// The paths in `value` where a property wrapper still holds ArgumentParser's definition
    /// (read, it would trap).
    static func unset(_ value: Any, at path: String = "command") -> [String] {
        Mirror(reflecting: value).children.flatMap { child in
            child.label == "definition" ? [path] : unset(child.value, at: path + "." + (child.label ?? "?"))
        }
    }

    @Test func theDefaultsAreAParseOfNothing() throws {
        let made = OptionTable.defaults()
        try #require(Self.unset(made) == [], "left unset: \(Self.unset(made))")
        #expect(Self.unset(Self.defaults) == [])
        guard case .accepted(let a, let a1, let a2, let a3) = Self.outcome(made, validate: true),
            case .accepted(let b, let b1, let b2, let b3) = Self.outcome(Self.defaults, validate: false)
        else {
            Issue.record("the defaults are refused")
            return
        }
        #expect(a == b && a1 == b1 && a2 == b2 && a3 == b3)
    }

    /// Command lines whose outcome is not the point, only that both ways agree.
    static let edgeLines: [[String]] = [
        ["-o", "-"], ["-o", "-", "-f", "json"], ["--region="], ["--region=-x"], ["--region=x=y"], ["-m="], ["-m", "-"],
        ["--min-confidence", "-1"], ["--quality", "80", "--quality", "90"],
        ["--progress", "--no-progress"], ["--stream", "--stream"], ["-q", "-q"], ["-qv"], ["--labels", "a", "--labels", "b"],
        ["-m", arn, "--help"], ["-m", "help"], ["-f", "--", "json"], ["--", "-m", arn], ["-O", "a=b", "-O", "a=c"],
    ]

    /// The binary's own path for the common command line: where it answers, the run ends as
    /// after ArgumentParser's parse (configured alike, or refused alike when the configuration
    /// is made); a refusal by a check, and anything it is not sure of, it leaves to the parse.
    @Test(arguments: acceptedLines + edgeLines + refusedLines)
    func theQuickPathGivesWhatTheParseGives(_ arguments: [String]) {
        guard let quick = OptionTable.shared.quickCommand(arguments) else {
            #expect(!Self.acceptedLines.contains(arguments), "an accepted line goes the slow way: \(arguments)")
            return
        }
        let parsed: Outcome
        do {
            parsed = Self.outcome(try RekfilterCommand.parse(arguments), validate: false)
        } catch {
            parsed = .refused(error)
        }
        switch (Self.outcome(quick, validate: false), parsed) {
        case (.accepted(let a, let a1, let a2, let a3), .accepted(let b, let b1, let b2, let b3)):
            #expect(a == b && a1 == b1 && a2 == b2 && a3 == b3, "\(arguments)")
        case (.refused(let a), .refused(let b)):
            #expect(Self.cause(a) == Self.cause(b), "\(arguments)")
        case (let a, let b):
            Issue.record("\(arguments): quick \(a), ArgumentParser \(b)")
        }
    }

    @Test func theQuickPathLeavesWhatItCannotBeSureOf() {
        for arguments in [
            ["--min-confidence", "-1"], ["--quality", "80", "--quality", "90"], ["--progress", "--no-progress"], ["-qv"],
            ["-m", "--stream"], ["--", "x"], ["--help"], ["model", "list"], ["--region="], ["--region=-x"],
        ] {
            #expect(OptionTable.shared.quickCommand(arguments) == nil, "\(arguments)")
        }
        #expect(OptionTable.shared.quickCommand(["--labels", "a", "--labels", "b", "-o", "-"])?.output.labels == ["a", "b"])
    }

    @Test func theTableStopsWhereArgumentParserStopsFirst() throws {
        let defaults = Self.defaults
        for arguments in [["--bogus"], ["-m"], ["--quality", "x"], ["--svg-embed=1"], ["--on-error", "retry"], ["photo.jpg"]] {
            #expect(Self.table.command(arguments, template: defaults) == nil, "\(arguments)")
        }
        let set = try #require(Self.table.command(["--labels", "a", "--labels=b", "-j", "3", "--stream"], template: defaults))
        #expect(set.output.labels == ["a", "b"] && set.stream.concurrency == 3 && set.stream.stream)
    }
}
