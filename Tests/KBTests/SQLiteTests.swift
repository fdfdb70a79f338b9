import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// A fresh directory under the system temp dir, removed by `cleanup()`.
private struct TempDir {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-sqlite-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

private func memoryDB() throws -> Database {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c)")
    return db
}

@Test func nullReadsAreNilNotZero() throws {
    let db = try memoryDB()
    try db.run("INSERT INTO t(a, b, c) VALUES (NULL, NULL, NULL)")
    let row = try #require(try db.rows("SELECT a, b, c FROM t").first)
    #expect(row[0] == .null)
    #expect(row.int(0) == nil)
    #expect(row.double(1) == nil)
    #expect(row.string(2) == nil)
    #expect(row.bool(0) == nil)
    #expect(try db.scalarInt("SELECT a FROM t") == nil)
    #expect(try db.scalarInt("SELECT a FROM t WHERE id = 999") == nil)
    #expect(try db.scalarInt("SELECT count(*) FROM t") == 1)
}

@Test func bindsEveryType() throws {
    let db = try memoryDB()
    try db.execute("CREATE TABLE v(x)")
    let none: String? = nil
    let some: Int? = 5
    let values: [SQLBindable] = [
        Int(-7), Int64.max, Int32.min, 2.5, "text", true, false,
        SQLValue.blob([1, 2]), [UInt8]([0, 255]), [UInt8](), "", none, some,
    ]
    let insert = try db.prepare("INSERT INTO v(x) VALUES (?)")
    for value in values { try insert.execute(arguments: [value]) }
    let got = try db.rows("SELECT x FROM v ORDER BY rowid").map { $0[0] }
    #expect(got == [
        .int(-7), .int(Int64.max), .int(Int64(Int32.min)), .double(2.5), .text("text"), .int(1), .int(0),
        .blob([1, 2]), .blob([0, 255]), .blob([]), .text(""), .null, .int(5),
    ])
    // Empty text and empty blobs must not collapse into NULL.
    #expect(try db.scalarInt("SELECT count(*) FROM v WHERE x IS NULL") == 1)
}

@Test func typedGettersConvertOnlyWithoutLoss() throws {
    let db = try Database(path: ":memory:")
    let row = try #require(try db.rows("SELECT 3, 2.0, 2.5, 'x', 0").first)
    #expect(row.int(0) == 3)
    #expect(row.double(0) == 3.0)
    #expect(row.int(1) == 2)
    #expect(row.int(2) == nil)
    #expect(row.string(0) == nil)
    #expect(row.string(3) == "x")
    #expect(row.bool(4) == false)
    #expect(row.bool(0) == true)
    #expect(row.count == 5)
}

@Test func unicodeTextRoundTrips() throws {
    let db = try memoryDB()
    let samples = ["café", "naïve — “quotes”", "日本語のテキスト", "emoji 👩🏽‍💻🇫🇷", "e\u{301}", "Ωmega\ttab\nline"]
    for s in samples { try db.run("INSERT INTO t(a) VALUES (?)", s) }
    let back = try db.rows("SELECT a, length(a) FROM t ORDER BY id")
    #expect(back.map { $0.string(0) } == samples)
    // SQLite saw characters, not truncated or mis-encoded bytes.
    #expect(back.map { $0.int(1) } == samples.map { Int64($0.unicodeScalars.count) })
}

@Test func cachedStatementIsReusedWithFreshBindings() throws {
    let db = try memoryDB()
    let sql = "INSERT INTO t(a, b) VALUES (?, ?)"
    let first = try db.cached(sql)
    try first.execute("one", 1)
    let second = try db.cached(sql)
    #expect(first === second)
    // Handed out cleared: stepping without binding inserts NULLs, not the old values.
    try second.step()
    second.reset()
    try db.run(sql, "three", 3)
    let rows = try db.rows("SELECT a, b FROM t ORDER BY id")
    #expect(rows.map { $0[0] } == [.text("one"), .null, .text("three")])
    #expect(rows.map { $0[1] } == [.int(1), .null, .int(3)])
    #expect(try db.cached("SELECT 1") !== first)
}

