import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

private let documents: [Int64: String] = [
    1: "The quick brown fox jumps over the lazy dog",
    2: "GPT-4 was released in the U.S. by OpenAI",
    3: "Café prices rose to $2.15 in China's cities",
    4: "A lazy afternoon near the river",
    5: "title: notes about NEAR and NOT operators (draft) ^caret",
    6: "Running runners ran",
    7: "The dog barked at the brown cat",
]

/// An in-memory FTS5 table tokenized as kb's index will be.
private func ftsDatabase() throws -> Database {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')")
    for (rowid, text) in documents {
        try db.run("INSERT INTO t(rowid, text) VALUES (?, ?)", rowid, text)
    }
    return db
}

/// Rowids that the user query matches, through `FTSQuery`.
private func matches(_ query: String, in db: Database) throws -> [Int64] {
    let expression = try FTSQuery.matchExpression(for: query)
    return try db.rows("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", expression).compactMap { $0.int(0) }
}

@Test(arguments: [
    ("fox", [1]),
    ("brown dog", [1, 7]),
    ("lazy", [1, 4]),
    ("\"brown fox\"", [1]),
    ("\"fox brown\"", []),
    ("brown -cat", [1]),
    ("dog -\"brown cat\"", [1]),
    ("dog -\"cat brown\"", [1, 7]),
    ("fox OR cat", [1, 7]),
    ("fox OR river lazy", [1, 4]),
    ("fox OR cat OR openai", [1, 2, 7]),
    ("fox or cat", []),  // lowercase `or` is a word no document has
    ("fo*", [1]),
    ("riv* -fox", [4]),
    ("\"brown c\"*", [7]),
    ("-\"lazy d\"* lazy", [4]),
    ("run", [6]),
    ("GPT-4", [2]),
    ("U.S.", [2]),
    ("$2.15", [3]),
    ("China's", [3]),
    ("title:notes", [5]),
    ("NEAR", [4, 5]),  // just the word: row 4 says "near"
    ("AND", [5]),
    ("NOT", [5]),
    ("(draft)", [5]),
    ("^caret", [5]),
    ("+notes", [5]),
    ("cafe", [3]),
    ("CAFÉ", [3]),
    ("cafe\u{301}", [3]),  // decomposed accent
    ("fox ( ) ^ :", [1]),  // tokens with no letter or digit are dropped
    ("fox\u{0}dog", [1]),  // control characters separate words
])
func queryMatchesExpectedRows(query: String, expected: [Int64]) throws {
    let db = try ftsDatabase()
    #expect(try matches(query, in: db) == expected)
}

@Test func expressionShape() throws {
    #expect(try FTSQuery.matchExpression(for: "a b") == #""a" AND "b""#)
    #expect(try FTSQuery.matchExpression(for: "a OR b c") == #"("a" OR "b") AND "c""#)
    #expect(try FTSQuery.matchExpression(for: #"a -b -"c d""#) == #"("a") NOT "b" NOT "c d""#)
    #expect(try FTSQuery.matchExpression(for: "pre*") == #""pre" *"#)
    #expect(try FTSQuery.matchExpression(for: "NEAR(a b)") == #""NEAR(a" AND "b)""#)
    #expect(try FTSQuery.matchExpression(for: #"say"hi""#) == #""say" AND "hi""#)
}

@Test(arguments: [
    ("", "search needs at least one word"),
    ("   \n\t", "search needs at least one word"),
    ("( ) ^ : .", "search needs at least one word"),
    ("\"\"", "search needs at least one word"),
    ("\"brown fox", "unclosed quote in search: \"brown fox"),
    ("fox -\"brown", "unclosed quote in search: fox -\"brown"),
    ("a \"b\" \"c\nd", "unclosed quote in search: a \"b\" \"c d"),
    ("-fox", "a search cannot only exclude words: add a word to look for"),
    ("-fox -\"lazy dog\"", "a search cannot only exclude words: add a word to look for"),
    ("OR fox", "OR needs a word to look for on each side, as in: cats OR dogs"),
    ("fox OR", "OR needs a word to look for on each side, as in: cats OR dogs"),
    ("fox OR OR cat", "OR needs a word to look for on each side, as in: cats OR dogs"),
    ("fox OR -cat", "OR needs a word to look for on each side, as in: cats OR dogs"),
    ("fox OR ( )", "OR needs a word to look for on each side, as in: cats OR dogs"),
    ("OR", "OR needs a word to look for on each side, as in: cats OR dogs"),
    ("fox -", "a lone - must be followed by the word to exclude, as in: -word"),
    ("fox *", "* only goes at the end of a word, as in: prefix*"),
    ("fo*x", "* only goes at the end of a word, as in: prefix*"),
    ("*fox", "* only goes at the end of a word, as in: prefix*"),
    ("fox**", "* only goes at the end of a word, as in: prefix*"),
    ("-*", "* only goes at the end of a word, as in: prefix*"),
])
func badQueriesGiveUsageErrors(query: String, message: String) {
    #expect(throws: StoreError.query(message)) { try FTSQuery.matchExpression(for: query) }
}

/// Pseudo-random input heavy in FTS5 syntax: every string must either be refused
/// with a usage error or become an expression SQLite accepts.
@Test func randomInputNeverReachesSQLiteAsBadSyntax() throws {
    let db = try ftsDatabase()
    let alphabet = Array(#"""**--(())^^::++..ORNEAR   ab"xé9'$\"#)
    var generator = SplitMix64(seed: 0x6B62)
    var accepted = 0
    var refused = 0
    for _ in 0..<3000 {
        let length = Int.random(in: 0...24, using: &generator)
        let query = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        let expression: String
        do {
            expression = try FTSQuery.matchExpression(for: query)
        } catch StoreError.query {
            refused += 1
            continue
        }
        do {
            _ = try db.rows("SELECT rowid FROM t WHERE t MATCH ?", expression)
            accepted += 1
        } catch {
            Issue.record("query \(query.debugDescription) gave \(expression.debugDescription), which SQLite refused: \(error)")
        }
    }
    // Both outcomes must be exercised, or the alphabet is not testing anything.
    #expect(accepted > 300)
    #expect(refused > 300)
}
