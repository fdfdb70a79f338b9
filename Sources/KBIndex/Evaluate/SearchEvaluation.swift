import KBModel
import KBExtract
import KBStore
import KBQuery
import Foundation

/// One graded claim for one query, as in ../shared/gold/search-dev.jsonl (SEARCH.md there):
/// the claim is named by its note's path (relative to the corpus), its line and the first
/// 40 characters of its text (`prefix`), or instead a digest of them (`digest`,
/// `SearchEvaluation.digest`), so that judgments kept in this repository copy no corpus text.
public struct SearchJudgment: Hashable, Sendable, Codable {
    public var qid: String
    public var query: String
    public var path: String
    public var line: Int
    /// Empty when the judgment names its claim by `digest`.
    public var prefix: String
    public var digest: String?
    /// 2 = helps answer the query, 1 = on topic but partly useful, 0 = not about it.
    public var grade: Int
    public var source: String?

    public init(qid: String, query: String, path: String, line: Int, prefix: String, digest: String? = nil, grade: Int,
                source: String? = nil) {
        self.qid = qid
        self.query = query
        self.path = path
        self.line = line
        self.prefix = prefix
        self.digest = digest
        self.grade = grade
        self.source = source
    }

    enum CodingKeys: String, CodingKey { case qid, query, path, line, prefix, digest, grade, source }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        qid = try c.decode(String.self, forKey: .qid)
        query = try c.decode(String.self, forKey: .query)
        path = try c.decode(String.self, forKey: .path)
        line = try c.decode(Int.self, forKey: .line)
        prefix = try c.decodeIfPresent(String.self, forKey: .prefix) ?? ""
        digest = try c.decodeIfPresent(String.self, forKey: .digest)
        grade = try c.decode(Int.self, forKey: .grade)
        source = try c.decodeIfPresent(String.self, forKey: .source)
    }
}

/// How one query's ranking scores against its judgments.
public struct SearchQueryScore: Sendable, Codable, Hashable {
    public var qid: String
    public var query: String
    /// nDCG@10: gain 2^grade − 1, unjudged results gain 0, the ideal ranking from all judged claims.
    public var ndcg10: Double
    /// Share of the first five places holding a claim graded 1 or 2 (an empty place counts as a miss).
    public var p5: Double
    /// Results returned (up to the depth asked for).
    public var results: Int
    /// How many of the first ten results are judged.
    public var judgedTop10: Int
    /// The first ten results.
    public var top10: Int
    /// Judgments of this query, and how many of them name no claim of the index.
    public var judgments: Int
    public var unmapped: Int
}

/// Scores of a whole gold set.
public struct SearchScores: Sendable, Codable, Hashable {
    public var queries: [SearchQueryScore]
    public var ndcg10: Double
    public var p5: Double
    /// Share of queries that returned nothing.
    public var emptyShare: Double
    public var emptyQueries: Int
    /// Share of all first-ten results that are judged.
    public var judgedShare: Double
    public var judgments: Int
    public var unmapped: Int
}

/// A result of the first ten that no judgment grades, ready to be judged.
public struct UnjudgedResult: Sendable, Codable, Hashable {
    public var qid: String
    public var query: String
    public var rank: Int
    public var claim: Int64
}

/// nDCG@10, P@5, empty queries and judged share for kb's search on graded judgments.
///
/// The scorer works on claim ids: `evaluate` takes a locator (judgment → claim id) and a
/// search (query → ranked claim ids), so it is tested on invented data without an index.
public enum SearchEvaluation {
    public static let depth = 10