@Test func wrongArgumentCountThrows() throws {
    let db = try memoryDB()
    #expect(throws: StoreError.self) { try db.run("INSERT INTO t(a, b) VALUES (?, ?)", 1) }
    // The parameter-pack path checks the count too, in both directions.
    let insert = try db.prepare("INSERT INTO t(a, b) VALUES (?, ?)")
    #expect(throws: StoreError.self) { try insert.execute("a") }
    #expect(throws: StoreError.self) { try insert.execute("a", 1, 2) }
    #expect(try db.scalarInt("SELECT count(*) FROM t") == 0)
}

@Test func prepareRejectsSeveralStatementsButAllowsTrailingComment() throws {
    let db = try memoryDB()
    #expect(throws: StoreError.self) { try db.prepare("SELECT 1; SELECT 2") }
    let ok = try db.prepare("SELECT 1; -- trailing comment\n")
    #expect(try ok.rows().map { $0.int(0) } == [1])
    #expect(ok.columnCount == 1)
}

private struct Boom: Error {}

@Test func transactionRollsBackOnThrownError() throws {
    let db = try memoryDB()
    #expect(throws: Boom.self) {
        try db.transaction {
            try db.run("INSERT INTO t(a) VALUES (?)", "gone")
            try db.run("INSERT INTO t(a) VALUES (?)", "also gone")
            throw Boom()
        }
    }
    #expect(try db.scalarInt("SELECT count(*) FROM t") == 0)
    // The connection is usable and out of the transaction afterwards.
    let n = try db.transaction { () throws -> Int in
        try db.run("INSERT INTO t(a) VALUES (?)", "kept")
        return db.changes
    }
    #expect(n == 1)
    #expect(try db.scalarInt("SELECT count(*) FROM t") == 1)
}

@Test func constraintViolationHasExtendedCode() throws {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE TABLE u(name TEXT UNIQUE)")
    try db.run("INSERT INTO u VALUES (?)", "a")
    #expect(db.lastInsertRowID == 1)
    let sql = "INSERT INTO u VALUES (?)"
    do {
        try db.run(sql, "a")
        Issue.record("duplicate insert did not throw")
    } catch let StoreError.database(code, message, failedSQL) {
        #expect(code == 2067)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(message.contains("UNIQUE"))
        #expect(failedSQL == sql)
    }
    // The cached statement recovers after the failure.
    try db.run(sql, "b")
    #expect(try db.scalarInt("SELECT count(*) FROM u") == 2)
}

@Test func syntaxErrorCarriesMessageAndSQL() throws {
    let db = try Database(path: ":memory:")
    #expect(throws: StoreError.database(code: 1, message: "near \"SELEC\": syntax error", sql: "SELEC 1")) {
        try db.prepare("SELEC 1")
    }
}

@Test func foreignKeysAreEnforced() throws {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(p INTEGER REFERENCES p(id))")
    do {
        try db.run("INSERT INTO c VALUES (?)", 42)
        Issue.record("foreign key not enforced")
    } catch let StoreError.database(code, _, _) {
        #expect(code == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
    }
}

@Test(arguments: ["random", "text"])
func nonDatabaseFileIsNotAKBIndex(kind: String) throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let path = dir.path("index.sqlite")
    if kind == "random" {
        var generator = SplitMix64(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    } else {
        try "# My notes\n\nThis is markdown, not a database.\n".write(toFile: path, atomically: true, encoding: .utf8)
    }
    for readOnly in [false, true] {
        #expect(throws: StoreError.index(path: path, message: "not a kb index (not an SQLite database)")) {
            _ = try Database(path: path, readOnly: readOnly)
        }
    }
}

