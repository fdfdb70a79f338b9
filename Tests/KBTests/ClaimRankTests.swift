import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

private let words = ["grid", "power", "solar", "turbine", "storage", "battery", "price", "coal", "wind", "hydro",
                     "demand", "supply", "nuclear", "reactor", "policy", "market"]

/// A note of `count` sentences of varied length and vocabulary, each citing a moment.
private func longNote(title: String, seed: Int, count: Int) -> String {
    var body = "## Findings\n\n"
    for i in 0..<count {
        let n = 3 + (i * 7 + seed) % 11
        let sentence = (0..<n).map { words[($0 * 5 + i * 3 + seed) % words.count] }.joined(separator: " ")
        body += "The \(sentence) case \(i) \(anchor("00:0\(i % 10):1\(i % 6)")).\n"
    }
    return noteText(title: title, videoID: nil, body)
}

/// For every claim matching `query`: kb_rank and FTS5's bm25 with the same weights.
private func scores(_ store: Store, _ query: String) throws -> [(Double, Double)] {
    try store.sql("""
        SELECT \(ClaimRank.sql), bm25(claims_fts, 1.0, 4.0, 2.0) FROM claims_fts WHERE claims_fts MATCH ?
        """, try FTSQuery.matchExpression(for: query)).map { ($0.double(0) ?? .nan, $0.double(1) ?? .nan) }
}

private func expectSameAsBM25(_ store: Store, sourceLocation: SourceLocation = #_sourceLocation) throws {
    for query in ["power", "grid storage", "\"grid battery\"", "power -coal", "reactor OR hydro", "turb*", "findings", "Power Notes"] {
        let pairs = try scores(store, query)
        #expect(!pairs.isEmpty, "\(query) matched nothing", sourceLocation: sourceLocation)
        for (ours, theirs) in pairs {
            #expect(abs(ours - theirs) <= 1e-12 * max(1, abs(theirs)), "\(query): \(ours) vs bm25 \(theirs)",
                    sourceLocation: sourceLocation)
        }
    }
    // Every stored length is the FTS index's own count for that claim.
    var stored: [Int64: [UInt16]] = [:]
    for row in try store.sql("SELECT chunk, lengths FROM claim_lengths") {
        stored[row.int(0)!] = ClaimRank.decode(row.blob(1)!)
    }
    var checked = 0
    for row in try store.sql("SELECT id, sz FROM claims_fts_docsize") {
        let id = row.int(0)!
        let chunk = stored[id >> ClaimRank.chunkShift] ?? []
        let slot = Int(id) & (ClaimRank.chunkSize - 1)
        #expect(slot < chunk.count && Int(chunk[slot]) == ClaimRank.totalTokens(docsize: row.blob(1)!),
                "claim \(id)", sourceLocation: sourceLocation)
        checked += 1
    }
    #expect(checked > 0, sourceLocation: sourceLocation)
}

@Test func kbRankEqualsBM25AcrossChunksAndAfterEdits() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    // 4,500 claims: three `claim_lengths` rows.
    try folder.write("notes/one.md", longNote(title: "Power Notes", seed: 1, count: 1500))
    try folder.write("notes/two.md", longNote(title: "Grid Notes", seed: 2, count: 1500))
    try folder.write("notes/three.md", longNote(title: "Market Notes", seed: 3, count: 1500))
    let store = try folder.indexedStore()
    #expect(try store.count("SELECT count(*) FROM claim_lengths") == 3)
    try expectSameAsBM25(store)

    // Edited, removed and new notes: claims get new ids, old ones leave the FTS index.
    try folder.write("notes/one.md", longNote(title: "Power Notes", seed: 4, count: 700))
    try folder.remove("notes/two.md")
    try folder.write("notes/four.md", longNote(title: "Reactor Notes", seed: 5, count: 2100))
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    try expectSameAsBM25(store)

    // Search's candidates are ordered by it: the same claims as ordering by bm25 itself (the
    // re-ranking then orders them by what each claim says, RerankTests).
    let hits = try store.read {
        try store.rankedClaims(matching: try FTSQuery.matchExpression(for: "power"), cover: nil, ClaimFilter(), limit: 50).map(\.id)
    }
    let byBM25 = try store.sql("""
        SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'power' ORDER BY bm25(claims_fts, 1.0, 4.0, 2.0), rowid LIMIT 50
        """).compactMap { $0.int(0) }
    #expect(hits.count == 50)
    #expect(hits == byBM25)
}

/// An index of one 40-claim note titled "Power Notes": every claim matches "power".
private func indexedPowerNote() throws -> (TempFolder, Store) {
    let folder = try TempFolder()
    try folder.write("notes/one.md", longNote(title: "Power Notes", seed: 1, count: 40))
    let store = try folder.indexedStore()
    return (folder, store)
}

@Test func aClaimWithoutAStoredLengthIsRankedFromTheFTSIndex() throws {
    let (folder, store) = try indexedPowerNote()
    defer { folder.cleanup() }
    try store.write { try store.db.execute("DELETE FROM claim_lengths") }
    for (ours, theirs) in try scores(store, "power") { #expect(ours == theirs) }
}

@Test func docsizeVarintsAreSummed() {
    #expect(ClaimRank.totalTokens(docsize: []) == 0)
    #expect(ClaimRank.totalTokens(docsize: [5]) == 5)
    #expect(ClaimRank.totalTokens(docsize: [0x81, 0x00]) == 128)
    #expect(ClaimRank.totalTokens(docsize: [3, 0x81, 0x01, 2]) == 3 + 129 + 2)
    #expect(ClaimRank.totalTokens(docsize: [0x83, 0xFF, 0x7F]) == (3 << 14) | (0x7F << 7) | 0x7F)
    #expect(ClaimRank.decode(ClaimRank.encode([0, 1, 300, 65535])) == [0, 1, 300, 65535])
}

@Test func aHugeRowidIsRankedFromTheFTSIndex() throws {
    let (folder, store) = try indexedPowerNote()
    defer { folder.cleanup() }
    // Not a claim kb writes: a row far past any length table, which must not grow one.
    try store.db.execute("INSERT INTO claims_fts(rowid, text, title, section) VALUES (1099511627776, 'power power grid', 'Stray', '')")
    let pairs = try scores(store, "power")
    #expect(pairs.count == 41)
    for (ours, theirs) in pairs { #expect(abs(ours - theirs) <= 1e-12 * max(1, abs(theirs))) }
}
