import Foundation
import Testing
import Synchronization
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

private func fixture(_ folder: TempFolder) throws {
    try folder.write("notes/alpha.md", noteText(title: "Alpha", videoID: "alphaAAAAAA", "Granite quarries opened \(anchor("00:00:10")).\n"))
    try folder.write("notes/beta.md", noteText(title: "Beta", videoID: "betaBBBBBBB", "Copper mines closed \(anchor("00:00:20")).\n"))
    try folder.write("notes/sub/gamma.md", noteText(title: "Gamma", videoID: "gammaCCCCCC", "Silver prices rose \(anchor("00:00:30")). Gold followed.\n"))
}

private func claimIDs(_ store: Store) throws -> [Int64] {
    try store.sql("SELECT id FROM claims ORDER BY id").compactMap { $0.int(0) }
}

@Test func secondRunOverUnchangedFilesReadsNothing() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try Store(path: folder.path("kb.sqlite"))
    let first = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(first.indexed == 3)
    #expect(first.unchanged == 0)
    #expect(first.totals.notes == 3)
    #expect(first.totals.claims == 4)
    #expect(first.totals.timestamps == 3)
    let ids = try claimIDs(store)
    let second = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(second.indexed == 0)
    #expect(second.unchanged == 3)
    #expect(second.removed == 0)
    #expect(try claimIDs(store) == ids)
}

@Test func touchingWithoutEditingKeepsClaims() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    let ids = try claimIDs(store)
    let before = try store.sql("SELECT hash, mtime FROM notes WHERE path = 'alpha.md'")
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)],
                                          ofItemAtPath: folder.path("notes/alpha.md"))
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.indexed == 0)
    #expect(report.unchanged == 3)
    #expect(try claimIDs(store) == ids)
    let after = try store.sql("SELECT hash, mtime FROM notes WHERE path = 'alpha.md'")
    #expect(after.first?.string(0) == before.first?.string(0))
    #expect(after.first?.int(1) != before.first?.int(1), "the new mtime is recorded, so the next run skips the file")
    let third = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(third.indexed == 0 && third.unchanged == 3)
}

@Test func editingReparsesOnlyThatNote() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    let betaIDs = try store.sql("SELECT c.id FROM claims c JOIN notes n ON n.id = c.note WHERE n.path = 'beta.md'").compactMap { $0.int(0) }
    try folder.write("notes/alpha.md", noteText(title: "Alpha", videoID: "alphaAAAAAA", "Marble quarries opened \(anchor("00:00:11")).\n"))
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.indexed == 1)
    #expect(report.unchanged == 2)
    #expect(try store.search(SearchRequest(query: "marble")).count == 1)
    #expect(try store.search(SearchRequest(query: "granite")).isEmpty)
    let betaAfter = try store.sql("SELECT c.id FROM claims c JOIN notes n ON n.id = c.note WHERE n.path = 'beta.md'").compactMap { $0.int(0) }
    #expect(betaAfter == betaIDs)
}

@Test func retitlingANoteReindexesItsClaimsUnderTheNewTitle() throws {
    // claims_fts reads text and titles from claims and notes: a retitled note must leave
    // the index under its old title before its row changes.
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    try folder.write("notes/alpha.md", noteText(title: "Obsidian Quarry", videoID: "alphaAAAAAA", "Marble quarries opened \(anchor("00:00:11")).\n"))
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(try store.search(SearchRequest(query: "obsidian")).map(\.text) == ["Marble quarries opened."])
    #expect(try store.search(SearchRequest(query: "alpha")).isEmpty)
    #expect(try store.count("SELECT count(*) FROM claims_fts_docsize") == (try store.count("SELECT count(*) FROM claims")))
    _ = try store.sql("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
}

@Test func deletingAFileRemovesEverythingOfIt() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    #expect(try store.search(SearchRequest(query: "silver")).count == 1)
    try folder.remove("notes/sub/gamma.md")
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.removed == 1)
    #expect(report.unchanged == 2)
    #expect(try store.search(SearchRequest(query: "silver")).isEmpty)
    #expect(try store.search(SearchRequest(query: "gold")).isEmpty)
    #expect(try store.count("SELECT count(*) FROM notes WHERE path = 'sub/gamma.md'") == 0)
    #expect(try store.count("SELECT count(*) FROM claims") == 2)
    #expect(try store.count("SELECT count(*) FROM claims_fts_docsize") == 2)
    #expect(try store.count("SELECT count(*) FROM timestamps") == 2)
}