@Test func damagedDatabaseSaysRebuild() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let path = dir.path("index.sqlite")
    do {
        let db = try Database(path: path)
        try db.execute("PRAGMA journal_mode=DELETE")  // keep everything in the main file
        try db.execute("CREATE TABLE t(x TEXT)")
        try db.transaction {
            for i in 0..<200 { try db.run("INSERT INTO t VALUES (?)", String(repeating: "x\(i)", count: 50)) }
        }
    }
    // Overwrite page 2 (the table's root) with garbage, keeping the valid header.
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    let pageSize = 4096
    try #require(data.count > 2 * pageSize)
    data.replaceSubrange(pageSize..<(2 * pageSize), with: Data(repeating: 0xA5, count: pageSize))
    try data.write(to: URL(fileURLWithPath: path))
    let db = try Database(path: path)
    #expect(throws: StoreError.index(path: path, message: "the index is damaged: run kb index --rebuild")) {
        _ = try db.rows("SELECT count(*), max(x) FROM t")
    }
}

@Test func readOnlyMissingFileThrowsDatabaseError() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let path = dir.path("missing.sqlite")
    do {
        _ = try Database(path: path, readOnly: true)
        Issue.record("opened a missing file read-only")
    } catch let StoreError.database(code, _, _) {
        #expect(code & 0xFF == 14)  // SQLITE_CANTOPEN
    }
    #expect(!FileManager.default.fileExists(atPath: path))
}

@Test func userVersionRoundTrips() throws {
    let db = try Database(path: ":memory:")
    #expect(try db.userVersion == 0)
    try db.setUserVersion(42)
    #expect(try db.userVersion == 42)
    try db.setUserVersion(-3)
    #expect(try db.userVersion == -3)
    #expect(throws: StoreError.self) { try db.setUserVersion(Int(Int32.max) + 1) }
    #expect(try db.userVersion == -3)
}

@Test func fileDatabaseUsesWALAndPersists() throws {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let path = dir.path("index.sqlite")
    do {
        let db = try Database(path: path)
        #expect(db.path == path)
        #expect(try db.rows("PRAGMA journal_mode").first?.string(0) == "wal")
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try db.scalarInt("PRAGMA synchronous") == 1)  // NORMAL
        try db.execute("CREATE TABLE t(x)")
        try db.run("INSERT INTO t VALUES (?)", "kept")
        try db.setUserVersion(7)
    }
    let reader = try Database(path: path, readOnly: true)
    #expect(try reader.userVersion == 7)
    #expect(try reader.rows("SELECT x FROM t").map { $0.string(0) } == ["kept"])
    #expect(throws: StoreError.self) { try reader.run("INSERT INTO t VALUES (?)", "no") }
}

@Test func forEachRowStreamsAndStatementOutlivesDatabase() throws {
    var statement: Statement?
    var cachedStatement: Statement?
    do {
        let db = try memoryDB()
        for i in 1...5 { try db.run("INSERT INTO t(a) VALUES (?)", i) }
        let select = try db.prepare("SELECT a FROM t WHERE a > ? ORDER BY a")
        var seen: [Int64] = []
        try select.forEachRow([2]) { seen.append($0.int(0)!) }
        #expect(seen == [3, 4, 5])
        statement = select
        cachedStatement = try db.cached("SELECT count(*) FROM t")
    }
    // A prepared statement keeps the connection open (close_v2), a cached one is finalized.
    #expect(try statement?.rows(3).map { $0.int(0) } == [4, 5])
    #expect(throws: StoreError.self) { try cachedStatement?.rows() }
}

