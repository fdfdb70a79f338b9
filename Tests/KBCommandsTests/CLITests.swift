import ArgumentParser
import Foundation
import Testing
@testable import KBCommands
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex
@testable import KBAnswers

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

// MARK: - The built binary, for output

private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

// MARK: - Tests

@Test func rootCommandHasName() {
    #expect(KB.configuration.commandName == "kb")
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func indexJSONHasEveryKey() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let db = folder.path("kb.sqlite")
    let run = try runKB(["index", folder.path("notes"), "--db", db, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try json(run.stdout)
    let required: Set<String> = ["indexed", "unchanged", "removed", "failed", "claims", "timestamps",
                                 "unreadable_timestamps", "links", "unresolved_links", "warnings", "errors", "seconds"]
    let keys = Set(object.keys)
    #expect(required.subtracting(keys).isEmpty, "missing: \(required.subtracting(keys).sorted())")
    #expect(keys.subtracting(required) == ["notes", "transcripts_indexed", "transcripts", "passages"],
            "extra keys: \(keys.subtracting(required).sorted())")
    #expect(object["transcripts"] as? Int == 0)
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

    let again = try json(try runKB(["index", folder.path("notes"), "--db", db, "--format", "json"]).stdout)
    #expect(again["indexed"] as? Int == 0)
    #expect(again["unchanged"] as? Int == 2)
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func indexTextOutput() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let run = try runKB(["index", folder.path("notes"), "--db", folder.path("kb.sqlite")])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "files: 2 indexed, 0 unchanged, 0 removed, 0 failed")
    #expect(lines.dropFirst().first == "index: 2 notes, 4 claims, 2 timestamps (0 unreadable), 4 links (4 unresolved)")
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func exitCodesOfTheBinary() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let db = folder.path("kb.sqlite")
    #expect(try runKB(["index", folder.path("notes"), "--db", db, "-q"]).status == 0)

    let search = try runKB(["search", "lighthouses", "--db", db, "--format", "json"])
    #expect(search.status == 0)
    let hits = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
    // Both claims of the note titled "Lighthouses" match (titles are searched too), the one saying it first.
    #expect(hits.map { $0["note"] as? String } == ["first.md", "first.md"])
    #expect(hits.first?["text"] as? String == "Lighthouses guided ships.")
    #expect((hits.first?["snippet"] as? String)?.contains("**Lighthouses**") == true)
    let stamps = hits.first?["timestamps"] as? [[String: Any]]
    #expect(stamps?.first?["url"] as? String == "https://www.youtube.com/watch?v=vidLighthou&t=863s")

    let bad = try runKB(["search", "\"unclosed", "--db", db])
    #expect(bad.status == 64)
    #expect(bad.stderr.hasPrefix("kb: "))
    #expect(bad.stdout.isEmpty)

    // What argument-parsing refuses is one line with the same prefix as kb's own errors.
    let zero = try runKB(["search", "x", "--limit", "0", "--db", db])
    #expect(zero.status == 64)
    #expect(zero.stderr == "kb: --limit must be at least 1 (kb help search)\n")
    let unknown = try runKB(["index", "--no-such-flag"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr == "kb: Unknown option '--no-such-flag' (kb help index)\n")
    #expect(try runKB(["search", "--help"]).stdout.contains("USAGE: kb search"))
    #expect(try runKB(["jump", "nothing_here@1:00", "--db", db]).status == 64)
    #expect(try runKB(["search", "x", "--db", folder.path("missing.sqlite")]).status == 1)

    try folder.write("notes/broken.md", Data([0x61, 0xFF, 0x0A]))
    let failed = try runKB(["index", folder.path("notes"), "--db", db, "--format", "json"])
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
    #expect(inProcessExitCode(["index", folder.path("notes"), "--db", db, "-q"]) == 0)
    #expect(inProcessExitCode(["search", "\"unclosed", "--db", db]) == 64)
    #expect(inProcessExitCode(["jump", "@1:00", "--db", db]) == 64)
    #expect(inProcessExitCode(["index", "--bogus"]) == 64)
    try folder.write("notes/broken.md", Data([0x61, 0xFF, 0x0A]))
    #expect(inProcessExitCode(["index", folder.path("notes"), "--db", db, "-q"]) == 1)
}

@Test func rebuildStartsFromAnEmptyIndex() throws {
    let folder = try fixture()
    defer { folder.cleanup() }
    let db = folder.path("kb.sqlite")
    #expect(inProcessExitCode(["index", folder.path("notes"), "--db", db, "-q"]) == 0)
    func markers() throws -> Int64? {
        try Store(path: db).db.scalarInt("SELECT count(*) FROM warnings WHERE message = 'test marker'")
    }
    try Store(path: db).db.run("INSERT INTO warnings(note, line, message) VALUES (1, 1, 'test marker')")
    #expect(try markers() == 1)
    #expect(inProcessExitCode(["index", folder.path("notes"), "--db", db, "-q"]) == 0)
    #expect(try markers() == 1, "a plain run keeps rows of unchanged notes")
    #expect(inProcessExitCode(["index", folder.path("notes"), "--db", db, "-q", "--rebuild"]) == 0)
    #expect(try markers() == 0)
    let store = try Store(path: db)
    #expect(try store.totals().notes == 2)
    #expect(try store.totals().claims == 4)
}

@Test func highlightMarksMatchesAndJoinsAdjacentOnes() {
    let (s, e) = (Search.highlightStart, Search.highlightEnd)
    #expect(Highlight.render("the \(s)three\(e) \(s)gorges\(e) dam", bold: false) == "the **three gorges** dam")
    #expect(Highlight.render("\(s)Café\(e) near \(s)dam\(e)", bold: true) == "\u{1B}[1mCafé\u{1B}[0m near \u{1B}[1mdam\u{1B}[0m")
    #expect(Highlight.render("no match, ümlaut 🙂", bold: false) == "no match, ümlaut 🙂")
    #expect(Highlight.render("ends \(s)here\(e) ", bold: false) == "ends **here** ")
    #expect(Highlight.render("\(s)a\(e) \(s)b\(e) \(s)c\(e)", bold: false) == "**a b c**")
    #expect(Highlight.render("", bold: false) == "")
}
