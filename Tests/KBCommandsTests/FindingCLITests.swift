import ArgumentParser
import Foundation
import Testing
@testable import KBCommands

// Finding the index and the notes: where the index is when --db is not given, what a failed
// `kb index` leaves, .kbignore, a corpus's README, folders without notes.

private struct Project {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-finding-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        let file = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    func cleanup() { try? FileManager.default.removeItem(atPath: root) }
}

private func note(_ title: String, _ claim: String) -> String {
    """
    ---
    title: \(title)
    videoId: vidORBIT001
    ---

    \(claim) <a class="yt-timestamp" data-t="00:02:05">[00:02:05]</a>.

    """
}

/// kb run in `folder` with no KB_DB from the test's own environment, unless given.
private func kb(_ arguments: [String], in folder: String, kbDB: String? = nil) throws -> KBRun {
    try runKB(arguments, in: folder, environment: ["KB_DB": kbDB])
}

// MARK: - The one rule

@Test func indexLocationPrecedence() {
    let none: (String) -> Bool = { _ in false }
    let env = ["KB_DB": "/data/team.sqlite"]
    #expect(IndexLocation.resolve(option: "mine.sqlite", environment: env, currentFolder: "/w", exists: none) == "mine.sqlite")
    #expect(IndexLocation.resolve(option: nil, environment: env, currentFolder: "/w", exists: none) == "/data/team.sqlite")
    #expect(IndexLocation.resolve(option: "", environment: ["KB_DB": ""], currentFolder: "/w", exists: none) == "index/kb.sqlite")
    // KB_DB wins over an index found upward.
    #expect(IndexLocation.resolve(option: nil, environment: env, currentFolder: "/w", exists: { _ in true }) == "/data/team.sqlite")
}

@Test func indexLocationFindsTheNearestIndexUpward() {
    let existing: Set = ["/home/ana/notes-repo/index/kb.sqlite", "/home/index/kb.sqlite"]
    let exists = { existing.contains($0) }
    func resolve(_ folder: String) -> String {
        IndexLocation.resolve(option: nil, environment: [:], currentFolder: folder, exists: exists)
    }
    #expect(resolve("/home/ana/notes-repo") == "index/kb.sqlite")
    #expect(resolve("/home/ana/notes-repo/") == "index/kb.sqlite")
    #expect(resolve("/home/ana/notes-repo/channels/orbitlab") == "/home/ana/notes-repo/index/kb.sqlite")
    #expect(resolve("/home/ana") == "/home/index/kb.sqlite")
    #expect(resolve("/srv/elsewhere") == "index/kb.sqlite")
    #expect(IndexLocation.resolve(option: nil, environment: [:], currentFolder: "/", exists: { $0 == "/index/kb.sqlite" }) == "index/kb.sqlite")
}

@Test func everyIndexCommandsDbHelpSaysTheRule() {
    for command in [Index.self, SearchClaims.self, JumpTo.self, QuoteSaid.self, VerifyClaims.self, Figures.self, Speakers.self, Render.self, ServeMCP.self] as [ParsableCommand.Type] {
        let help = command.helpMessage(columns: 400)
        #expect(help.contains("$KB_DB") && help.contains("nearest index/kb.sqlite"), "\(command)")
    }
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func commandsFindTheIndexFromASubfolderOrKB_DB() throws {
    let p = try Project()
    defer { p.cleanup() }
    try p.write("notes/orbitlab/launch.md", note("Launch windows", "Launch windows open twice a day"))
    #expect(try kb(["index", "-q"], in: p.root).status == 0)
    #expect(p.exists("index/kb.sqlite"))
    // From a subfolder, the project's index.
    let found = try kb(["search", "launch windows", "--format", "json"], in: p.path("notes/orbitlab"))
    #expect(found.status == 0, "\(found.stderr)")
    #expect(found.stdout.contains("orbitlab/launch.md"))
    // KB_DB names another index: a fresh one, so nothing is found there.
    let other = p.path("elsewhere/other.sqlite")
    #expect(try kb(["index", p.path("notes"), "-q"], in: p.path("notes"), kbDB: other).status == 0)
    #expect(p.exists("elsewhere/other.sqlite"))
    try p.write("more/dock.md", note("Docking", "Docking takes a slow approach"))
    #expect(try kb(["index", p.path("more"), "-q"], in: p.root, kbDB: other).status == 0)
    let viaEnv = try kb(["search", "docking", "--format", "json"], in: p.path("notes"), kbDB: other)
    #expect(viaEnv.stdout.contains("dock.md"), "\(viaEnv.stderr)")
    let viaOption = try kb(["search", "docking", "--format", "json", "--db", p.path("index/kb.sqlite")], in: p.root, kbDB: other)
    #expect(viaOption.status == 0)
    #expect(!viaOption.stdout.contains("dock.md"))
}

// MARK: - A failed kb index leaves nothing

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func aFailedIndexLeavesNoIndexFolder() throws {
    let p = try Project()
    defer { p.cleanup() }
    let missing = try kb(["index", "no-such-folder"], in: p.root)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no-such-folder"))
    #expect(!p.exists("index"))
    // The default notes/ folder missing too.
    #expect(try kb(["index"], in: p.root).status == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: p.root).isEmpty)
    // A folder that was there before stays.
    try FileManager.default.createDirectory(atPath: p.path("index"), withIntermediateDirectories: true)
    #expect(try kb(["index", "no-such-folder"], in: p.root).status == 1)
    #expect(p.exists("index"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: p.path("index")).isEmpty)
}

// MARK: - .kbignore, README, folders without notes

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func indexHonoursKbignoreAndSkipsTheRootReadme() throws {
    let p = try Project()
    defer { p.cleanup() }
    try p.write("notes/README.md", "# Orbit lab notes\n\nHow this folder is organised.\n")
    try p.write("notes/.kbignore", "# not ready\ndrafts/\n")
    try p.write("notes/launch.md", note("Launch windows", "Launch windows open twice a day"))
    try p.write("notes/drafts/reentry.md", note("Reentry", "Reentry heats the shield"))
    try p.write("notes/orbitlab/README.md", note("About the channel", "The channel films every launch"))
    let run = try kb(["index", "--format", "json"], in: p.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("\"indexed\" : 2"), "\(run.stdout)")
    #expect(!run.stderr.contains("README"), "no README notice in JSON mode: \(run.stderr)")
    let text = try kb(["index", "--rebuild"], in: p.root)
    #expect(text.stderr.split(separator: "\n").filter { $0.contains("README") } == ["kb: notes/README.md skipped: a folder's README is not a note"])
    #expect(text.stdout.contains("files: 2 indexed"))
    #expect(try kb(["index", "-q"], in: p.root).stderr.isEmpty)
    let drafts = try kb(["search", "reentry"], in: p.root)
    #expect(drafts.stdout.isEmpty)
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func anEmptyFolderSaysNoNotes() throws {
    let p = try Project()
    defer { p.cleanup() }
    try FileManager.default.createDirectory(atPath: p.path("inbox"), withIntermediateDirectories: true)
    try p.write("pictures/cover.png", "png")
    let run = try kb(["index", "inbox", "pictures"], in: p.root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr == "kb: no notes under inbox\nkb: no notes under pictures\n")
    #expect(try kb(["index", "inbox", "--format", "json"], in: p.root).stderr == "kb: no notes under inbox\n")
    #expect(try kb(["index", "inbox", "-q"], in: p.root).stderr.isEmpty)
}
