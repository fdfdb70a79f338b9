import KBModel
import KBExtract
import KBStore

/// Re-ranks the few hundred claims bm25 puts first by how well each claim itself answers
/// the query (docs/search.md):
///
/// 1. claims whose own text holds at least one of the query's concepts and that hold all
///    of them (in the text, or the rest in the note title or section) come first;
/// 2. then claims whose text holds some of them, the most concepts first;
/// 3. last, claims whose text holds none (only their title or heading matches) and
///    fragments: short claims that end in ":" and introduce a list said elsewhere.
///
/// Within a tier: bm25 (relative to the best candidate), plus how much of the query the
/// claim holds (a concept only its title or section holds counts half), how much its text
/// itself holds, how close together its words stand, and whether its note is about the
/// query (several candidates come from it), whether it names a concept in its first
/// tokens; less for a claim about the note itself or a long one introducing a list (ending
/// in ":"). Then a near-copy of a claim placed above goes to the end of its tier, and one
/// note gets at most `perNote` of the places before every other note's claims are shown.
public enum Rerank {
    /// A concept's forms as token sequences of the index (stemmed); `prefix` when the last
    /// token matches any token it begins.
    public struct Form: Sendable, Hashable {
        public var tokens: [String]
        public var prefix: Bool

        public init(tokens: [String], prefix: Bool = false) {
            self.tokens = tokens
            self.prefix = prefix
        }
    }

    /// One candidate claim, its columns tokenized as the index tokenizes them.
    public struct Candidate: Sendable {
        public var id: Int64
        public var note: Int64
        /// bm25 from FTS5 (kb_rank): lower is better.
        public var bm25: Double
        public var text: [String]
        public var section: [String]
        public var title: [String]
        /// The claim's text as written (for the trailing ":").
        public var raw: String

        public init(id: Int64, note: Int64, bm25: Double, text: [String], section: [String], title: [String], raw: String) {
            self.id = id
            self.note = note
            self.bm25 = bm25
            self.text = text
            self.section = section
            self.title = title
            self.raw = raw
        }
    }

    /// How a candidate was placed.
    public struct Placed: Sendable, Hashable {
        public var id: Int64
        public var note: Int64
        public var tier: Int
        /// The share of the query's weight the claim's text holds, and that it holds with
        /// its title and section.
        public var inText: Double
        public var inClaim: Double
        public var score: Double
    }

    /// Weights of a claim's score within its tier, against bm25 relative to the best
    /// candidate (1 for the best): the share of the query's weight the claim holds (text,
    /// title, section), the share its text holds, and how close its words stand.
    static let coverageWeight = 1.5
    static let textWeight = 0.6
    static let proximityWeight = 0.3
    /// What a concept held only by the claim's title or section counts toward the claim's
    /// share, against 1 for one its text holds (it still counts in full for the tier).
    static let headingShare = 0.5
    /// A note several candidates come from is about the query: each of its claims gains
    /// `noteWeight` × min(candidates of the note, `noteFocus`) / `noteFocus`.
    static let noteWeight = 0.3
    static let noteFocus = 3
    /// A claim about the note itself ("This article explores…", "see also", "refer to")
    /// carries little of the topic: it loses this much.
    static let selfReferencePenalty = 0.5
    /// Word pairs that make a claim speak of the note rather than its topic.
    static let selfReference: Set<[String]> = [
        ["this", "article"], ["this", "video"], ["this", "episode"], ["this", "post"], ["this", "summary"],
        ["this", "note"], ["refer", "to"], ["see", "also"], ["further", "reading"],
    ]
    /// A claim this short that ends in ":" introduces a list: a fragment.
    static let fragmentTokens = 12
    /// A longer claim ending in ":" also introduces a list said elsewhere ("Several factors
    /// explain why the harbour pumps failed in winter, among them:"): it loses this much.
    static let listLeadPenalty = 1.0
    /// A claim that names a concept of the query among its first `leadTokens` tokens is about
    /// it ("Tidal power follows the moon…" against "…, which also holds for tidal power"):
    /// it gains `leadWeight`.
    static let leadTokens = 3
    static let leadWeight = 0.2
    /// Two claims whose distinct tokens are at least this much the same (shared / either's,
    /// the Jaccard index) say the same thing: the lower goes to the end of its tier.
    static let nearCopyShare = 0.8
    /// Only the first this many claims in order are compared with those kept above them (each
    /// with each: a search with `--limit 100000` re-ranks that many candidates).
    static let nearCopyDepth = 200
    /// At most this many results from one note before other notes' claims of the same tier.
    public static let perNote = 3

