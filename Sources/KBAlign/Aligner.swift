import Foundation
import KBModel

/// What kb concludes about a cited claim against its video's transcripts (docs/verify.md).
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stated within `Aligner.tolerance` seconds of a cited time.
    case supported
    /// Stated, but farther than that from every cited time; `suggested` is where.
    case drifted
    /// The transcripts do not state it.
    case unsupported
    /// The video has no transcript in the index.
    case noTranscript = "no_transcript"
}

/// A claim to align: its text and the seconds it cites in one video.
public struct AlignClaim: Sendable, Hashable {
    public var id: Int64
    public var text: String
    public var cited: [Int]

    public init(id: Int64, text: String, cited: [Int]) {
        self.id = id
        self.text = text
        self.cited = cited
    }
}

/// A passage as alignment reads it.
public struct AlignPassage: Sendable, Hashable {
    public var start: Double
    public var end: Double
    public var turn: Int
    /// Its label as written (who it names is looked up when the alignment is saved).
    public var speaker: String?
    public var text: String

    public init(start: Double, end: Double, turn: Int, speaker: String?, text: String) {
        self.start = start
        self.end = end
        self.turn = turn
        self.speaker = speaker
        self.text = text
    }
}

/// A transcript of the video, with whether its times are paragraph times (speaker-turn
/// files: a sentence's own time is only estimated, so its turn's span is its place).
public struct AlignTranscript: Sendable, Hashable {
    public var id: Int64
    public var passages: [AlignPassage]
    public var paragraphTimes: Bool
    /// The video's length when the file states it.
    public var duration: Double?

    public init(id: Int64, passages: [AlignPassage], paragraphTimes: Bool, duration: Double? = nil) {
        self.id = id
        self.passages = passages
        self.paragraphTimes = paragraphTimes
        self.duration = duration
    }

    /// Where the transcript ends: its stated duration, else its last passage's end.
    public var end: Double { max(duration ?? 0, passages.map(\.end).max() ?? 0) }
}

/// Where and how well a claim is said.
public struct Alignment: Sendable, Hashable {
    public var claim: Int64
    public var verdict: Verdict
    /// The transcript holding the passage; nil when nothing was found.
    public var transcript: Int64?
    /// The passage (a window of up to `Aligner.windowSeconds`) that states the claim best.
    public var start: Double?
    public var end: Double?
    /// Share of the claim's weighted terms the passage holds, 0...1.
    public var score: Double
    /// For `drifted`: the second to cite instead.
    public var suggested: Int?
    /// Why, when a rule beyond the score decided (a time past the end, read as MM:SS).
    public var reason: String?
    /// The speaker label of the passage that holds most of the claim.
    public var speaker: String?
    public var said: String?

    public init(claim: Int64, verdict: Verdict, transcript: Int64? = nil, start: Double? = nil, end: Double? = nil,
                score: Double = 0, suggested: Int? = nil, reason: String? = nil, speaker: String? = nil, said: String? = nil) {
        self.claim = claim
        self.verdict = verdict
        self.transcript = transcript
        self.start = start
        self.end = end
        self.score = score
        self.suggested = suggested
        self.reason = reason
        self.speaker = speaker
        self.said = said
    }
}

/// Aligns a video's cited claims with its transcripts (docs/verify.md).
public enum Aligner {
    /// A claim is supported when it is said within this many seconds of a cited time.
    public static let tolerance = 20.0
    /// A passage may run over consecutive sentences for this long (a claim often sums up several).
    public static let windowSeconds = 30.0
    /// Score from which a passage near a cited time states the claim. Low, because notes are
    /// paraphrases (a model's summary shares a quarter of its weighted words with what was
    /// said) and because most citations are right: near one, little evidence is enough.
    public static let supportedScore = 0.25
    /// Score from which a passage anywhere states it (higher: anywhere, more passages compete).
    public static let statedScore = 0.50
    /// A passage at either end of a window stays only if it adds this much of the claim's weight.
    public static let trimGain = 0.10
    /// How much better the passage elsewhere must be than the best one near a cited time.
    public static let driftMargin = 0.20

    /// One alignment per claim, over every transcript of the video.
    public static func align(_ claims: [AlignClaim], transcripts: [AlignTranscript]) -> [Alignment] {
        guard !transcripts.isEmpty else {
            return claims.map { Alignment(claim: $0.id, verdict: .noTranscript) }
        }
        guard !claims.isEmpty else { return [] }
        var reader = AlignText.Reader()
        let indexed = transcripts.map { IndexedTranscript($0, reader: &reader) }
        return claims.map { align($0, in: indexed, reader: &reader) }
    }

