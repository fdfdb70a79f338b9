// swift-tools-version:6.0
import PackageDescription

// The pipeline is the target graph. Each layer depends only on the layers below it, so the
// compiler enforces what docs/architecture.md draws:
//
//   KBModel → KBMarkdown → KBExtract → KBTranscripts → KBStore → KBQuery → KBRender → KBIndex → KBAnswers → KBCommands → kb
//                                                                                                     KBAnswers → KBMCP → kb-mcp
//
// kb-mcp is the MCP server `kb mcp` runs; KBMCP is the only importer of the MCP SDK.
//
// KBMarkdown is the only importer of CCmark, KBStore the only importer of CSQLite (all SQL).
// Tests/KBTests/LayerTests.swift fails when a source file imports a layer above its own.
let package = Package(
    name: "kb",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
        // `kb mcp` runs it: the MCP server, a program of its own so that kb does not link the
        // SDK (whose FoundationNetworking brings libcurl and ~30 shared libraries, which
        // doubled the start of every kb command).
        .executable(name: "kb-mcp", targets: ["kb-mcp"]),
        // For the fuzzing package (Fuzz/): the reader and the extractor.
        .library(name: "KBExtract", targets: ["KBModel", "KBMarkdown", "KBExtract"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        // The SDK's own logging package: its Transport protocol names swift-log's Logger.
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // Plain values: notes, claims, moments, links, figures, diagnostics, errors.
        .target(name: "KBModel"),
        // The C boundary to libcmark: markdown in, Swift values out (and HTML for reports).
        .target(name: "KBMarkdown", dependencies: ["KBModel", "CCmark"]),
        // Files to notes: walk folders, read and check text, frontmatter; claims, citations,
        // links, figures and speakers from the parsed markdown.
        .target(name: "KBExtract", dependencies: ["KBModel", "KBMarkdown", .product(name: "Yams", package: "Yams")]),
        // Transcripts to passages: SubRip, WebVTT, speaker turns, Whisper JSON (docs/transcripts.md).
        .target(name: "KBTranscripts", dependencies: ["KBModel", "KBExtract"]),
        // The one SQLite file: schema, writes, link resolution and every query's SQL.
        // Claims against transcripts: where each cited claim is said, and the verdict (docs/verify.md).
        .target(name: "KBAlign", dependencies: ["KBModel"]),
        .target(name: "KBStore", dependencies: ["KBModel", "KBExtract", "KBTranscripts", "KBAlign", "CSQLite"]),
        // What users ask: search, jump, figures, speakers, over the store.
        .target(name: "KBQuery", dependencies: ["KBModel", "KBExtract", "KBAlign", "KBStore"]),
        // Reports and the static site, markdown and HTML.
        .target(name: "KBRender", dependencies: ["KBModel", "KBMarkdown", "KBExtract", "KBStore", "KBQuery"]),
        // The incremental pipeline that drives the layers; corpus lint; scoring against gold sets.
        .target(name: "KBIndex", dependencies: ["KBModel", "KBExtract", "KBTranscripts", "KBAlign", "KBStore", "KBQuery"]),
        // The answers as kb shows them, for the command line and the MCP server alike: each
        // command's JSON shape and text rendering, requests from what was typed, report pages.
        .target(name: "KBAnswers", dependencies: ["KBModel", "KBAlign", "KBStore", "KBQuery", "KBRender"]),
        // `kb mcp`: the index as a Model Context Protocol server over stdio (the only user of the SDK).
        .target(name: "KBMCP", dependencies: ["KBModel", "KBStore", "KBQuery", "KBRender", "KBAnswers",
                                              .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log")]),
        // Argument parsing and output formatting only.
        .target(
            name: "KBCommands",
            dependencies: ["KBModel", "KBExtract", "KBAlign", "KBStore", "KBQuery", "KBRender", "KBIndex", "KBAnswers",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "kb",
            dependencies: ["KBCommands"],
            // Release builds on Linux are one static executable, position-dependent like every
            // static executable: no dynamic loader resolving libsqlite3, libcmark, libstdc++ and
            // libc symbols, and no PIE relocations of the linked-in runtime and Foundation
            // (~80,000). Each command starts about 2 ms sooner (docs/performance.md, "`--said`
            // within 2×"). kb-mcp stays dynamic against libcurl.
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))]
        ),
        // The MCP server's program (`kb mcp` executes it, from beside the kb binary).
        .executableTarget(name: "kb-mcp", dependencies: ["KBMCP"], path: "Sources/kb-mcp"),
        // Helpers shared by the two test targets (the site link checker).
        .target(name: "KBTestSupport", dependencies: ["KBRender"], path: "Tests/KBTestSupport"),
        .testTarget(name: "KBTests", dependencies: ["KBTestSupport", "KBModel", "KBMarkdown", "KBExtract", "KBTranscripts", "KBAlign", "KBStore", "KBQuery", "KBRender", "KBIndex"]),
        .testTarget(name: "KBCommandsTests", dependencies: ["KBTestSupport", "KBCommands", "KBModel", "KBExtract", "KBStore", "KBQuery", "KBRender", "KBIndex",
                                                        "KBAnswers", "KBMCP", .product(name: "MCP", package: "swift-sdk")]),
    ]
)