    /// Candidates in the order to show; `concepts[c]` are the forms of concept c,
    /// `weights[c]` its weight (idf × emphasis; all equal when nil), `required[c]` whether a
    /// claim must hold it to hold the query (all when nil).
    public static func order(_ candidates: [Candidate], concepts: [[Form]], weights: [Double]? = nil,
                             required: [Bool]? = nil, perNote: Int? = Rerank.perNote) -> [Placed] {
        let query = Query(concepts: concepts, weights: weights, required: required)
        let best = candidates.map(\.bm25).min() ?? 0
        var fromNote: [Int64: Int] = [:]
        for c in candidates { fromNote[c.note, default: 0] += 1 }
        var placed = candidates.map { place($0, query, best: best, noteCandidates: fromNote[$0.note] ?? 0) }.sorted(by: ranksAbove)
        placed = nearCopiesLast(placed, texts: Dictionary(candidates.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a }))
        guard let perNote else { return placed }
        return capPerNote(placed, perNote)
    }

    /// Tier first, then score, then id (a stable order for equal scores).
    static func ranksAbove(_ a: Placed, _ b: Placed) -> Bool {
        if a.tier != b.tier { return a.tier > b.tier }
        if a.score != b.score { return a.score > b.score }
        return a.id < b.id
    }

    /// The query as re-ranking reads it: each concept's forms, weight and whether it is required.
    struct Query {
        var concepts: [[Form]]
        var weights: [Double]
        var required: [Bool]
        var requiredCount: Int
        var total: Double

        init(concepts: [[Form]], weights: [Double]?, required: [Bool]?) {
            self.concepts = concepts
            self.required = required ?? Array(repeating: true, count: concepts.count)
            self.weights = weights.map { w in w.map { max($0, 1e-6) } } ?? Array(repeating: 1, count: concepts.count)
            requiredCount = self.required.filter { $0 }.count
            total = max(self.weights.reduce(0, +), 1e-9)
        }
    }

    /// One candidate's tier and score (docs/search.md, section 2); `best` is the best bm25 of
    /// the candidates, `noteCandidates` how many of them come from the claim's note.
    static func place(_ c: Candidate, _ q: Query, best: Double, noteCandidates: Int) -> Placed {
        var positions: [[Int]] = []
        var inText = 0.0, inClaim = 0.0
        var requiredInText = 0, requiredInClaim = 0
        for (k, forms) in q.concepts.enumerated() {
            let p = matches(forms, in: c.text)
            positions.append(p)
            if !p.isEmpty {
                inText += q.weights[k]
                inClaim += q.weights[k]
                if q.required[k] { requiredInText += 1; requiredInClaim += 1 }
            } else if !matches(forms, in: c.section).isEmpty || !matches(forms, in: c.title).isEmpty {
                inClaim += headingShare * q.weights[k]
                if q.required[k] { requiredInClaim += 1 }
            }
        }
        let endsInColon = c.raw.trimmingWhitespace.hasSuffix(":")
        let fragment = endsInColon && c.text.count <= fragmentTokens
        let tier: Int
        if requiredInText == 0 || fragment {
            tier = 0
        } else if requiredInClaim == q.requiredCount {
            tier = 2
        } else {
            tier = 1
        }
        let relative = best < 0 ? c.bm25 / best : 0
        var score = relative + coverageWeight * inClaim / q.total + textWeight * inText / q.total
        score += proximityWeight * proximity(positions.filter { !$0.isEmpty })
        score += noteWeight * noteFocusShare(noteCandidates)
        if speaksOfItself(c.raw) { score -= selfReferencePenalty }
        if endsInColon && !fragment { score -= listLeadPenalty }
        if positions.contains(where: { $0.contains { $0 < leadTokens } }) { score += leadWeight }
        return Placed(id: c.id, note: c.note, tier: tier, inText: inText / q.total, inClaim: inClaim / q.total, score: score)
    }

    /// Within a tier, one note holds at most `perNote` places before the tier's claims from
    /// other notes; it never goes below a claim of a lower tier.
    static func capPerNote(_ placed: [Placed], _ perNote: Int) -> [Placed] {
        var out: [Placed] = []
        out.reserveCapacity(placed.count)
        for tier in tiers(placed) { out += capped(tier, perSource: perNote, source: \.note) }
        return out
    }

    /// At most `cap` of `items` from one source first, in their order; the others after them,
    /// in theirs. The one rule for claims per note and passages per transcript.
    static func capped<Item, Source: Hashable>(_ items: some Sequence<Item>, perSource cap: Int,
                                               source: (Item) -> Source) -> [Item] {
        var count: [Source: Int] = [:]
        var first: [Item] = [], later: [Item] = []
        for item in items {
            let n = count[source(item), default: 0] + 1
            count[source(item)] = n
            if n <= cap { first.append(item) } else { later.append(item) }
        }
        return first + later
    }

    /// Within a tier, a claim whose text is a near-copy of one placed above it (`isNearCopy`)
    /// goes to the end of the tier, in its order; among the first `nearCopyDepth` claims.
    static func nearCopiesLast(_ placed: [Placed], texts: [Int64: [String]]) -> [Placed] {
        let words = distinctWords(placed.prefix(nearCopyDepth).map { texts[$0.id] ?? [] })
        var out: [Placed] = []
        out.reserveCapacity(placed.count)
        var kept: [[Int]] = []
        var next = 0
        for tier in tiers(placed) {
            var first: [Placed] = [], copies: [Placed] = []
            for p in tier {
                next += 1
                guard next <= nearCopyDepth else {
                    first.append(p)
                    continue
                }
                let w = words[next - 1]
                if kept.contains(where: { isNearCopy(w, $0) }) {
                    copies.append(p)
                } else {
                    first.append(p)
                    kept.append(w)
                }
            }
            out += first + copies
        }
        return out
    }

    /// Each text's distinct tokens, numbered (the same number for the same token in every
    /// text) and sorted, so that two texts' shared tokens are counted in one merge.
    static func distinctWords(_ texts: [[String]]) -> [[Int]] {
        var number: [String: Int] = [:]
        return texts.map { tokens in
            var ids = tokens.map { token in
                if let n = number[token] { return n }
                number[token] = number.count
                return number.count - 1
            }
            ids.sort()
            var unique: [Int] = []
            unique.reserveCapacity(ids.count)
            for id in ids where unique.last != id { unique.append(id) }
            return unique
        }
    }

    /// Whether two claims' words (their `distinctWords`) are mostly the same: those they share
    /// make up at least `nearCopyShare` of those either holds.
    static func isNearCopy(_ a: [Int], _ b: [Int]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        // Shared ≤ the smaller count and either's ≥ the larger: counts too far apart never match.
        guard Double(min(a.count, b.count)) >= nearCopyShare * Double(max(a.count, b.count)) else { return false }
        var i = 0, j = 0, shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) >= nearCopyShare * Double(a.count + b.count - shared)
    }

    /// `placed` cut into its runs of one tier.
    static func tiers(_ placed: [Placed]) -> [ArraySlice<Placed>] {
        var out: [ArraySlice<Placed>] = []
        var start = 0
        while start < placed.count {
            var end = start
            while end < placed.count, placed[end].tier == placed[start].tier { end += 1 }
            out.append(placed[start..<end])
            start = end
        }
        return out
    }

    /// How much a note with `candidates` candidates is about the query: 0 to 1, full from
    /// `noteFocus` candidates on.
    static func noteFocusShare(_ candidates: Int) -> Double {
        Double(min(candidates, noteFocus)) / Double(noteFocus)
    }

    /// Whether a claim speaks of the note itself: it holds a `selfReference` pair of words.
    static func speaksOfItself(_ raw: String) -> Bool {
        let words = raw.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        guard words.count >= 2 else { return false }
        return (0..<(words.count - 1)).contains { selfReference.contains([words[$0], words[$0 + 1]]) }
    }

    /// Token positions where any of `forms` starts in `tokens`.
    static func matches(_ forms: [Form], in tokens: [String]) -> [Int] {
        var out: [Int] = []
        for form in forms where !form.tokens.isEmpty && form.tokens.count <= tokens.count {
            let k = form.tokens.count
            for i in 0...(tokens.count - k) {
                var ok = true
                for j in 0..<k {
                    let t = tokens[i + j], f = form.tokens[j]
                    let same = (j == k - 1 && form.prefix) ? t.hasPrefix(f) : t == f
                    if !same { ok = false; break }
                }
                if ok { out.append(i) }
            }
        }
        return out
    }

    /// 1 when the concepts the text holds stand side by side, falling as they spread:
    /// (k − 1) / the smallest window (in tokens) holding one of each. 0 for fewer than two.
    static func proximity(_ positions: [[Int]]) -> Double {
        let k = positions.count
        guard k >= 2 else { return 0 }
        var events: [(pos: Int, concept: Int)] = []
        for (c, ps) in positions.enumerated() { for p in ps { events.append((p, c)) } }
        events.sort { $0.pos < $1.pos }
        var have = [Int](repeating: 0, count: k)
        var covered = 0
        var best = Int.max
        var left = 0
        for right in events.indices {
            if have[events[right].concept] == 0 { covered += 1 }
            have[events[right].concept] += 1
            while covered == k {
                best = min(best, events[right].pos - events[left].pos)
                have[events[left].concept] -= 1
                if have[events[left].concept] == 0 { covered -= 1 }
                left += 1
            }
        }
        guard best != Int.max else { return 0 }
        return Double(k - 1) / Double(max(best, k - 1))
    }
}