    static func align(_ claim: AlignClaim, in transcripts: [IndexedTranscript], reader: inout AlignText.Reader) -> Alignment {
        let terms = reader.distinctTermNumbers(claim.text).map { (term: Optional($0), isNumber: reader.isNumber($0)) }
        guard !terms.isEmpty else { return Alignment(claim: claim.id, verdict: .unsupported, reason: "no words to look for") }
        var near: (t: Int, w: Window)?
        var pastEnd: [Int] = []
        var reread: (t: Int, w: Window, from: Int, to: Int)?
        var weighed: [(k: Int, weights: Weights, total: Double)] = []
        for (k, t) in transcripts.enumerated() {
            let (weights, total) = t.weights(terms)
            guard total > 0, !weights.isEmpty else { continue }
            weighed.append((k, weights, total))
            for second in claim.cited {
                let c = Double(second)
                if ImpossibleTime.isPastEnd(second, end: t.end) {
                    pastEnd.append(second)
                    // Minutes and seconds written one place too high: `43:00:00` for 43:00,
                    // `01:21:21` for 01:21. Read so, the time is the cited seconds over 60.
                    if second >= 60 {
                        let alt = ImpossibleTime.likelyReading(second)
                        if let w = t.bestWindow(near: Double(alt), weights: weights, total: total),
                           w.score >= supportedScore, w.score > (reread?.w.score ?? 0) {
                            reread = (k, w, second, alt)
                        }
                    }
                    continue
                }
                if let w = t.bestWindow(near: c, weights: weights, total: total), w.score > (near?.w.score ?? -1) { near = (k, w) }
            }
        }
        func make(_ verdict: Verdict, _ found: (t: Int, w: Window)?, suggested: Int? = nil, reason: String? = nil) -> Alignment {
            guard let found else { return Alignment(claim: claim.id, verdict: verdict, reason: reason) }
            let t = transcripts[found.t]
            return Alignment(claim: claim.id, verdict: verdict, transcript: t.id, start: found.w.start, end: found.w.end,
                             score: found.w.score, suggested: suggested, reason: reason,
                             speaker: t.passages[found.w.core].speaker, said: t.text(of: found.w))
        }
        if let near, near.w.score >= supportedScore {
            return make(.supported, near)
        }
        // Where the claim is said best anywhere, only now: most claims are supported near a
        // cited time, and the search over the whole transcript was most of aligning them
        // (`aligningLooksEverywhereOnlyForClaimsNotSupportedNearACitation` checks the result
        // is the same as searching everywhere first).
        var best: (t: Int, w: Window)?
        for (k, weights, total) in weighed {
            if let w = transcripts[k].bestWindow(weights: weights, total: total), w.score > (best?.w.score ?? -1) { best = (k, w) }
        }
        if let reread {
            return make(.drifted, (reread.t, reread.w), suggested: Int(reread.w.start),
                        reason: "cited \(TimeText.clock(reread.from)) is past the end of the video; read as \(TimeText.clock(reread.to))")
        }
        // Every cited time past the end: the citation is wrong whatever is said, so where the
        // claim is said best needs only the score a passage near a right citation would.
        if near == nil, !pastEnd.isEmpty, let best, best.w.score >= supportedScore {
            return make(.drifted, best, suggested: Int(best.w.start),
                        reason: "cited \(pastEnd.map(TimeText.clock).joined(separator: ", ")) is past the end of the video")
        }
        if let best, best.w.score >= statedScore, best.w.score >= (near?.w.score ?? 0) + driftMargin {
            let reason = pastEnd.isEmpty ? nil : "cited \(pastEnd.map(TimeText.clock).joined(separator: ", ")) is past the end of the video"
            return make(.drifted, best, suggested: Int(best.w.start), reason: reason)
        }
        let reason = pastEnd.isEmpty ? nil : "cited \(pastEnd.map(TimeText.clock).joined(separator: ", ")) is past the end of the video"
        return make(.unsupported, near ?? best, reason: reason)
    }

    /// A claim's terms that one transcript holds, by term number: for each, its weight.
    struct Weights {
        /// For each term number of the transcript, the term's place in `terms`, or -1.
        private var places: [Int32]
        /// The claim's terms, as numbers, and their weights, in the claim's order.
        private(set) var terms: [Int] = []
        private(set) var weight: [Double] = []

        init(vocabularySize: Int) { places = Array(repeating: -1, count: vocabularySize) }

        mutating func add(_ term: Int, weight w: Double) {
            guard places[term] < 0 else { return }
            places[term] = Int32(terms.count)
            terms.append(term)
            weight.append(w)
        }

        func place(of term: Int) -> Int { Int(places[term]) }
        var count: Int { terms.count }
        var isEmpty: Bool { terms.isEmpty }
    }

