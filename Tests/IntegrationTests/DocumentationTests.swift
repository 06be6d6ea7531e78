import Foundation
import TestSupport
import Testing

/// The user documentation stands alone: every link in it resolves inside the repository, and
/// the command-line reference is what the binary's own help says.
@Suite struct DocumentationTests {
    static let root = TestData.projectRoot

    /// What would point outside the repository: the team's contract file and the folder beside
    /// the checkout it lives in. Spelt in pieces, so that this check is not itself a reference.
    static let outsideMarkers = ["SPEC" + ".md", "SPEC" + " §", ".." + "/shared", "shared/" + "testdata"]

    static func pointsOutside(_ text: String) -> Bool { outsideMarkers.contains { text.contains($0) } }

    static var documents: [URL] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md", "CHANGELOG.md", "examples/README.md"].map { root.appendingPathComponent($0) }
            + docs.filter { $0.hasSuffix(".md") }.map { root.appendingPathComponent("docs/\($0)") }
    }

    /// Sources, tests and scripts cite the README and docs/, never a file outside the repository.
    @Test func nothingCitesAFileOutsideTheRepository() throws {
        var outside: [String] = []
        for folder in ["Sources", "Tests", "scripts", "plugins", "examples", "bench"] {
            let base = Self.root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let path as String in walker where !path.hasPrefix("Data/") && !path.hasPrefix("FuzzRegressions/") {
                guard let text = try? String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                else { continue }
                if Self.pointsOutside(text) {
                    outside.append("\(folder)/\(path)")
                }
            }
        }
        #expect(outside.isEmpty, "\(outside)")
    }

    @Test func everyLinkStaysInsideTheRepository() throws {
        #expect(Self.documents.count >= 6)
        var broken: [String] = []
        for document in Self.documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            if Self.pointsOutside(text) { broken.append("\(document.lastPathComponent) points outside") }
            // Markdown links: ](target)
            var rest = Substring(text)
            while let open = rest.range(of: "](") {
                rest = rest[open.upperBound...]
                guard let close = rest.firstIndex(of: ")") else { break }
                let target = String(rest[..<close]).split(separator: "#").first.map(String.init) ?? ""
                rest = rest[close...]
                if target.isEmpty || target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") { continue }
                let resolved = document.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL.path
                if !resolved.hasPrefix(Self.root.standardizedFileURL.path + "/") || !FileManager.default.fileExists(atPath: resolved) {
                    broken.append("\(document.lastPathComponent): \(target)")
                }
            }
        }
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test func theCommandLineReferenceIsTheBinarysHelp() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [Self.root.appendingPathComponent("scripts/command-line-doc.sh").path, Binary.path]
        p.currentDirectoryURL = Self.root
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let generated = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let checkedIn = try String(contentsOf: Self.root.appendingPathComponent("docs/command-line.md"), encoding: .utf8)
        #expect(p.terminationStatus == 0 && generated == checkedIn, "run scripts/command-line-doc.sh > docs/command-line.md")
    }
}

/// The shell completions come from the one command tree: they know `model` and its
/// subcommands, and complete `-f` and `--detect` with the names a run would accept.
@Suite struct CompletionTests {
    @Test func completionsKnowEveryCommandAndTheFormatNames() throws {
        let bash = try Command.run([Binary.path, "--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        for word in [
            "model", "batch", "eval", "--shards", "start", "stop", "status", "run", "---completion -- --format",
            "---completion -- --detect",
        ] {
            #expect(bash.stdout.contains(word), "the bash completion lacks \(word)")
        }
        let formats = try Command.run([Binary.path, "---completion", "--", "--format", "1", "0"])
        #expect(formats.stdout.split(separator: "\n").starts(with: ["png", "jpeg", "jpg"]))
        #expect(formats.stdout.contains("coco\n") && formats.stdout.contains("manifest\n"))
        let detectors = try Command.run([Binary.path, "---completion", "--", "--detect", "1", "0"])
        #expect(detectors.stdout.contains("custom-labels\n") && detectors.stdout.contains("ppe\n"))
    }

    /// `rekfilter help model` and `rekfilter model --help` print the model's help and succeed.
    @Test func helpForEveryCommand() throws {
        for arguments in [["help", "model"], ["model", "--help"], ["model", "start", "--help"], ["help", "model", "run"]] {
            let result = try Command.run([Binary.path] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("USAGE: rekfilter model"), "\(arguments)")
        }
        let run = try Command.run([Binary.path, "model", "run", "--help"])
        #expect(!run.stdout.contains("--format"), "run prints nothing of its own on stdout: no -f")
    }
}
