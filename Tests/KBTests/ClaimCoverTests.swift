import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// `kb_cover` on an invented note: concepts held × 64 + neighbouring pairs said side by side.
@Test func kbCoverCountsConceptsThenNeighbouringPairs() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("notes/plans.md", noteText(title: "Plans", """
        A product strategy needs a clear goal.
        The strategy of the product team changed.
        Each product ships with a manual.
        A strategy for the product of the year wins.

        """))
    let store = try folder.indexedStore()
    let rows = try store.sql("""
        SELECT c.text, kb_cover(claims_fts, '0 1') FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
        WHERE claims_fts MATCH '"product" OR "strategy"' ORDER BY c.ordinal
        """)
    let cover = Dictionary(uniqueKeysWithValues: rows.map { ($0.string(0) ?? "", Int($0.int(1) ?? -1)) })
    #expect(cover["A product strategy needs a clear goal."] == 2 * 64 + 1)
    // Both, but in the other order: no pair.
    #expect(cover["The strategy of the product team changed."] == 2 * 64)
    #expect(cover["Each product ships with a manual."] == 64)
    // "product … of the year": the pair needs "strategy" after "product", within two words.
    #expect(cover["A strategy for the product of the year wins."] == 2 * 64)
    // An unmapped phrase (-1) counts for nothing.
    let unmapped = try store.sql("""
        SELECT kb_cover(claims_fts, '-1 0') FROM claims_fts WHERE claims_fts MATCH '"product" AND "strategy"'
        """).map { Int($0.int(0) ?? -1) }
    #expect(unmapped.allSatisfy { $0 == 64 })
}