    /// Consecutive passages `first...last` with their place in the video and their score.
    struct Window: Hashable {
        var first: Int
        var last: Int
        /// The passage holding the most of the claim: whose speaker says it.
        var core: Int = 0
        var start: Double
        var end: Double
        var score: Double
    }

    /// A transcript with each passage's terms and the document frequency of each term.
    struct IndexedTranscript {
        let id: Int64
        let passages: [AlignPassage]
        /// Each passage's distinct terms, as the reader numbers them (`AlignText.Reader`):
        /// windows are scored by the thousand per claim, and integers hash much faster than
        /// strings (profiled: string hashing was a third of aligning the shared corpus).
        let terms: [[Int]]
        /// The reader's term numbers when this transcript was read (`weights(_:)` by name).
        let numbers: [String: Int]
        /// Each passage's place: its own times, or its turn's span for paragraph times.
        let spans: [(start: Double, end: Double)]
        /// The passages holding each term, by term number; empty for a term only other texts
        /// of the reader hold.
        let postings: [[Int]]
        let end: Double

        /// With a reader of its own (for tests).
        init(_ t: AlignTranscript) {
            var reader = AlignText.Reader()
            self.init(t, reader: &reader)
        }

        init(_ t: AlignTranscript, reader: inout AlignText.Reader) {
            id = t.id
            passages = t.passages
            var postings: [[Int]] = []
            var terms: [[Int]] = []
            terms.reserveCapacity(t.passages.count)
            for (i, p) in t.passages.enumerated() {
                let ids = reader.distinctTermNumbers(p.text)
                if postings.count < reader.names.count { postings += repeatElement([], count: reader.names.count - postings.count) }
                for id in ids { postings[id].append(i) }
                terms.append(ids)
            }
            self.terms = terms
            self.numbers = reader.numbers
            self.postings = postings
            if t.paragraphTimes {
                var turnSpan: [Int: (Double, Double)] = [:]
                for (i, p) in t.passages.enumerated() {
                    let next = i + 1 < t.passages.count && t.passages[i + 1].turn != p.turn ? t.passages[i + 1].start : p.end
                    let s = turnSpan[p.turn] ?? (p.start, p.end)
                    turnSpan[p.turn] = (min(s.0, p.start), max(s.1, p.end, next))
                }
                spans = t.passages.map { turnSpan[$0.turn].map { (start: $0.0, end: $0.1) } ?? (start: $0.start, end: $0.end) }
            } else {
                spans = t.passages.map { (start: $0.start, end: $0.end) }
            }
            end = t.end
        }

        /// Each term's weight: its inverse document frequency over the passages (rarer words
        /// say more), numbers counting half again; a term no passage holds weighs as the rarest.
        /// `byTerm` holds the terms some passage has, by number; `total` all of the claim's.
        func weights(_ claimTerms: [String]) -> (byTerm: Weights, total: Double) {
            weights(claimTerms.map { (term: numbers[$0], isNumber: $0.first?.isNumber == true) })
        }

        /// `weights` of terms given by number (nil: a term the reader had not met when it
        /// read this transcript), each with whether it is a number.
        func weights(_ claimTerms: [(term: Int?, isNumber: Bool)]) -> (byTerm: Weights, total: Double) {
            let n = Double(max(passages.count, 1))
            var byTerm = Weights(vocabularySize: postings.count)
            var total = 0.0
            for (term, isNumber) in claimTerms {
                let id = term.flatMap { $0 < postings.count && !postings[$0].isEmpty ? $0 : nil }
                let df = Double(id.map { postings[$0].count } ?? 0)
                var w = max(0.2, log((n + 1) / (df + 0.5)))
                if isNumber { w *= 1.5 }
                total += w
                if let id { byTerm.add(id, weight: w) }
            }
            return (byTerm, total)
        }

        /// The weight of a claim's terms that `passages[a...b]` hold together (each counted once).
        ///
        /// Windows are scored by the thousand per claim, so the terms met are marked in a
        /// stack buffer by their place in the claim, and weights read from arrays by term number:
        /// profiled, the dictionary and set lookups this replaced were half of aligning.
        /// `windowScoresOverTermNumbersEqualTheDefinitionOverWords` checks it against the definition.
        func held(_ a: Int, _ b: Int, weights: Weights, each: (_ last: Int, _ sum: Double) -> Void = { _, _ in }) -> Double {
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(1, weights.count)) { covered in
                covered.initialize(repeating: false)
                var sum = 0.0
                for k in a...b {
                    for term in terms[k] {
                        let place = weights.place(of: term)
                        if place >= 0, !covered[place] { covered[place] = true; sum += weights.weight[place] }
                    }
                    each(k, sum)
                }
                return sum
            }
        }

