// swift-tools-version:6.0
// The libFuzzer harness for kb's parser: a separate package so that the
// instrumented build (-sanitize=fuzzer) never touches the main build.
// Build and run with scripts/fuzz.
import PackageDescription

let package = Package(
    name: "kb-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "kb", path: "..")],
    targets: [
        .executableTarget(name: "FuzzExtract", dependencies: [.product(name: "KBExtract", package: "kb")]),
    ]
)
