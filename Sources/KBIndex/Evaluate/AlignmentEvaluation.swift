import Foundation
import KBModel
import KBExtract
import KBAlign
import KBStore

/// One hand-labelled claim of alignment-dev.jsonl (fields in ../shared/gold/ALIGNMENT.md).
public struct GoldAlignment: Hashable, Sendable, Codable {
    public var path: String
    public var line: Int
    public var prefix: String
    public var video: String
    public var cited: [Int]
    public var verdict: String
    public var said_start: Double?
    public var said_end: Double?
    public var speaker: String?
    public var quote: String?
}

/// Verdict accuracy, alignment accuracy, detection F1 and speaker accuracy (issue 16).
public struct AlignmentScores: Sendable, Codable, Hashable {
    public struct Miss: Sendable, Codable, Hashable {
        public var path: String
        public var line: Int
        public var prefix: String
        public var expected: String
        public var got: String
        /// kb's passage, and the gold one, as `start-end`.
        public var passage: String?
        public var gold: String?
        public var score: Double?
    }

    public var claims = 0
    /// Gold claims with no claim of the index at their line and prefix.
    public var notFound = 0
    public var verdictsCorrect = 0
    public var alignedCorrect = 0
    /// Gold `supported` and `drifted` claims: those that have a place.
    public var alignable = 0
    public var flaggedTrue = 0
    public var flagged = 0
    public var goldFlagged = 0
    public var speakersCorrect = 0
    public var speakersTotal = 0
    public var misses: [Miss] = []

    public var verdictAccuracy: Double { claims == 0 ? 1 : Double(verdictsCorrect) / Double(claims) }
    public var alignmentAccuracy: Double { alignable == 0 ? 1 : Double(alignedCorrect) / Double(alignable) }
    public var detectionPrecision: Double { flagged == 0 ? (goldFlagged == 0 ? 1 : 0) : Double(flaggedTrue) / Double(flagged) }
    public var detectionRecall: Double { goldFlagged == 0 ? 1 : Double(flaggedTrue) / Double(goldFlagged) }
    public var detectionF1: Double {
        let p = detectionPrecision, r = detectionRecall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    public var speakerAccuracy: Double { speakersTotal == 0 ? 1 : Double(speakersCorrect) / Double(speakersTotal) }
}

public enum AlignmentEvaluation {
    public static func loadGold(path: String) throws -> [GoldAlignment] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw IndexError.gold(Diagnostic(file: path, message: "cannot read gold file"))
        }
        return try text.split(separator: "\n").filter { !$0.trimmingWhitespace.isEmpty }.map {
            try JSONDecoder().decode(GoldAlignment.self, from: Data($0.utf8))
        }
    }

    /// Indexes the gold notes' channel folders and the corpus's transcripts into a fresh index
    /// at `database`, and scores what kb index aligned there.
    public static func run(_ gold: [GoldAlignment], corpus: String, database: String) throws -> AlignmentScores {
        let folders = Set(gold.map { $0.path.split(separator: "/").dropLast().joined(separator: "/") })
        let store = try Store(path: database)
        _ = try Indexer(store: store).run(paths: folders.sorted().map { corpus + "/" + $0 } + [corpus + "/transcripts"])
        return try score(gold, store: store, corpus: corpus)
    }

    /// Scores the alignments in `store` (indexed from `corpus`) against the gold claims.
    public static func score(_ gold: [GoldAlignment], store: Store, corpus: String) throws -> AlignmentScores {
        var s = AlignmentScores()
        var byFile: [String: [VerifiedClaim]] = [:]
        for g in gold {
            let file = CorpusWalker.absolutePath(corpus + "/" + g.path)
            if byFile[file] == nil { byFile[file] = try store.verifiedClaims(VerifyScope(files: [file])) }
            s.claims += 1
            let candidates = (byFile[file] ?? []).filter { $0.line == g.line && $0.video == g.video }
            guard let got = candidates.first(where: { $0.text.hasPrefix(g.prefix) }) ?? candidates.first(where: { $0.text.hasPrefix(g.prefix.prefix(20)) }) else {
                s.notFound += 1
                s.misses.append(.init(path: g.path, line: g.line, prefix: g.prefix, expected: g.verdict, got: "(no claim)"))
                if g.verdict != "supported" { s.goldFlagged += 1 }
                if g.verdict != "unsupported" { s.alignable += 1 }
                continue
            }
            let verdict = got.verdict.rawValue
            if verdict == g.verdict { s.verdictsCorrect += 1 }
            let goldFlag = g.verdict != "supported", flag = got.verdict != .supported
            if goldFlag { s.goldFlagged += 1 }
            if flag { s.flagged += 1 }
            if flag && goldFlag { s.flaggedTrue += 1 }
            var placed = true
            if g.verdict != "unsupported", let gs = g.said_start {
                s.alignable += 1
                let ge = g.said_end ?? gs
                placed = got.start.map { $0 >= gs - Aligner.tolerance && $0 <= ge + Aligner.tolerance } ?? false
                if placed { s.alignedCorrect += 1 }
                if let speaker = g.speaker {
                    s.speakersTotal += 1
                    if let mine = got.speaker, sameSpeaker(mine, speaker) {
                        s.speakersCorrect += 1
                    } else {
                        s.misses.append(.init(path: g.path, line: g.line, prefix: g.prefix, expected: "speaker " + speaker,
                                              got: "speaker " + (got.speaker ?? "none"), passage: got.start.map { "\(Int($0))-\(Int(got.end ?? $0))" },
                                              gold: "\(Int(gs))-\(Int(ge))", score: got.score))
                    }
                }
            }
            if verdict != g.verdict || !placed {
                s.misses.append(.init(path: g.path, line: g.line, prefix: g.prefix, expected: g.verdict, got: verdict + (placed ? "" : " (elsewhere)"),
                                      passage: got.start.map { "\(Int($0))-\(Int(got.end ?? $0))" },
                                      gold: g.said_start.map { "\(Int($0))-\(Int(g.said_end ?? $0))" }, score: got.score))
            }
        }
        return s
    }

    /// A label as the transcript writes it and the name kb gives it: equal, or one the first
    /// or last word of the other (`Lenny`, Lenny Rachitsky).
    static func sameSpeaker(_ a: String, _ b: String) -> Bool {
        if a.caseInsensitiveCompare(b) == .orderedSame { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        let words = long.split(separator: " ")
        return !short.contains(" ") && words.contains { $0.caseInsensitiveCompare(short) == .orderedSame }
    }
}
