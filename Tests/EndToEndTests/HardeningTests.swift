import Basics
import Foundation
import RekFilter
import TestSupport
import Testing

/// SECURITY.md under attack and failure: secrets never printed, TLS never silently off, signals
/// never leave half a frame or a half-written file, bounded memory.
@Suite struct HardeningTests {
    static let secret = "SECRETsecretSECRETsecret0123456789abcd"
    static let token = "TOKENtokenTOKENtoken-session-9876543210"
    let image = TestData.path("exif-orientation/Landscape_1.jpg")

    /// Every mode — success, each kind of error, -v, --dry-run, stream — with known fake
    /// credentials: neither key, token nor signature in stdout or stderr.
    @Test(arguments: [
        ["-f", "json", "-v"], ["-f", "png", "-v"], ["-f", "json", "-v", "--max-attempts", "2"], ["--dry-run", "-v"],
    ])
    func secretsNeverPrinted(_ arguments: [String]) throws {
        for scenario in ["ok", "fail=AccessDeniedException:400:9", "fail=ThrottlingException:400:9", "garbage", "drop=9"] {
            let id = LocalServer.testID()
            let env = [
                "AWS_ACCESS_KEY_ID": "ASIAFAKEKEYID", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": Self.token,
                "REKFILTER_BACKOFF_SCALE": "0.01",
            ]
            let result = try Binary.run(
                ["-m", StubEnvironment.model, "--endpoint-url", "\(LocalServer.stub.url)/\(id)/\(scenario)"] + arguments,
                stdinPath: image, environment: env)
            let everything = result.stderr + String(decoding: result.stdout.prefix(1 << 16), as: UTF8.self)
            #expect(!everything.contains(Self.secret) && !everything.contains(Self.token), "\(scenario)")
            #expect(!everything.contains("Signature=") && !everything.contains("AWS4-HMAC-SHA256 Credential"))
            for request in try LocalServer.stub.requests(id) {
                // The stub's own record of the request includes no secret either.
                #expect(!"\(request)".contains(Self.secret))
            }
        }
    }

    @Test func secretsNeverPrintedInAStream() throws {
        let frames = try StreamTests.frames(4)
        let result = try Binary.run(
            [
                "-m", StubEnvironment.model, "--stream", "-f", "json", "-v", "--progress",
                "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/fail=InternalServerError:500:2",
            ],
            stdinPath: frames,
            environment: [
                "AWS_ACCESS_KEY_ID": "ASIAFAKEKEYID", "AWS_SECRET_ACCESS_KEY": Self.secret,
                "AWS_SESSION_TOKEN": Self.token, "REKFILTER_BACKOFF_SCALE": "0.01",
            ])
        #expect(!result.stderr.contains(Self.secret) && !result.stderr.contains(Self.token) && !result.stdoutText.contains(Self.secret))
    }

