import ArgumentParser
import Foundation
import Testing
@testable import KBCommands
@testable import KBCore

// MARK: - Fixtures

private struct Folder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-cli-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func write(_ relative: String, _ data: Data) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

private func note(_ title: String, _ claim: String) -> Data {
    Data("""
        ---
        title: \(title)
        videoId: vid\(title.prefix(8))
        ---

        From: [[somechan]] <br/>

        \(claim) <a class="yt-timestamp" data-t="00:14:23">[00:14:23]</a>. See [[nowhere_note]] too.

        """.utf8)
}

/// Two good notes under `notes/`.
private func fixture() throws -> Folder {
    let folder = try Folder()
    try folder.write("notes/first.md", note("Lighthouses", "Lighthouses guided ships"))
    try folder.write("notes/second.md", note("Harbors", "Harbors sheltered boats"))
    return folder
}

/// Runs kb in this process; returns its exit code.
private func runInProcess(_ arguments: [String]) -> Int32 {
    do {
        var command = try KB.parseAsRoot(arguments)
        try command.run()
        return 0
    } catch {
        return KB.exitCode(for: error).rawValue
    }
}

// MARK: - The built binary, for output

/// The `kb` that `swift test` built beside this test runner, else one in the usual build folders.
private let kbBinary: String = {
    let runnerFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [runnerFolder.appendingPathComponent("kb"),
                      runnerFolder.deletingLastPathComponent().appendingPathComponent("kb"),
                      repo.appendingPathComponent(".build/debug/kb"),
                      repo.appendingPathComponent(".build-tests/debug/kb")]
    return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2].path
}()

private var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: kbBinary) }

private struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

private func runBinary(_ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kbBinary)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus,
               stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

// MARK: - Tests

@Test func rootCommandHasName() {
    #expect(KB.configuration.commandName == "kb")
}

@Test(.enabled(if: binaryExists, "build kb first: swift build"))
func indexJSONHasEveryKey() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let db = folder.path("kb.sqlite")
    let run = try runBinary(["index", folder.path("notes"), "--db", db, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try json(run.stdout)
    let required: Set<String> = ["indexed", "unchanged", "removed", "failed", "claims", "timestamps",
                                 "unreadable_timestamps", "links", "unresolved_links", "warnings", "errors", "seconds"]
    let keys = Set(object.keys)
    #expect(required.subtracting(keys).isEmpty, "missing: \(required.subtracting(keys).sorted())")
    #expect(keys.subtracting(required) == ["notes"], "extra keys: \(keys.subtracting(required).sorted())")
    #expect(object["indexed"] as? Int == 2)
    #expect(object["unchanged"] as? Int == 0)
    #expect(object["removed"] as? Int == 0)
    #expect(object["failed"] as? Int == 0)
    #expect(object["claims"] as? Int == 4)
    #expect(object["timestamps"] as? Int == 2)
    #expect(object["unreadable_timestamps"] as? Int == 0)
    #expect(object["links"] as? Int == 4)
    #expect(object["unresolved_links"] as? Int == 4)
    #expect((object["errors"] as? [Any])?.isEmpty == true)
    #expect(object["warnings"] is [Any])
    #expect(object["seconds"] is NSNumber)

    let again = try json(try runBinary(["index", folder.path("notes"), "--db", db, "--format", "json"]).stdout)
    #expect(again["indexed"] as? Int == 0)
    #expect(again["unchanged"] as? Int == 2)
}

@Test(.enabled(if: binaryExists, "build kb first: swift build"))
func indexTextOutput() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let run = try runBinary(["index", folder.path("notes"), "--db", folder.path("kb.sqlite")])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "notes: 2 indexed, 0 unchanged, 0 removed, 0 failed")
    #expect(lines.dropFirst().first == "index: 2 notes, 4 claims, 2 timestamps (0 unreadable), 4 links (4 unresolved)")
}

@Test(.enabled(if: binaryExists, "build kb first: swift build"))
func exitCodesOfTheBinary() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let db = folder.path("kb.sqlite")
    #expect(try runBinary(["index", folder.path("notes"), "--db", db, "-q"]).status == 0)

    let search = try runBinary(["search", "lighthouses", "--db", db, "--format", "json"])
    #expect(search.status == 0)
    let hits = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
    // Both claims of the note titled "Lighthouses" match (titles are searched too), the one saying it first.
    #expect(hits.map { $0["note"] as? String } == ["first.md", "first.md"])
    #expect(hits.first?["text"] as? String == "Lighthouses guided ships.")
    #expect((hits.first?["snippet"] as? String)?.contains("**Lighthouses**") == true)
    let stamps = hits.first?["timestamps"] as? [[String: Any]]
    #expect(stamps?.first?["url"] as? String == "https://www.youtube.com/watch?v=vidLighthou&t=863s")

    let bad = try runBinary(["search", "\"unclosed", "--db", db])
    #expect(bad.status == 64)
    #expect(bad.stderr.hasPrefix("kb: "))
    #expect(bad.stdout.isEmpty)

    #expect(try runBinary(["search", "x", "--limit", "0", "--db", db]).status == 64)
    #expect(try runBinary(["index", "--no-such-flag"]).status == 64)
    #expect(try runBinary(["jump", "nothing_here@1:00", "--db", db]).status == 64)
    #expect(try runBinary(["search", "x", "--db", folder.path("missing.sqlite")]).status == 1)

    try folder.write("notes/broken.md", Data([0x61, 0xFF, 0x0A]))
    let failed = try runBinary(["index", folder.path("notes"), "--db", db, "--format", "json"])
    #expect(failed.status == 1)
    let report = try json(failed.stdout)
    #expect(report["failed"] as? Int == 1)
    let errors = try #require(report["errors"] as? [[String: Any]])
    #expect(errors.first?["file"] as? String == "broken.md")
    #expect(errors.first?["line"] as? Int == 1)
}

@Test func exitCodesInProcess() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let db = folder.path("kb.sqlite")
    #expect(runInProcess(["index", folder.path("notes"), "--db", db, "-q"]) == 0)
    #expect(runInProcess(["search", "\"unclosed", "--db", db]) == 64)
    #expect(runInProcess(["jump", "@1:00", "--db", db]) == 64)
    #expect(runInProcess(["index", "--bogus"]) == 64)
    try folder.write("notes/broken.md", Data([0x61, 0xFF, 0x0A]))
    #expect(runInProcess(["index", folder.path("notes"), "--db", db, "-q"]) == 1)
}

@Test func rebuildStartsFromAnEmptyIndex() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let db = folder.path("kb.sqlite")
    #expect(runInProcess(["index", folder.path("notes"), "--db", db, "-q"]) == 0)
    func markers() throws -> Int64? {
        try Store(path: db).db.scalarInt("SELECT count(*) FROM warnings WHERE message = 'test marker'")
    }
    try Store(path: db).db.run("INSERT INTO warnings(note, line, message) VALUES (1, 1, 'test marker')")
    #expect(try markers() == 1)
    #expect(runInProcess(["index", folder.path("notes"), "--db", db, "-q"]) == 0)
    #expect(try markers() == 1, "a plain run keeps rows of unchanged notes")
    #expect(runInProcess(["index", folder.path("notes"), "--db", db, "-q", "--rebuild"]) == 0)
    #expect(try markers() == 0)
    let store = try Store(path: db)
    #expect(try store.totals().notes == 2)
    #expect(try store.totals().claims == 4)
}
