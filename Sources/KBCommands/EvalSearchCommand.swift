import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation


extension Eval {
    /// `kb eval search GOLD.jsonl [GOLD2.jsonl …]`: nDCG@10, P@5, empty queries and judged share
    /// of kb's search on graded judgments (../shared/gold/SEARCH.md).
    public struct SearchEval: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Score kb search on graded relevance judgments (JSONL).",
            discussion: """
                Brings the index (--db, default a cache file in the temporary folder) up to date \
                with the corpus folders the judgments name, finds each judged claim by its path, \
                line and text prefix (or the digest of that prefix), runs kb's search for every query and prints per query and \
                overall: nDCG@10 (gain 2^grade-1, unjudged results 0, ideal from all judged claims), \
                P@5 (grade >= 1), the share of queries with no result, and the share of the first \
                ten results that is judged. Several gold files are read as one (a claim judged \
                twice keeps its first grade).
                """)

        @Argument(help: "Gold JSONL files (fields as in SEARCH.md).")
        var gold: [String]

        @Option(help: "Corpus folder the gold paths are relative to (default: ../corpus beside the first gold file).")
        var corpus: String?

        @Option(help: ArgumentHelp("The index to search (default: a cache in the temporary folder).", valueName: "file"))
        var db: String?

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Also list the unjudged results of each query's first ten, as JSONL lines to grade (with the claim's text to read and the digest that names it without its text).")
        var unjudged = false

        public init() {}

        public func run() throws {
            try guarded {
                let judgments = try SearchEvaluation.loadGold(paths: gold)
                guard !judgments.isEmpty else { throw CommandError.usage("no judgments in \(gold.joined(separator: " "))") }
                let root = CorpusWalker.absolutePath(corpus ?? URL(fileURLWithPath: gold[0]).deletingLastPathComponent()
                    .appendingPathComponent("../corpus").path)
                guard FileManager.default.fileExists(atPath: root) else { throw CommandError.usage("\(root): no corpus folder") }
                // The top folders the judgments name (seed-wiki, channels): only those are indexed.
                let folders = Set(judgments.map { j in String(j.path.split(separator: "/").first ?? "") }).sorted()
                let dbPath = db ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("kb-eval-search-\(Self.hash(root + "|" + folders.joined(separator: "|"))).sqlite").path
                let store = try Self.indexed(folders.map { root + "/" + $0 }, db: dbPath)

                let (scores, open) = try SearchEvaluation.evaluate(judgments, locate: { j in
                    SearchEvaluation.pick(j, among: try store.claims(inFile: root + "/" + j.path, line: j.line))
                }, search: { query in
                    try store.search(SearchRequest(query: query, limit: SearchEvaluation.depth)).map(\.claim)
                })
                switch format {
                case .json: try Output.printJSON(scores)
                case .text: print(Self.table(scores))
                }
                if unjudged { try printUnjudged(open, store: store, root: root) }
            }
        }

        /// The index at `db`, brought up to date with `folders` (unchanged notes are not read).
        static func indexed(_ folders: [String], db: String) throws -> Store {
            let lock = try IndexLock(databasePath: db) { Output.printError($0) }
            defer { lock.release() }
            let store = try Store(path: db)
            let report = try Indexer(store: store).run(paths: folders)
            if report.indexed > 0 || report.removed > 0 {
                Output.printError("eval: indexed \(report.indexed) notes into \(db)")
            }
            return store
        }

        static func table(_ s: SearchScores) -> String {
            var lines = ["qid    nDCG@10  P@5   results  judged@10  query"]
            for q in s.queries {
                lines.append(q.qid.padding(toLength: 6, withPad: " ", startingAt: 0)
                    + String(format: " %.3f    %.2f  %7d  %4d/%-4d  ", q.ndcg10, q.p5, q.results, q.judgedTop10, q.top10) + q.query)
            }
            lines.append(String(format: "overall nDCG@10 %.3f  P@5 %.3f  queries without results %d/%d (%.0f%%)  judged share of top 10 %.1f%%",
                                s.ndcg10, s.p5, s.emptyQueries, s.queries.count, s.emptyShare * 100, s.judgedShare * 100))
            lines.append("judgments: \(s.judgments)" + (s.unmapped > 0 ? " (\(s.unmapped) name no claim of the index)" : ""))
            return lines.joined(separator: "\n")
        }

        /// Unjudged results as judgment lines without a grade, with the claim's place to judge it by.
        private func printUnjudged(_ open: [UnjudgedResult], store: Store, root: String) throws {
            let places = try store.claimPlaces(open.map(\.claim))
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            struct Line: Encodable {
                var qid, query, path: String
                var line: Int
                var prefix, digest: String
                var rank: Int
                var title, section, text: String
            }
            for u in open {
                guard let p = places[u.claim] else { continue }
                let path = p.file.hasPrefix(root + "/") ? String(p.file.dropFirst(root.count + 1)) : p.file
                let line = Line(qid: u.qid, query: u.query, path: path, line: p.line, prefix: String(p.text.prefix(40)),
                                digest: SearchEvaluation.digest(p.text), rank: u.rank, title: p.title, section: p.section, text: p.text)
                print(String(decoding: try enc.encode(line), as: UTF8.self))
            }
        }

        /// FNV-1a 64 of a string, in hex: names the cache index of one corpus.
        static func hash(_ s: String) -> String {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return String(h, radix: 16)
        }
    }
}
