import Foundation
import Testing
@testable import KBCommands
@testable import KBModel
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// Two notes in a temp folder, indexed; returns the folder and the index.
private func indexedNotes() throws -> (URL, String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-search-cli-\(UUID().uuidString)")
    let notes = folder.appendingPathComponent("notes/chan")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    func write(_ name: String, _ title: String, _ body: String) throws {
        try Data("---\ntitle: \(title)\nvideoId: vid\(title.prefix(8))\n---\n\nFrom: [[chan]] <br/>\n\n\(body)\n".utf8)
            .write(to: notes.appendingPathComponent(name))
    }
    try write("power.md", "Power Plants", """
        Coal power plants burn lignite <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.
        Gas turbines start fast <a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>.
        """)
    try write("grid.md", "Grids", "The power grid links the plants <a class=\"yt-timestamp\" data-t=\"00:03:00\">[00:03:00]</a>.")
    let db = folder.appendingPathComponent("kb.sqlite").path
    #expect(inProcessExitCode(["index", folder.appendingPathComponent("notes").path, "--db", db, "-q"]) == 0)
    return (folder, db)
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func aQueryMayStartWithAMinusAndExcludeWithNot() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    let dash = try runKB(["search", "--db", db, "--", "-grid power"])
    #expect(dash.status == 0, "\(dash.stderr)")
    #expect(dash.stdout.contains("plants burn lignite"))
    #expect(!dash.stdout.contains("grid links"))
    let not = try runKB(["search", "power", "--not", "grid", "--db", db])
    #expect(not.status == 0)
    #expect(not.stdout.contains("plants burn lignite"))
    #expect(!not.stdout.contains("grid links"))
    // Only exclusions: a usage error, one line.
    let only = try runKB(["search", "--db", db, "--", "-grid"])
    #expect(only.status == 64)
    #expect(only.stderr.split(separator: "\n").count == 1)
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func searchSaysOnOneLineWhenItFallsBackOrCannotFindAWord() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    // No claim holds both "lignite" and "turbines": the claims holding one, and one line on stderr.
    let relaxed = try runKB(["search", "why does lignite feed turbines", "--db", db])
    #expect(relaxed.status == 0)
    #expect(relaxed.stdout.contains("lignite"))
    #expect(relaxed.stdout.contains("turbines"))
    #expect(relaxed.stderr == "kb: no claim holds all of lignite, feed, turbines; showing claims that hold most of them\n")
    // A word the index lacks: the nearest spellings it has.
    let typo = try runKB(["search", "turbnes", "--db", db])
    #expect(typo.status == 0)
    #expect(typo.stdout.isEmpty)
    #expect(typo.stderr.contains("did you mean: turbines?"))
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func anUnknownFilterIsAUsageErrorNamingTheNearest() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try runKB(["search", "power", "--channel", "chna", "--db", db])
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "kb: no channel called 'chna' in the index; did you mean chan?\n")
    #expect(try runKB(["search", "power", "--note", "powr", "--db", db]).stderr == "kb: no note called 'powr' in the index; did you mean power?\n")
}
