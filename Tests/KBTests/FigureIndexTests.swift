import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// An index over two invented notes with figures of several kinds.
private func figureIndex() throws -> (Store, TempFolder) {
    let folder = try TempFolder("kb-figures")
    try folder.write("grid/plants.md", noteText(title: "Plants", videoID: "vidPLANTS01", """
        ## Power
        The new campus will draw 10 gigawatts of power \(anchor("00:01:00")).
        A smaller site runs on 1.2 GW \(anchor("00:02:00")).
        The pilot plant uses only 250 watts \(anchor("00:03:00")).
        """))
    try folder.write("grid/money.md", noteText(title: "Money", videoID: "vidMONEY001", """
        The build-out costs $4-5 billion \(anchor("00:04:00")).
        Rent fell from $3-4/hour to around $2.15/hour or less \(anchor("00:05:00")).
        The chips were designed in 2026 and are not a quantity \(anchor("00:06:00")).
        """))
    let store = try folder.indexedStore("grid")
    return (store, folder)
}

@Test func figuresAreStoredWithTheirClaims() throws {
    let (store, folder) = try figureIndex()
    defer { folder.cleanup() }
    let rows = try store.sql("SELECT kind, low, high, unit, bound FROM figures ORDER BY id")
    #expect(rows.count >= 7)
    let kinds = rows.compactMap { $0.string(0) }
    #expect(kinds.contains("power"))
    #expect(kinds.contains("money"))
    #expect(kinds.contains("year"))
    let yearsAsQuantities = try store.sql("SELECT count(*) FROM figures WHERE kind = 'year' AND unit != 'year'")
    #expect(yearsAsQuantities.first?.int(0) == 0)
}

@Test func fromToChangesLinkBothSides() throws {
    let (store, folder) = try figureIndex()
    defer { folder.cleanup() }
    let rows = try store.sql("""
        SELECT a.surface, b.surface FROM figures a JOIN figures b ON b.id = a.linked WHERE a.unit = 'USD' AND a.per = 'h'
        """)
    #expect(rows.count == 2)
    #expect(Set(rows.compactMap { $0.string(1) }).count == 2)
}

@Test func minCompareInTheCanonicalUnit() throws {
    let (store, folder) = try figureIndex()
    defer { folder.cleanup() }
    let bound = try FigureBound.parse("1GW")
    #expect(bound.unit == "W")
    #expect(bound.value == 1e9)
    let power = try store.figures(FigureRequest(unit: bound.unit, min: bound.value))
    #expect(Set(power.map(\.figure.surface)) == ["10 gigawatts", "1.2 GW"])

    let money = try FigureBound.parse("$3B")
    #expect(money.unit == "USD")
    let big = try store.figures(FigureRequest(unit: money.unit, min: money.value))
    #expect(big.map(\.figure.surface) == ["$4-5 billion"])

    let small = try store.figures(FigureRequest(kind: .power, max: 300))
    #expect(small.map(\.figure.surface) == ["250 watts"])
}

@Test func figuresFilterByQueryVideoAndLimit() throws {
    let (store, folder) = try figureIndex()
    defer { folder.cleanup() }
    let rent = try store.figures(FigureRequest(query: "rent"))
    #expect(!rent.isEmpty)
    #expect(rent.allSatisfy { $0.text.hasPrefix("Rent") })
    #expect(rent.first.flatMap { $0.timestamps.first?.url(noteVideo: $0.video) } == "https://www.youtube.com/watch?v=vidMONEY001&t=300s")
    let plants = try store.figures(FigureRequest(video: "vidPLANTS01"))
    #expect(plants.allSatisfy { $0.video == "vidPLANTS01" } && plants.count == 3)
    let limited = try store.figures(FigureRequest(limit: 2))
    #expect(limited.count == 2)
}

@Test func unreadableBoundsAreUsageErrors() throws {
    #expect(throws: QueryError.self) { try FigureBound.parse("lots") }
    let plain = try FigureBound.parse("5000")
    #expect(plain == FigureBound(value: 5000, unit: nil))
    let percent = try FigureBound.parse("20%")
    #expect(percent.unit == "%")
}

@Test func anIndexFromAnOlderSchemaIsRebuilt() throws {
    let folder = try TempFolder("kb-migrate")
    defer { folder.cleanup() }
    let path = folder.path("old.sqlite")
    do {
        let old = try Database(path: path)
        try old.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, file TEXT); INSERT INTO notes(file) VALUES ('x')")
        try old.execute("PRAGMA application_id = \(Schema.applicationID)")
        try old.setUserVersion(1)
    }
    #expect(throws: StoreError.self) { _ = try Store(path: path, readOnly: true) }
    let store = try Store(path: path)
    #expect(try store.db.userVersion == Schema.version)
    let notes = try store.sql("SELECT count(*) FROM notes")
    #expect(notes.first?.int(0) == 0)
    let figures = try store.sql("SELECT count(*) FROM sqlite_master WHERE name = 'figures'")
    #expect(figures.first?.int(0) == 1)
}

/// `kb check` reads no amounts: without figures a note is otherwise the same.
@Test func extractionWithoutFiguresDiffersOnlyInFigures() {
    let text = noteText("Output rose 12% to 4 GW \(anchor("00:01:00")), see [[Grid]]. Costs fell to $3 billion.\n")
    let full = extract(text)
    var bare = NoteExtractor.extract(path: "test_note.md", text: text, figures: false)
    #expect(full.claims.flatMap(\.figures).count >= 3)
    #expect(bare.claims.allSatisfy { $0.figures.isEmpty })
    for i in bare.claims.indices { bare.claims[i].figures = full.claims[i].figures }
    #expect(bare == full)
}