        /// The best window starting at passage `i`: growing while it stays within
        /// `windowSeconds`, kept at the size that scores most.
        func window(at i: Int, weights: Weights, total: Double) -> Window {
            var best = Window(first: i, last: i, core: i, start: spans[i].start, end: spans[i].end, score: -1)
            var last = i
            while last + 1 < passages.count, passages[last + 1].start - passages[i].start <= Aligner.windowSeconds { last += 1 }
            _ = held(i, last, weights: weights) { j, sum in
                let score = sum / total
                // A longer window must earn its length: it wins only by a clear gain.
                if score > best.score + (j == i ? 0 : 0.05) {
                    best = Window(first: i, last: j, core: i, start: spans[i].start, end: max(spans[i].end, spans[j].end), score: score)
                }
            }
            return best
        }

        /// The window without the passages at its ends that add less than `trimGain` of the
        /// claim's weight: a sentence that adds a word or two says less precisely where the
        /// claim is said, and a suggested time should land on the sentence that says it.
        func trimmed(_ w: Window, weights: Weights, total: Double) -> Window {
            var w = w
            var current = w.score
            func score(_ a: Int, _ b: Int) -> Double { held(a, b, weights: weights) / total }
            // The score stays the whole window's: trimming says where, not whether.
            while w.first < w.last, current - score(w.first + 1, w.last) < Aligner.trimGain {
                w.first += 1
                current = score(w.first, w.last)
            }
            while w.first < w.last, current - score(w.first, w.last - 1) < Aligner.trimGain {
                w.last -= 1
                current = score(w.first, w.last)
            }
            w.core = (w.first...w.last).max { score($0, $0) < score($1, $1) }!
            // Where the claim is said: the sentence holding most of it, not a lead-in before it.
            w.start = spans[w.core].start
            w.end = spans[(w.first...w.last).max { spans[$0].end < spans[$1].end }!].end
            return w
        }

        /// The best window whose place overlaps `second` ± tolerance, trimmed.
        ///
        /// Windows are compared untrimmed and only the winner is trimmed: trimming each
        /// candidate (a set per pair of ends) made aligning the shared corpus cost four times
        /// its indexing.
        func bestWindow(near second: Double, weights: Weights, total: Double) -> Window? {
            var best: Window?
            for i in passages.indices where spans[i].start <= second + Aligner.tolerance && spans[i].end >= second - Aligner.tolerance - Aligner.windowSeconds {
                let w = window(at: i, weights: weights, total: total)
                guard w.start <= second + Aligner.tolerance, w.end >= second - Aligner.tolerance else { continue }
                if Self.better(w, than: best) { best = w }
            }
            return best.map { trimmed($0, weights: weights, total: total) }
        }

        /// The best window anywhere: windows starting at the passages holding the most weight.
        func bestWindow(weights: Weights, total: Double) -> Window? {
            // Each passage's weight of the claim, in an array: a dictionary and a sort of every
            // passage holding a term were most of this search (profiled); the sums are made
            // in the same order, and the 24 seeds taken in the same order (more weight first,
            // then the earlier passage), so the windows are the same.
            var partial = [Double](repeating: 0, count: passages.count)
            var held: [Int] = []
            for (term, w) in zip(weights.terms, weights.weight) {
                for i in postings[term] {
                    if partial[i] == 0 { held.append(i) }
                    partial[i] += w
                }
            }
            func before(_ a: Int, _ b: Int) -> Bool { partial[a] > partial[b] || (partial[a] == partial[b] && a < b) }
            var seeds: [Int] = []
            seeds.reserveCapacity(25)
            for i in held where seeds.count < 24 || before(i, seeds[23]) {
                let at = seeds.firstIndex { before(i, $0) } ?? seeds.count
                seeds.insert(i, at: at)
                if seeds.count > 24 { seeds.removeLast() }
            }
            // A window may start a few passages before the one holding most.
            var starts = Set<Int>()
            for s in seeds { for d in 0...3 where s - d >= 0 { starts.insert(s - d) } }
            var best: Window?
            for i in starts.sorted() {
                let w = window(at: i, weights: weights, total: total)
                if Self.better(w, than: best) { best = w }
            }
            return best.map { trimmed($0, weights: weights, total: total) }
        }

        /// A higher score wins; at an equal score, the window of fewer passages (a window that
        /// starts with a sentence adding nothing says less precisely where the claim is said).
        static func better(_ w: Window, than best: Window?) -> Bool {
            guard let best else { return true }
            if abs(w.score - best.score) < 1e-9 { return w.last - w.first < best.last - best.first }
            return w.score > best.score
        }

        func text(of w: Window) -> String {
            passages[w.first...w.last].map(\.text).joined(separator: " ")
        }
    }
}
