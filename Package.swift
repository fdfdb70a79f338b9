// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kb",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
        .library(name: "KBCore", targets: ["KBCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
        // All the work: read → parse → extract → store → query → render.
        .target(
            name: "KBCore",
            dependencies: ["CCmark", "CSQLite", .product(name: "Yams", package: "Yams")]
        ),
        // Argument parsing and output formatting only.
        .target(
            name: "KBCommands",
            dependencies: ["KBCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "kb",
            dependencies: ["KBCommands"],
            // Position-dependent on Linux: a PIE start applies ~80,000 relocations to the
            // statically linked runtime and Foundation, about 1 ms of every command.
            linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(name: "KBCoreTests", dependencies: ["KBCore"]),
        .testTarget(name: "KBCommandsTests", dependencies: ["KBCommands", "KBCore"]),
    ]
)