/// Deterministic generator so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A cursor reads each column in place and converts it exactly as a copied `Row` does.
@Test func rowCursorReadsAsRowDoes() throws {
    let db = try memoryDB()
    try db.run("INSERT INTO t(a, b, c) VALUES (NULL, 42, 2.0)")
    try db.run("INSERT INTO t(a, b, c) VALUES (2.5, '', 'Zürich 🙂')")
    try db.run("INSERT INTO t(a, b, c) VALUES (?, ?, 0)", [UInt8]([1, 2, 255]), [UInt8]())
    try db.run("INSERT INTO t(a, b, c) VALUES (-7, '12', x'6869')")
    let copied = try db.rows("SELECT a, b, c FROM t ORDER BY id")
    var k = 0
    try db.prepare("SELECT a, b, c FROM t ORDER BY id").forEachRow([]) { cursor in
        let row = copied[k]
        for i in 0..<3 {
            #expect(cursor.int(i) == row.int(i), "row \(k) column \(i)")
            #expect(cursor.double(i) == row.double(i), "row \(k) column \(i)")
            #expect(cursor.string(i) == row.string(i), "row \(k) column \(i)")
            #expect(cursor.bool(i) == row.bool(i), "row \(k) column \(i)")
            #expect(cursor.blob(i) == row.blob(i), "row \(k) column \(i)")
            for text in ["", "42", "12", "Zürich 🙂", "hi", "Zürich"] {
                #expect(cursor.hasText(i, equalTo: text) == row.hasText(i, equalTo: text), "row \(k) column \(i) \(text)")
            }
        }
        k += 1
    }
    #expect(k == 4)
    #expect(copied[0].int(2) == 2 && copied[1].int(0) == nil && copied[1].string(1) == "" && copied[2].blob(1) == [])
    // Text is compared as stored: numbers are not text, NULL is no text, not even empty.
    #expect(copied[1].hasText(2, equalTo: "Zürich 🙂") && copied[1].hasText(1, equalTo: ""))
    #expect(!copied[0].hasText(1, equalTo: "42") && !copied[0].hasText(0, equalTo: "") && !copied[1].hasText(2, equalTo: "Zürich"))
}

/// Rows and cursors read a column by the name SQLite gives it: the column's own name, without
/// its table, for a plain column.
@Test func rowsReadColumnsByName() throws {
    let db = try memoryDB()
    try db.run("INSERT INTO t(a, b, c) VALUES (?, ?, ?)", "text", 2.5, [UInt8]([1, 2]))
    try db.run("INSERT INTO t(a, b, c) VALUES (?, ?, ?)", 7, 1, nil as String?)
    try db.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, t INTEGER, name TEXT)")
    try db.run("INSERT INTO u(t, name) VALUES (1, 'first')")
    // Columns in another order than the table's, one from a join, qualified by their tables.
    let sql = "SELECT t.c, u.name, t.b, t.a, t.id FROM t LEFT JOIN u ON u.t = t.id ORDER BY t.id"
    let rows = try db.rows(sql)
    #expect(rows.map(\.columns.names) == [["c", "name", "b", "a", "id"], ["c", "name", "b", "a", "id"]])
    #expect(rows.map { $0.int("id") } == [1, 2])
    #expect(rows.map { $0.string("a") } == ["text", nil])
    #expect(rows.map { $0.int("a") } == [nil, 7])
    #expect(rows.map { $0.double("b") } == [2.5, 1])
    #expect(rows.map { $0.bool("b") } == [nil, true])
    #expect(rows.map { $0.blob("c") } == [[1, 2], nil])
    #expect(rows.map { $0.string("name") } == ["first", nil])
    #expect(rows.map { $0["a"] } == [.text("text"), .int(7)])
    #expect(rows[0].hasText("a", equalTo: "text") && !rows[1].hasText("a", equalTo: "7"))
    // Each by-name read is the positional read of that column, for cursors too.
    var k = 0
    try db.prepare(sql).forEachRow([]) { cursor in
        for (i, name) in ["c", "name", "b", "a", "id"].enumerated() {
            #expect(cursor.int(name) == rows[k].int(i) && cursor.double(name) == rows[k].double(i), "row \(k) \(name)")
            #expect(cursor.string(name) == rows[k].string(i) && cursor.bool(name) == rows[k].bool(i), "row \(k) \(name)")
            #expect(cursor.blob(name) == rows[k].blob(i), "row \(k) \(name)")
            #expect(cursor.hasText(name, equalTo: "text") == rows[k].hasText(i, equalTo: "text"), "row \(k) \(name)")
        }
        k += 1
    }
    #expect(k == 2)
}