@Test func invalidUTF8FileFailsAndOthersAreIndexed() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    var bytes = Data("---\ntitle: Bad\n---\n\nLine one.\n".utf8)
    bytes.append(contentsOf: [0x42, 0xFF, 0xFE, 0x0A])
    try folder.write("notes/bad.md", data: bytes)
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.failed == 1)
    #expect(report.indexed == 3)
    let error = try #require(report.errors.first)
    #expect(error.file == "bad.md")
    #expect(error.line == 6)
    #expect(error.message.contains("UTF-8"))
    #expect(report.totals.notes == 3)
}

@Test func decodeRejectsNULAndInvalidUTF8() {
    #expect(throws: ReadError.self) { try NoteReader.decode(Data([0x61, 0x00, 0x62]), displayPath: "x.md") }
    #expect(throws: ReadError.self) { try NoteReader.decode(Data([0xC3, 0x28]), displayPath: "x.md") }
    let ok = try? NoteReader.decode(Data([0xEF, 0xBB, 0xBF, 0x61]), displayPath: "x.md")
    #expect(ok?.text == "a")
}

@Test func missingPathIsReportedAndRemovesNothing() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    let missing = folder.path("no_such_folder")
    let report = try Indexer(store: store).run(paths: [folder.path("notes"), missing])
    #expect(report.failed == 1)
    #expect(report.errors.contains { $0.file == missing })
    #expect(report.removed == 0)
    #expect(report.unchanged == 3)

    // A walk of only part of the corpus does not take the rest as deleted.
    let partial = try Indexer(store: store).run(paths: [folder.path("notes/sub")])
    #expect(partial.removed == 0)
    #expect(try store.count("SELECT count(*) FROM notes") == 3)

    let listing = CorpusWalker.list([missing])
    #expect(listing.unreadable == [missing])
    #expect(listing.roots.isEmpty)
}

@Test func unreadableFolderIsNeverTakenAsDeleted() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    let sub = folder.path("notes/sub")
    #expect(chmod(sub, 0o000) == 0)
    defer { _ = chmod(sub, 0o755) }
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    if geteuid() == 0 {
        // Root reads through chmod 000, so the folder is not unreadable here.
        #expect(report.removed == 0)
        return
    }
    #expect(report.removed == 0)
    #expect(report.failed >= 1)
    #expect(report.errors.contains { $0.file.contains("sub") })
    #expect(try store.count("SELECT count(*) FROM notes WHERE path = 'sub/gamma.md'") == 1)
}

@Test func walkerSkipsHiddenAndNonMarkdown() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("w/a.md", "x")
    try folder.write("w/.hidden/b.md", "x")
    try folder.write("w/.c.md", "x")
    try folder.write("w/d.txt", "x")
    try folder.write("w/e/F.MD", "x")
    let listing = CorpusWalker.list([folder.path("w")])
    #expect(listing.files.map(\.path) == ["a.md", "e/F.MD"])
    #expect(listing.errors.isEmpty)
}

