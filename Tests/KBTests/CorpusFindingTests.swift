import Foundation
import Testing
@testable import KBModel
@testable import KBExtract
@testable import KBStore
@testable import KBIndex

// What a walk over a corpus lists (.kbignore, a root's README) and what `kb index` takes
// back when it fails (FreshIndex).

private let episode = noteText(title: "Reusable boosters", "Boosters land on barges \(anchor("00:03:10")).\n")

// MARK: - .kbignore

@Test func kbignoreAtTheRootKeepsFilesAndFoldersOut() throws {
    let folder = try TempFolder("kb-walk-ignore")
    defer { folder.cleanup() }
    try folder.write("notes/.kbignore", "# kept out of the index\ndrafts/\n*.tmp.md\n/inbox.md\n")
    try folder.write("notes/launch.md", episode)
    try folder.write("notes/inbox.md", episode)
    try folder.write("notes/orbitlab/inbox.md", episode)
    try folder.write("notes/orbitlab/landing.tmp.md", episode)
    try folder.write("notes/drafts/idea.md", episode)
    try folder.write("notes/orbitlab/drafts/idea.md", episode)
    let listing = CorpusWalker.list([folder.path("notes")])
    #expect(listing.files.map(\.path) == ["launch.md", "orbitlab/inbox.md"])
    #expect(listing.errors.isEmpty)
}

@Test func kbignoreOfAnotherFolderOrBelowTheRootIsNotRead() throws {
    let folder = try TempFolder("kb-walk-ignore-scope")
    defer { folder.cleanup() }
    // Only the root's file counts: one in a subfolder is not read.
    try folder.write("notes/orbitlab/.kbignore", "*.md\n")
    try folder.write("notes/orbitlab/launch.md", episode)
    #expect(CorpusWalker.list([folder.path("notes")]).files.map(\.path) == ["orbitlab/launch.md"])
    // Walked from its parent, the notes folder is no root: its .kbignore is not read.
    try folder.write("notes/.kbignore", "orbitlab/\n")
    #expect(CorpusWalker.list([folder.path("notes")]).files.isEmpty)
    #expect(CorpusWalker.list([folder.path("")]).files.map(\.path) == ["notes/orbitlab/launch.md"])
}

@Test func aNoteIgnoredAfterItWasIndexedLeavesTheIndex() throws {
    let folder = try TempFolder("kb-index-ignore")
    defer { folder.cleanup() }
    try folder.write("notes/launch.md", episode)
    try folder.write("notes/drafts/idea.md", episode)
    let store = try folder.indexedStore()
    #expect(try store.count("SELECT count(*) FROM notes") == 2)
    try folder.write("notes/.kbignore", "drafts/\n")
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.removed == 1)
    #expect(try store.count("SELECT count(*) FROM notes WHERE path = 'drafts/idea.md'") == 0)
}

// MARK: - A README at the root

@Test func aReadmeAtTheRootIsSkippedButNotDeeperOrGivenAsAFile() throws {
    let folder = try TempFolder("kb-walk-readme")
    defer { folder.cleanup() }
    try folder.write("corpus/README.md", "# About this corpus\n\nNotes of two channels.\n")
    try folder.write("corpus/orbitlab/Readme.md", episode)
    try folder.write("corpus/launch.md", episode)
    let given = folder.path("corpus")
    let listing = CorpusWalker.list([given])
    #expect(listing.files.map(\.path) == ["launch.md", "orbitlab/Readme.md"])
    #expect(listing.skippedReadmes == [given + "/README.md"])
    // Any case, and the notice names the folder as it was given.
    try folder.remove("corpus/README.md")
    try folder.write("corpus/readme.MD", "# About\n")
    #expect(CorpusWalker.list([given + "/"]).skippedReadmes == [given + "/readme.MD"])
    // Given as a file, a README is a note like any other.
    let alone = CorpusWalker.list([given + "/readme.MD"])
    #expect(alone.files.map(\.path) == ["readme.MD"])
    #expect(alone.skippedReadmes.isEmpty)
}