/// An expression is read by its `AS` alias (without one, SQLite names it by its text).
@Test func aliasedExpressionColumnsAreReadByAlias() throws {
    let db = try memoryDB()
    try db.run("INSERT INTO t(a, b) VALUES (NULL, 'fallback')")
    try db.run("INSERT INTO t(a, b) VALUES ('kept', 'unused')")
    let row = try #require(try db.rows("""
        SELECT count(*) AS n, max(coalesce(a, b)) AS first, (SELECT count(*) FROM t WHERE a IS NULL) AS missing,
               sum(length(b)) / 2.0 AS half, count(*), a IS NULL AS unset
        FROM t
        """).first)
    #expect(row.columns.names == ["n", "first", "missing", "half", "count(*)", "unset"])
    #expect(row.int("n") == 2)
    #expect(row.string("first") == "kept")
    #expect(row.int("missing") == 1)
    #expect(row.double("half") == 7)
    #expect(row.int("count(*)") == 2)
    #expect(row.bool("unset") != nil)
    let rowid = try #require(try db.rows("SELECT rowid AS id, b FROM t ORDER BY rowid").last)
    #expect(rowid.int("id") == 2 && rowid.string("b") == "unused")
}

/// The names are read from SQLite once per statement: every row of every run, and every
/// cursor, shares the one `RowColumns` the statement keeps.
@Test func columnNamesAreReadOncePerStatement() throws {
    let db = try memoryDB()
    for i in 1...3 { try db.run("INSERT INTO t(a) VALUES (?)", i) }
    let sql = "SELECT id, a FROM t ORDER BY id"
    let statement = try db.cached(sql)
    let first = try statement.rows()
    let again = try db.cached(sql).rows()
    let names = statement.columns
    #expect(first.count == 3 && again.count == 3)
    #expect((first + again).allSatisfy { $0.columns === names })
    var cursors: [ObjectIdentifier] = []
    try statement.forEachRow([]) { cursors.append(ObjectIdentifier($0.columns)) }
    #expect(cursors == Array(repeating: ObjectIdentifier(names), count: 3))
    #expect(statement.columnNames == ["id", "a"])
    // Another statement has names of its own, equal when they are the same names.
    let other = try db.prepare(sql).rows()
    #expect(other[0].columns !== names && other[0].columns == names && other == first)
}

/// A name the statement does not select, or selects twice, is a programming error.
@Test func unknownOrAmbiguousColumnNameTraps() async {
    await #expect(processExitsWith: .failure) {
        let db = try Database(path: ":memory:")
        _ = try db.rows("SELECT 1 AS one").first?.int("two")
    }
    await #expect(processExitsWith: .failure) {
        let db = try Database(path: ":memory:")
        _ = try db.rows("SELECT 1 AS x, 2 AS x").first?.int("x")
    }
}

@Test func readConnectionsMapTheFile() throws {
    let folder = try TempFolder("kb-mmap")
    defer { folder.cleanup() }
    let writer = try Store(path: folder.path("kb.sqlite"))
    #expect(try writer.db.scalarInt("PRAGMA mmap_size") == 0, "writers read through the pager")
    let reader = try Store(path: folder.path("kb.sqlite"), readOnly: true)
    #expect(try reader.db.scalarInt("PRAGMA mmap_size") == Int64(Database.readMapBytes))
    // Workers that read much of the index (the speakers, aligning, a site) do not map it.
    #expect(try writer.readConnections().with { try $0.db.scalarInt("PRAGMA mmap_size") } == 0)
    #expect(try writer.readInBackground { try $0.db.scalarInt("PRAGMA mmap_size") }.wait().get() == 0)
}
