import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

private func judgment(_ qid: String, _ claim: Int, grade: Int, query: String = "q") -> SearchJudgment {
    SearchJudgment(qid: qid, query: query, path: "n.md", line: claim, prefix: "claim \(claim)", grade: grade)
}

/// Invented judgments: claim ids are the judgment's line.
private func score(_ gold: [SearchJudgment], _ results: [String: [Int64]]) -> (scores: SearchScores, unjudged: [UnjudgedResult]) {
    SearchEvaluation.evaluate(gold, locate: { Int64($0.line) }, search: { results[$0] ?? [] })
}

@Test func ndcgOfAPerfectRankingIsOneAndOfAReversedOneIsLess() {
    let grades: [Int64: Int] = [1: 2, 2: 1, 3: 0]
    #expect(SearchEvaluation.ndcg(ranked: [1, 2, 3], grades: grades, ideal: [2, 1, 0]) == 1)
    // Reversed: gains 0, 1, 3 at ranks 1..3 against 3, 1, 0.
    let reversed = (1 / log2(3.0) + 3 / 2) / (3 + 1 / log2(3.0))
    #expect(abs(SearchEvaluation.ndcg(ranked: [3, 2, 1], grades: grades, ideal: [2, 1, 0]) - reversed) < 1e-12)
    // Unjudged results gain nothing; the ideal counts judged claims the ranking never found.
    #expect(abs(SearchEvaluation.ndcg(ranked: [99, 1], grades: grades, ideal: [2, 2]) - (3 / log2(3.0)) / (3 + 3 / log2(3.0))) < 1e-12)
    #expect(SearchEvaluation.ndcg(ranked: [], grades: grades, ideal: [2]) == 0)
    // A query whose judgments are all 0 has no ideal gain: 0, not a division by zero.
    #expect(SearchEvaluation.ndcg(ranked: [3], grades: [3: 0], ideal: [0]) == 0)
}

@Test func ndcgStopsAtTen() {
    let grades = Dictionary(uniqueKeysWithValues: (1...12).map { (Int64($0), 1) })
    // The 11th and 12th results do not count: ten grade-1 claims in ten places is perfect.
    #expect(SearchEvaluation.ndcg(ranked: Array(1...12), grades: grades, ideal: Array(repeating: 1, count: 12)) == 1)
    let late: [Int64] = Array(100...109) + [1]
    #expect(SearchEvaluation.ndcg(ranked: late, grades: grades, ideal: [1]) == 0)
}

@Test func precisionAtFiveCountsGradesOfOneOrMoreAndEmptyPlacesAsMisses() {
    let grades: [Int64: Int] = [1: 2, 2: 1, 3: 0]
    #expect(SearchEvaluation.precision(ranked: [1, 2, 3, 4, 5, 6], grades: grades) == 0.4)
    #expect(SearchEvaluation.precision(ranked: [1], grades: grades) == 0.2)
    #expect(SearchEvaluation.precision(ranked: [6, 7, 8, 9, 10, 1], grades: grades) == 0)
}

@Test func evaluateAveragesQueriesAndCountsEmptyAndJudgedShare() {
    let gold = [judgment("a", 1, grade: 2, query: "alpha"), judgment("a", 2, grade: 1, query: "alpha"),
                judgment("b", 3, grade: 2, query: "beta")]
    let (s, unjudged) = score(gold, ["alpha": [1, 2, 7]])
    #expect(s.queries.map(\.qid) == ["a", "b"])
    #expect(s.queries[0].ndcg10 == 1)
    #expect(s.queries[0].p5 == 0.4)
    #expect(s.queries[0].judgedTop10 == 2)
    #expect(s.queries[1].results == 0)
    #expect(s.ndcg10 == 0.5)
    #expect(abs(s.p5 - 0.2) < 1e-12)
    #expect(s.emptyQueries == 1)
    #expect(s.emptyShare == 0.5)
    #expect(abs(s.judgedShare - 2.0 / 3.0) < 1e-12)
    #expect(unjudged == [UnjudgedResult(qid: "a", query: "alpha", rank: 3, claim: 7)])
}

