// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rekfilter",
    products: [
        .executable(name: "rekfilter", targets: ["rekfilter"]),
        .library(name: "RekFilter", targets: ["RekFilter"]),
        .library(name: "RekFilterPluginKit", targets: ["RekFilterPluginKit"]),
        .executable(name: "rekfilter-format-yolo", targets: ["rekfilter-format-yolo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        /// The executable: one call into RekFilterCLI.
        .executableTarget(
            name: "rekfilter",
            dependencies: ["RekFilterCLI"]
        ),
        /// The command line: flags → Options → pipeline, and the one place errors become exit
        /// codes. A library, so that parsing is tested in process and fuzzed.
        .target(
            name: "RekFilterCLI",
            dependencies: [
                "RekFilter", "AWSCore", "Basics", "CSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// Everything rekfilter does with pictures, split by concern into folders.
        .target(
            name: "RekFilter",
            dependencies: ["Basics", "AWSCore", "CImaging", "CFreeType", "CSystem", "RekFilterPluginKit"]
        ),
        /// The AWS client, knowing nothing of pictures: configuration, credentials, endpoints,
        /// SigV4, the HTTP transport, retry policies and the one `AWSClient.send` every call
        /// goes through (Rekognition, STS, IAM Identity Center, S3).
        .target(
            name: "AWSCore",
            dependencies: ["Basics", "CCurl", "CDigest"]
        ),
        /// SHA-256, SHA-1 and HMAC over the system's libcrypto (OpenSSL), which libcurl loads
        /// anyway: no second crypto library compiled in (and none compiled by every build).
        .target(
            name: "CDigest",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        /// What every layer stands on: locks and threads, one child-process type, syscalls
        /// retried on EINTR once, files, clocks.
        .target(
            name: "Basics",
            dependencies: ["CSystem"]
        ),
        /// Tiny C shims over libjpeg-turbo and libpng: they own the setjmp/longjmp error paths
        /// so that a corrupt file becomes an error value, never a jump through Swift frames.
        .target(
            name: "CImaging",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("z")]
        ),
        /// For plugins written in Swift: the protocol's messages and payloads, read and answered.
        .target(name: "RekFilterPluginKit"),
        /// The shipped YOLO format plugin, written on RekFilterPluginKit.
        .executableTarget(
            name: "rekfilter-format-yolo",
            dependencies: ["RekFilterPluginKit"],
            path: "plugins/yolo"
        ),
        /// What each fuzz target does with an input: used by the fuzzer and the regression tests.
        .target(
            name: "FuzzHarness",
            dependencies: ["RekFilter", "AWSCore", "Basics", "RekFilterCLI"]
        ),
        /// Times the imaging layer alone for `make bench` (not installed).
        .executableTarget(
            name: "imaging-bench",
            dependencies: ["RekFilter", "Basics"]
        ),
        /// What must be C: async-signal-safe signal handlers, and the AVX2 base64 encoder
        /// (intrinsics) that writes request bodies.
        .target(name: "CSystem"),
        /// FreeType 2, for anti-aliased label text.
        .systemLibrary(
            name: "CFreeType",
            pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]
        ),
        /// libcurl's variadic curl_easy_setopt, wrapped in typed C functions Swift can call.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        /// Shared by the tests: test data paths, the binary runner, the local servers.
        .target(
            name: "TestSupport",
            dependencies: ["RekFilter", "AWSCore", "Basics"],
            path: "Tests/TestSupport"
        ),
        /// Fast unit tests: in process, no other process, no server, no network (`make check`).
        .testTarget(
            name: "RekFilterTests",
            dependencies: ["RekFilter", "RekFilterCLI", "TestSupport", "FuzzHarness"]
        ),
        /// AWSCore's unit tests (fast, in process, part of `make check`): signing against the
        /// SigV4 suites, settings, endpoints, retry policies.
        .testTarget(
            name: "AWSCoreTests",
            dependencies: ["AWSCore", "TestSupport"]
        ),
        /// The library in process against local servers (the stub, moto) and reference
        /// implementations (botocore, Pillow), and the documentation against the binary.
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["RekFilter", "AWSCore", "Basics", "RekFilterCLI", "TestSupport"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["RekFilter", "AWSCore", "Basics", "TestSupport"]
        ),
    ]
)

// The libFuzzer binary exists only when scripts/fuzz.sh builds it (with -sanitize=fuzzer), since
// libFuzzer supplies its main().
if Context.environment["REKFILTER_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "rekfilter-fuzz",
            dependencies: ["FuzzHarness"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ))
}