    /// Judgments from several JSONL files, in order; a claim judged twice for the same query
    /// keeps its first grade.
    public static func loadGold(paths: [String]) throws -> [SearchJudgment] {
        var out: [SearchJudgment] = []
        var seen = Set<String>()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw IndexError.gold(Diagnostic(file: path, message: "cannot read gold file"))
            }
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.allSatisfy({ $0.isWhitespace }) {
                let j: SearchJudgment
                do { j = try JSONDecoder().decode(SearchJudgment.self, from: Data(line.utf8)) } catch {
                    throw IndexError.gold(Diagnostic(file: path, line: n + 1, message: "not a judgment: \(error)"))
                }
                guard (0...2).contains(j.grade) else { throw IndexError.gold(Diagnostic(file: path, line: n + 1, message: "grade must be 0, 1 or 2")) }
                let key = "\(j.qid)\u{1}\(j.path)\u{1}\(j.line)\u{1}" + (j.digest.map { "#" + $0 } ?? normalized(j.prefix))
                if seen.insert(key).inserted { out.append(j) }
            }
        }
        return out
    }

    /// Gain of a grade: 2^grade − 1.
    static func gain(_ grade: Int) -> Double { Double((1 << max(grade, 0)) - 1) }

    /// DCG of gains in rank order, the first `k`.
    static func dcg(_ gains: [Double], k: Int = depth) -> Double {
        var total = 0.0
        for (i, g) in gains.prefix(k).enumerated() { total += g / log2(Double(i + 2)) }
        return total
    }

    /// nDCG@k of a ranking; `grades` holds the judged claims, `ideal` every grade judged for the
    /// query (claims found in the index or not).
    public static func ndcg(ranked: [Int64], grades: [Int64: Int], ideal: [Int], k: Int = depth) -> Double {
        let best = dcg(ideal.sorted(by: >).map(gain), k: k)
        guard best > 0 else { return 0 }
        return dcg(ranked.map { grades[$0].map(gain) ?? 0 }, k: k) / best
    }

    /// Share of the first `k` places holding a claim graded ≥ 1.
    public static func precision(ranked: [Int64], grades: [Int64: Int], k: Int = 5) -> Double {
        Double(ranked.prefix(k).filter { (grades[$0] ?? 0) >= 1 }.count) / Double(k)
    }

    /// Scores every query of `gold` (in order of first appearance).
    /// - Parameters:
    ///   - locate: the claim a judgment names, nil when the index has none.
    ///   - search: the ranked claim ids for a query (at least the first ten).
    public static func evaluate(_ gold: [SearchJudgment], locate: (SearchJudgment) throws -> Int64?,
                                search: (String) throws -> [Int64]) rethrows -> (scores: SearchScores, unjudged: [UnjudgedResult]) {
        var order: [String] = []
        var byQuery: [String: [SearchJudgment]] = [:]
        for j in gold {
            if byQuery[j.qid] == nil { order.append(j.qid) }
            byQuery[j.qid, default: []].append(j)
        }
        var queries: [SearchQueryScore] = []
        var unjudged: [UnjudgedResult] = []
        var unmappedTotal = 0
        for qid in order {
            let judgments = byQuery[qid]!
            var grades: [Int64: Int] = [:]
            var unmapped = 0
            for j in judgments {
                if let id = try locate(j) {
                    grades[id] = max(grades[id] ?? 0, j.grade)
                } else {
                    unmapped += 1
                }
            }
            unmappedTotal += unmapped
            let query = judgments[0].query
            let ranked = Array(try search(query).prefix(depth))
            let judged = ranked.filter { grades[$0] != nil }.count
            for (i, id) in ranked.enumerated() where grades[id] == nil {
                unjudged.append(UnjudgedResult(qid: qid, query: query, rank: i + 1, claim: id))
            }
            queries.append(SearchQueryScore(
                qid: qid, query: query,
                ndcg10: ndcg(ranked: ranked, grades: grades, ideal: judgments.map(\.grade)),
                p5: precision(ranked: ranked, grades: grades),
                results: ranked.count, judgedTop10: judged, top10: ranked.count,
                judgments: judgments.count, unmapped: unmapped))
        }
        let n = Double(max(queries.count, 1))
        let shown = queries.map(\.top10).reduce(0, +)
        let empty = queries.filter { $0.results == 0 }.count
        let scores = SearchScores(
            queries: queries,
            ndcg10: queries.map(\.ndcg10).reduce(0, +) / n,
            p5: queries.map(\.p5).reduce(0, +) / n,
            emptyShare: Double(empty) / n, emptyQueries: empty,
            judgedShare: shown == 0 ? 0 : Double(queries.map(\.judgedTop10).reduce(0, +)) / Double(shown),
            judgments: gold.count, unmapped: unmappedTotal)
        return (scores, unjudged)
    }

    /// Lowercase letters and digits only: how a judgment's prefix is compared with a claim's text.
    public static func normalized(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    /// The digest a judgment names a claim by: FNV-1a 64, in hex, of the first 40 characters
    /// of its text, `normalized`.
    public static func digest(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in normalized(String(text.prefix(40))).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    /// Which of the claims on a judgment's line it names: the one whose `digest` it gives,
    /// else the one whose text starts with the prefix (letters and digits compared, case
    /// folded); a claim shorter than the prefix matches when the prefix starts with all of it.
    public static func pick(_ judgment: SearchJudgment, among claims: [(id: Int64, text: String)]) -> Int64? {
        if let d = judgment.digest { return claims.first(where: { digest($0.text) == d })?.id }
        let want = normalized(judgment.prefix)
        guard !want.isEmpty else { return claims.count == 1 ? claims[0].id : nil }
        if let hit = claims.first(where: { normalized($0.text).hasPrefix(want) }) { return hit.id }
        return claims.first(where: { let t = normalized($0.text); return !t.isEmpty && want.hasPrefix(t) })?.id
    }
}