@Test func unmappedJudgmentsStayInTheIdealAndAreCounted() {
    let gold = [judgment("a", 1, grade: 1, query: "alpha"), judgment("a", 2, grade: 2, query: "alpha")]
    let s = SearchEvaluation.evaluate(gold, locate: { $0.line == 2 ? nil : Int64($0.line) }, search: { _ in [1] }).scores
    #expect(s.unmapped == 1)
    #expect(s.queries[0].unmapped == 1)
    #expect(abs(s.queries[0].ndcg10 - 1 / (3 + 1 / log2(3.0))) < 1e-12)
}

@Test func goldFilesAreReadTogetherAndTheFirstGradeWins() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    let a = try folder.write("a.jsonl", """
        {"qid": "x", "query": "otters", "path": "p/n.md", "line": 3, "prefix": "Otters hold hands", "grade": 2, "source": "pool"}

        """)
    let b = try folder.write("b.jsonl", """
        {"qid": "x", "query": "otters", "path": "p/n.md", "line": 3, "prefix": "otters hold HANDS", "grade": 0, "source": "kb-dev"}
        {"qid": "x", "query": "otters", "path": "p/n.md", "line": 4, "prefix": "They sleep", "grade": 1, "source": "kb-dev"}
        """)
    let gold = try SearchEvaluation.loadGold(paths: [a, b])
    #expect(gold.map(\.grade) == [2, 1])
    let bad = try folder.write("bad.jsonl", "{\"qid\": \"x\"}\n")
    #expect(throws: IndexError.self) { try SearchEvaluation.loadGold(paths: [bad]) }
}

@Test func aJudgmentPicksTheClaimOnItsLineByPrefix() {
    let claims: [(id: Int64, text: String)] = [(1, "Power of Alignment: When great powers align, outcomes follow."),
                                                (2, "This ensures:")]
    #expect(SearchEvaluation.pick(SearchJudgment(qid: "q", query: "q", path: "", line: 1, prefix: "power of alignment: when great powers al", grade: 1), among: claims) == 1)
    #expect(SearchEvaluation.pick(SearchJudgment(qid: "q", query: "q", path: "", line: 1, prefix: "This ensures:", grade: 1), among: claims) == 2)
    #expect(SearchEvaluation.pick(SearchJudgment(qid: "q", query: "q", path: "", line: 1, prefix: "Nothing like it", grade: 1), among: claims) == nil)
}

@Test func aJudgmentNamesItsClaimByTheDigestOfItsOpeningWithoutCopyingIt() throws {
    let claims: [(id: Int64, text: String)] = [(1, "Otters hold hands while they sleep."), (2, "Otters float on their backs.")]
    let d = SearchEvaluation.digest("Otters float on their backs.")
    // Case, punctuation and what follows the first 40 characters do not change the digest.
    #expect(SearchEvaluation.digest("otters FLOAT on their backs") == d)
    #expect(SearchEvaluation.digest("Otters hold hands while they sleep in kelp beds at dusk.")
            == SearchEvaluation.digest("Otters hold hands while they sleep in kelp beds at dawn."))
    #expect(SearchEvaluation.pick(SearchJudgment(qid: "q", query: "q", path: "", line: 1, prefix: "", digest: d, grade: 2),
                                  among: claims) == 2)
    #expect(SearchEvaluation.pick(SearchJudgment(qid: "q", query: "q", path: "", line: 1, prefix: "", digest: "0", grade: 2),
                                  among: claims) == nil)
    // A line without a prefix reads: the digest is enough.
    let line = #"{"qid": "x", "query": "otters", "path": "p/n.md", "line": 3, "digest": "\#(d)", "grade": 1, "source": "kb-dev"}"#
    let j = try JSONDecoder().decode(SearchJudgment.self, from: Data(line.utf8))
    #expect(j.digest == d && j.prefix.isEmpty && j.grade == 1)
}