/// The last entry of a full `readdir` buffer can be shorter than `struct dirent`: its
/// name is read up to its NUL, never the whole 256-byte field. Here the entry ends just
/// before an unreadable page; copying the field out (as the walker did) crashes.
@Test func directoryEntryNamesAreReadOnlyUpToTheirEnd() throws {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let base = try #require(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
    #expect(base != MAP_FAILED)
    defer { munmap(base, 2 * page) }
    #expect(mprotect(base + page, page, PROT_NONE) == 0)
    let name = "long_folder_name_of_a_channel/note.md"
    let nameOffset = try #require(MemoryLayout<dirent>.offset(of: \dirent.d_name))
    let start = (page - nameOffset - name.utf8.count - 1) & ~(MemoryLayout<dirent>.alignment - 1)
    let field = base + start + nameOffset
    for (i, byte) in name.utf8.enumerated() { field.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
    field.storeBytes(of: 0, toByteOffset: name.utf8.count, as: UInt8.self)
    #expect(start + nameOffset + MemoryLayout<dirent>.size - nameOffset > page)  // the whole field would cross
    let entry = (base + start).bindMemory(to: dirent.self, capacity: 1)
    #expect(CorpusWalker.name(of: entry) == name)
}

@Test func diagnosticPrintsFileAndLine() {
    #expect(Diagnostic(file: "a.md", line: 3, message: "bad").description == "a.md:3: bad")
    #expect(Diagnostic(file: "a.md", message: "bad").description == "a.md: bad")
}

/// Every row of the tables a build writes, in id order, as text.
private func contents(_ store: Store) throws -> [String] {
    var out: [String] = []
    for table in ["notes", "claims", "timestamps", "links", "figures", "mentions", "videos", "headings", "warnings", "speakers", "video_speakers"] {
        let columns = table == "notes" ? "id, file, path, slug, title, video_id, hash" : "*"
        for row in try store.sql("SELECT \(columns) FROM \(table) ORDER BY 1, 2") {
            out.append(table + ": " + row.values.map { "\($0)" }.joined(separator: "|"))
        }
    }
    return out
}

private func indexNames(_ store: Store) throws -> Set<String> {
    Set(try store.sql("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").compactMap { $0.string(0) })
}

/// Two first builds of `paths`: one keeping its indexes throughout, one deferring them.
private func indexedBothWays(_ paths: [String], in folder: TempFolder) throws -> (plain: Store, deferred: Store) {
    var stores: [Store] = []
    for (name, threshold) in [("plain", Int.max), ("deferred", 0)] {
        let store = try Store(path: folder.path(name + ".sqlite"))
        var indexer = Indexer(store: store)
        indexer.deferIndexesFrom = threshold
        _ = try indexer.run(paths: paths)
        stores.append(store)
    }
    return (stores[0], stores[1])
}

@Test func aFirstBuildWithIndexesDeferredWritesTheSameIndex() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    try folder.write("notes/delta.md", noteText(title: "Delta", videoID: "alphaAAAAAA",
        "Prices rose 12% to $4 billion \(anchor("00:01:00")), see [[Alpha]] and [[Beta|the mines]].\n"))
    let (plain, deferred) = try indexedBothWays([folder.path("notes")], in: folder)

    let rows = try contents(plain)
    #expect(rows.count > 10)
    #expect(try contents(deferred) == rows)
    #expect(try indexNames(deferred) == Set(Schema.indexNames))
    #expect(try indexNames(plain) == Set(Schema.indexNames))
    #expect(try deferred.search(SearchRequest(query: "prices")).count == 2)
}

@Test func indexesDroppedByAKilledBuildAreBackOnTheNextOpen() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    do {
        let store = try Store(path: folder.path("kb.sqlite"))
        // What a build killed while loading leaves behind.
        try store.write { for name in Schema.indexNames { try store.db.execute("DROP INDEX \(name)") } }
        #expect(try indexNames(store).isEmpty)
    }
    let reopened = try Store(path: folder.path("kb.sqlite"))
    #expect(try indexNames(reopened) == Set(Schema.indexNames))
}

/// The sample notes name speakers: worked out on a second connection while a first build
/// builds its indexes, they come out as from a build that keeps its indexes.
@Test func speakersWorkedOutWhileIndexesAreBuiltAreTheSame() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    let notes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("notes").path
    let (plain, deferred) = try indexedBothWays([notes], in: folder)
    #expect(try plain.count("SELECT count(*) FROM video_speakers") >= 3)
    #expect(try plain.count("SELECT count(*) FROM claims WHERE speaker IS NOT NULL") > 10)
    #expect(try contents(deferred) == contents(plain))
}