@Test func theIndexReportNamesTheSkippedReadme() throws {
    let folder = try TempFolder("kb-index-readme")
    defer { folder.cleanup() }
    try folder.write("notes/README.md", "# Notes of the orbit lab channel\n")
    try folder.write("notes/launch.md", episode)
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.indexed == 1)
    #expect(report.skippedReadmes == [folder.path("notes") + "/README.md"])
    #expect(try store.count("SELECT count(*) FROM notes WHERE path = 'README.md'") == 0)
}

// MARK: - Folders without notes

@Test func foldersWithoutNotesOrTranscriptsAreNamed() throws {
    let folder = try TempFolder("kb-index-empty")
    defer { folder.cleanup() }
    try folder.write("notes/launch.md", episode)
    try folder.write("empty/.keep", "")
    try folder.write("assets/diagram.png", "not text")
    try folder.write("data/settings.json", "{\"theme\": \"dark\"}")       // read, passed over: no transcript
    try folder.write("only-readme/README.md", "# About\n")
    let paths = ["notes", "empty", "assets", "data", "only-readme"].map { folder.path($0) }
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: paths)
    #expect(report.failed == 0)
    #expect(report.foldersWithoutNotes == Array(paths.dropFirst()))
    // Unchanged on a second run, and a file given alone is never "a folder without notes".
    let again = try Indexer(store: store).run(paths: paths + [folder.path("notes/launch.md")])
    #expect(again.foldersWithoutNotes == Array(paths.dropFirst()))
}

@Test func aFolderWithAnUnreadablePathIsNotCalledEmpty() throws {
    let folder = try TempFolder("kb-index-empty-missing")
    defer { folder.cleanup() }
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("nowhere")])
    #expect(report.failed == 1)
    #expect(report.foldersWithoutNotes.isEmpty)
}

// MARK: - FreshIndex

@Test func aFailedFirstRunTakesBackItsFolderAndIndex() throws {
    let folder = try TempFolder("kb-fresh")
    defer { folder.cleanup() }
    let db = folder.path("project/index/kb.sqlite")
    try FileManager.default.createDirectory(atPath: folder.path("project"), withIntermediateDirectories: true)
    let fresh = try FreshIndex(databasePath: db)
    #expect(fresh.createdFolders == [folder.path("project/index")])
    #expect(FileManager.default.fileExists(atPath: folder.path("project/index")))
    do {
        let lock = try IndexLock(databasePath: db)
        defer { lock.release() }
        let store = try Store(path: db)
        let report = try Indexer(store: store).run(paths: [folder.path("project/nowhere")])
        #expect(report.failed == 1)
    }
    fresh.undo()
    #expect(!FileManager.default.fileExists(atPath: folder.path("project/index")))
    #expect(FileManager.default.fileExists(atPath: folder.path("project")))
}

@Test func undoKeepsAnIndexThatHoldsNotesAndFoldersItDidNotMake() throws {
    let folder = try TempFolder("kb-fresh-keep")
    defer { folder.cleanup() }
    try folder.write("notes/launch.md", episode)
    // A new index that got a note: kept, and so its folder.
    let db = folder.path("a/b/kb.sqlite")
    let fresh = try FreshIndex(databasePath: db)
    #expect(fresh.createdFolders == [folder.path("a"), folder.path("a/b")])
    do { _ = try Indexer(store: try Store(path: db)).run(paths: [folder.path("notes"), folder.path("nowhere")]) }
    fresh.undo()
    #expect(FileManager.default.fileExists(atPath: db))
    // A folder that existed before the run stays, even empty.
    try FileManager.default.createDirectory(atPath: folder.path("existing"), withIntermediateDirectories: true)
    let other = try FreshIndex(databasePath: folder.path("existing/kb.sqlite"))
    #expect(other.createdFolders.isEmpty)
    do { _ = try Store(path: folder.path("existing/kb.sqlite")) }
    other.undo()
    #expect(FileManager.default.fileExists(atPath: folder.path("existing")))
    #expect(!FileManager.default.fileExists(atPath: folder.path("existing/kb.sqlite")))
    // A folder made by the run but holding a user's file meanwhile stays.
    let third = try FreshIndex(databasePath: folder.path("c/kb.sqlite"))
    try folder.write("c/todo.txt", "mine")
    third.undo()
    #expect(FileManager.default.fileExists(atPath: folder.path("c/todo.txt")))
}