    @Test func looseCredentialsFileIsWarnedAbout() throws {
        let home = try TestData.scratch()
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        let file = home.appendingPathComponent(".aws/credentials")
        try "[default]\naws_access_key_id = AKIDSTUB\naws_secret_access_key = stub-secret\n".write(
            to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let args = ["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/ok"]
        let loose = try Binary.run(args, stdinPath: image, environment: ["HOME": home.path])
        #expect(loose.status == 0)
        #expect(loose.stderr.contains("readable by others (mode 644); chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let tight = try Binary.run(args, stdinPath: image, environment: ["HOME": home.path])
        #expect(tight.status == 0 && tight.stderr.isEmpty)
    }

    /// A self-signed certificate is refused, naming the problem; trusted through AWS_CA_BUNDLE, it works.
    @Test func tlsIsVerifiedAndCABundleHonoured() throws {
        let (server, certificate) = LocalServer.tlsStub
        let args = ["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "\(server.url)/\(LocalServer.testID())/ok"]
        let refused = try Binary.run(args, stdinPath: image, environment: StubEnvironment.keys)
        #expect(refused.status == 69)
        #expect(refused.stderr.contains("TLS failed") && refused.stderr.contains("certificate"))
        #expect(refused.stderr.contains("AWS_CA_BUNDLE"))
        let trusted = try Binary.run(
            args, stdinPath: image, environment: StubEnvironment.keys.merging(["AWS_CA_BUNDLE": certificate]) { a, _ in a })
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(trusted.stderr.isEmpty)
    }

    @Test func plainHTTPToARemoteHostIsWarnedAbout() throws {
        // ".invalid" never resolves: no traffic leaves the machine.
        let result = try Binary.run(
            ["-m", StubEnvironment.model, "-f", "json", "--endpoint-url", "http://rekognition.example.invalid", "--max-attempts", "1"],
            stdinPath: image, environment: StubEnvironment.keys)
        #expect(result.stderr.contains("warning: plain-http endpoint"))
        #expect(result.status == 69)
    }

    /// SIGINT mid-stream: the frames in flight are finished, every frame written is whole, exit 130.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalMidStreamStopsCleanly(_ signal: Int32, _ expected: Int32) throws {
        let frames = try StreamTests.frames(60)
        let out = try TestData.scratch().appendingPathComponent("out.mjpeg")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let p = Binary.process(
            [
                "-m", StubEnvironment.model, "--stream", "-f", "jpeg", "-j", "2",
                "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/slow=100",
            ],
            stdinPath: frames, environment: StubEnvironment.keys)
        p.standardOutput = try FileHandle(forWritingTo: out)
        let err = Pipe()
        p.standardError = err
        try p.run()
        Thread.sleep(forTimeInterval: 1.0)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        #expect(p.terminationStatus == expected)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("interrupted: stopped after"))
        let written = try StreamTests.frameSizes(out.path)
        #expect(written.count > 0 && written.count < 60)
        // Every frame decodes: none was cut.
        let data = try [UInt8](Data(contentsOf: out))
        var offset = 0
        for size in written {
            _ = try SourceImage(bytes: Array(data[offset..<offset + size])).decode()
            offset += size
        }
        #expect(offset == data.count, "nothing after the last whole frame")
    }

    /// A signal during a single image with -o: no half-written file, no temporary left behind.
    @Test func signalDuringSingleImageLeavesNoFile() throws {
        let folder = try TestData.scratch()
        let p = Binary.process(
            [
                "-m", StubEnvironment.model, "-o", folder.appendingPathComponent("boxed.png").path,
                "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/slow=3000",
            ],
            stdinPath: image, environment: StubEnvironment.keys)
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 1.0)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// `| head -c 100` on a stream: rekfilter stops quietly.
    @Test func streamToAClosedPipeStopsQuietly() throws {
        let frames = try StreamTests.frames(30)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [
            "-c",
            "set -o pipefail; \"$0\" -m \"$1\" --stream -f jpeg --endpoint-url \"$2\" < \"$3\" | head -c 100 > /dev/null; echo \"${PIPESTATUS[0]}\"",
            Binary.path, StubEnvironment.model, "\(LocalServer.stub.url)/\(LocalServer.testID())/ok", frames,
        ]
        p.environment = Binary.cleanEnvironment(StubEnvironment.keys)
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        #expect(
            String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                == "0")
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).isEmpty)
    }

    @Test func streamToAFullDiskIsExit74() throws {
        let frames = try StreamTests.frames(5)
        let p = Binary.process(
            [
                "-m", StubEnvironment.model, "--stream", "-f", "jpeg", "--endpoint-url",
                "\(LocalServer.stub.url)/\(LocalServer.testID())/ok",
            ],
            stdinPath: frames, environment: StubEnvironment.keys)
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 74)
    }

    @Test func readOnlyFolderIsExit74() throws {
        let result = try Binary.run(["--detections", "/dev/null", "-o", "/proc/boxed.png"], stdinPath: image)
        #expect(result.status == 74)
        #expect(result.stderr.contains("cannot write /proc/boxed.png"))
    }

    /// Memory stays flat over a long stream: peak RSS after 1000 frames is close to after 10.
    @Test func streamMemoryIsFlat() throws {
        func peakKB(_ count: Int) throws -> Int {
            let frames = try StreamTests.frames(count, size: "160x120")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
            p.arguments = [
                "-f", "%M", Binary.path, "-m", StubEnvironment.model, "--stream", "-f", "jpeg", "-j", "4",
                "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/ok",
            ]
            p.environment = Binary.cleanEnvironment(StubEnvironment.keys)
            p.standardInput = FileHandle(forReadingAtPath: frames)
            p.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            p.standardError = err
            try p.run()
            p.waitUntilExit()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return Int(text.split(separator: "\n").last ?? "") ?? -1
        }
        let short = try peakKB(10)
        let long = try peakKB(1000)
        #expect(short > 0 && long > 0)
        #expect(long - short < 8 * 1024, "peak RSS \(short) KB after 10 frames, \(long) KB after 1000")
    }
}

/// No file descriptor or thread leaks: counts sampled early and late in a long stream agree.
@Suite struct LeakTests {
    @Test func descriptorsAndThreadsStayConstant() throws {
        let frames = try StreamTests.frames(600, size: "96x64")
        let p = Binary.process(
            [
                "-m", StubEnvironment.model, "--stream", "-f", "jpeg", "-j", "4",
                "--endpoint-url", "\(LocalServer.stub.url)/\(LocalServer.testID())/slow=25",
            ],
            stdinPath: frames, environment: StubEnvironment.keys)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        func sample() -> (fds: Int, threads: Int)? {
            let pid = p.processIdentifier
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count,
                let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }),
                let threads = Int(line.split(separator: "\t").last ?? "")
            else { return nil }
            return (fds, threads)
        }
        // Sampled through the whole stream; the first 40% are warm-up (each worker opens its
        // connection and resolver the first time it is used), the rest must not grow.
        var samples: [(fds: Int, threads: Int)] = []
        while p.isRunning {
            if let s = sample() { samples.append(s) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let settled = samples.dropFirst(samples.count * 2 / 5).dropLast(2)  // the last ones may see the exit
        if settled.count >= 4, let first = settled.first {
            #expect(settled.allSatisfy { $0.fds == first.fds }, "descriptors \(settled.map(\.fds))")
            #expect(settled.allSatisfy { $0.threads == first.threads }, "threads \(settled.map(\.threads))")
        } else {
            Issue.record("the stream ended before enough samples: make it longer")
        }
    }
}