/// The batch writes turn foreign-key checks off; they are back on after, and after a failure.
@Test func foreignKeyChecksComeBackOnAfterBatchWrites() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    #expect(try store.count("PRAGMA foreign_keys") == 1)
    struct Stop: Error {}
    #expect(throws: Stop.self) {
        try store.withoutForeignKeyChecks {
            #expect(try store.count("PRAGMA foreign_keys") == 0)
            throw Stop()
        }
    }
    #expect(try store.count("PRAGMA foreign_keys") == 1)
}

// MARK: - Parsing ahead of the writer (OrderedWork)

@Test(arguments: [0, 1, 3])
func orderedWorkHandsEveryPartOverInOrder(helpers: Int) {
    let calls = Mutex([Int](repeating: 0, count: 300))
    let work = OrderedWork(parts: 300, ahead: 4, helpers: helpers) { k in
        calls.withLock { $0[k] += 1 }
        // Uneven parts, so that helpers finish out of order.
        if k % 7 == 0 { usleep(UInt32(200 + (k % 3) * 300)) }
        return k * 2
    }
    var got: [Int] = []
    while let value = work.next() {
        got.append(value)
        if got.count % 50 == 0 { usleep(2_000) }  // a slow consumer: helpers wait at `ahead`
    }
    #expect(got == (0..<300).map { $0 * 2 })
    #expect(calls.withLock { $0 } == [Int](repeating: 1, count: 300), "each part done once")
    #expect(work.next() == nil)
}

@Test func orderedWorkStopsItsHelpersWhenTheConsumerStopsEarly() {
    let started = Mutex(0)
    let work = OrderedWork(parts: 1_000, ahead: 2, helpers: 2) { k in
        started.withLock { $0 += 1 }
        return k
    }
    #expect(work.next() == 0)
    work.stop()
    usleep(50_000)
    let afterStop = started.withLock { $0 }
    usleep(50_000)
    #expect(afterStop <= 1 + 2 + 2, "at most the taken part, the parts ahead and one per helper")
    #expect(started.withLock { $0 } == afterStop, "no part starts after stop")
}

@Test func largeFilesAreSpreadThroughTheOthersAndEachKindKeepsItsOrder() {
    // Six long transcripts listed together after sixty notes.
    let notes = (0..<60).map { NoteFile(file: "/c/n\($0).md", path: "n\($0).md", size: 5_000, mtime: 0) }
    let transcripts = (0..<6).map { NoteFile(file: "/c/t/\($0).srt", path: "t/\($0).srt", size: 40_000, mtime: 0) }
    let from = 32 << 10
    let order = Indexer.writeOrder(notes + transcripts, spreadFrom: from)
    #expect(order.count == 66 && Set(order) == Set(notes + transcripts), "every file once")
    #expect(order.filter { $0.size < from } == notes, "the notes in their order")
    #expect(order.filter { $0.size >= from } == transcripts, "the transcripts in theirs")
    // 240 KB of transcripts through the first 70% of 300 KB of notes: one per 35 KB, 7 notes.
    let places = order.indices.filter { order[$0].size >= from }
    #expect(places.first == 0)
    #expect(zip(places.dropFirst(), places).allSatisfy { (8...9).contains($0 - $1) }, "\(places)")
    #expect(places.last! < 46, "the last notes come after every transcript: \(places)")
    // Nothing large, or nothing else: the listing's order.
    #expect(Indexer.writeOrder(notes, spreadFrom: from) == notes)
    #expect(Indexer.writeOrder(transcripts, spreadFrom: from) == transcripts)
}

@Test func indexPartsHoldAtMostTheirBytesAndFiles() {
    let files = (0..<100).map { NoteFile(file: "/c/\($0).srt", path: "\($0).srt", size: $0 == 5 ? 3 << 20 : 100_000, mtime: 0) }
    let parts = Indexer.parts(of: files)
    #expect(parts.flatMap { $0 } == files, "every file once, in order")
    for part in parts where part.count > 1 {
        #expect(part.count <= Indexer.partFiles)
        #expect(part.reduce(0) { $0 + $1.size } <= Indexer.partBytes)
    }
    #expect(parts.contains { $0.count == 1 && $0[0].size == 3 << 20 }, "a file larger than a part is a part alone")
}
