import KBModel
import KBExtract
import KBStore

/// A search over claims, as a user asks it.
public struct SearchRequest: Sendable, Hashable {
    public var query: String
    public var limit: Int = 20
    /// Channel slug or display name, case-insensitive.
    public var channel: String?
    public var video: String?
    /// A note as a user names it (`Store.resolveNote`: path, slug, title or alias).
    public var note: String?
    /// Only claims attributed to this speaker: full name or surname, case-insensitive.
    public var speaker: String?
    /// Words (or phrases) no result may hold, given apart from the query (`--not`).
    public var not: [String]
    /// Only claims holding every word of the query (in any of their forms, in the claim or
    /// its title or section), as a topic page lists them; no fallback to most of them.
    public var allWords = false

    public init(query: String, limit: Int = 20, channel: String? = nil, video: String? = nil, note: String? = nil,
                speaker: String? = nil, not: [String] = []) {
        self.query = query
        self.limit = limit
        self.channel = channel
        self.video = video
        self.note = note
        self.speaker = speaker
        self.not = not
    }
}

/// A search's hits with what the user should be told besides.
public struct SearchResult: Sendable, Hashable {
    /// Closest spellings the index holds for a word it does not.
    public struct Suggestion: Sendable, Hashable, Codable {
        public var word: String
        public var nearest: [String]
    }

    public var hits: [SearchHit] = []
    /// No claim holds every concept of the query: the hits hold some of them, most first.
    public var relaxed = false
    /// The query's concepts, as typed.
    public var concepts: [String] = []
    /// Words of the query left out (function and question words).
    public var dropped: [String] = []
    /// Given when there are few hits.
    public var suggestions: [Suggestion] = []
    /// How the query was read, and how each hit was placed (`kb search --explain`).
    public var plan: SearchPlan?
    public var placed: [Rerank.Placed] = []

    public init() {}
}

extension Store {
    /// Claims ranked by how well they answer the query (docs/search.md): the query is read
    /// by QueryRules into concepts with their other forms; FTS5's bm25 picks the first few
    /// hundred claims, those holding every concept first; Rerank orders them by what each
    /// claim's own text holds. Bad syntax and filters that name nothing are usage errors.
    public func search(_ request: SearchRequest) throws -> [SearchHit] {
        try searchResult(request).hits
    }

    /// The search with what the command tells the user besides the hits.
    public func searchResult(_ request: SearchRequest) throws -> SearchResult {
        let parsed = try FTSQuery.parse(request.query, excluding: request.not)
        guard request.limit > 0 else { return SearchResult() }
        return try read {
            let (request, filter) = try resolvingFilters(request)
            let plan = QueryRules.plan(parsed, knows: { self.indexHolds($0) })
            let depth = max(Search.candidates, request.limit)
            let all = Array(plan.concepts.indices)
            let requiredConcepts = all.filter { plan.concepts[$0].required }
            // The candidates: the claims holding every required concept, those saying neighbouring
            // words of the query side by side first (kb_cover), then by bm25; when they are fewer
            // than `depth`, one pass over the claims holding any concept, those holding the most
            // required ones first, then as before.
            var ranked: [(id: Int64, score: Double, cover: Int)]
            var phrasesOf: [Int]  // the concepts whose forms the ranked expression holds, in order
            var holdsAll: Bool
            if plan.concepts.count > 1, !request.allWords {
                ranked = try rankedClaims(matching: plan.requiredExpression, cover: QueryRules.coverMap(plan, requiredOnly: true),
                                          filter, limit: depth)
                phrasesOf = requiredConcepts
                holdsAll = !ranked.isEmpty
                if ranked.count < depth {
                    ranked = try rankedClaims(matching: plan.anyExpression, cover: QueryRules.coverMap(plan), filter, limit: depth)
                    phrasesOf = all
                }
            } else {
                ranked = try rankedClaims(matching: request.allWords ? plan.allExpression : plan.anyExpression, cover: nil,
                                          filter, limit: depth)
                phrasesOf = all
                holdsAll = !ranked.isEmpty
            }
            var scores: [Int64: Double] = [:]
            for r in ranked { scores[r.id] = r.score }
            let ids = ranked.map(\.id)
            // A concept weighs its emphasis times its idf: that of its most common form (FTS5
            // numbers phrases in the expression's order, concept by concept). A concept the
            // expression left out (optional) takes the smallest idf of the others.
            let idf = lastPhraseIDF
            var conceptIDF = [Double?](repeating: nil, count: plan.concepts.count)
            if idf.count >= phrasesOf.reduce(0, { $0 + plan.concepts[$1].forms.count }) {
                var next = 0
                for c in phrasesOf {
                    let n = plan.concepts[c].forms.count
                    conceptIDF[c] = idf[next..<(next + n)].min()
                    next += n
                }
            }
            let floor = conceptIDF.compactMap { $0 }.min() ?? 1
            let weights = plan.concepts.indices.map { plan.concepts[$0].emphasis * (conceptIDF[$0] ?? floor) }

            let forms = plan.concepts.map { concept in
                concept.forms.map { Rerank.Form(tokens: indexTerms($0.text), prefix: $0.prefix) }
            }
            var titles: [Int64: [String]] = [:]
            let candidates = try searchCandidates(ids).map { c -> Rerank.Candidate in
                if titles[c.note] == nil { titles[c.note] = indexTerms(c.title) }
                return Rerank.Candidate(id: c.id, note: c.note, bm25: scores[c.id] ?? 0, text: indexTerms(c.text),
                                        section: indexTerms(c.section), title: titles[c.note]!, raw: c.text)
            }
            let placed = Rerank.order(candidates, concepts: forms, weights: weights, required: plan.concepts.map(\.required),
                                      perNote: request.note == nil ? Rerank.perNote : nil)
            let shown = placed.prefix(request.limit).map(\.id)

            var result = SearchResult()
            result.hits = try searchHits(shown, highlighting: plan.anyExpression, scores: scores)
            result.relaxed = plan.concepts.count > 1 && !holdsAll && !result.hits.isEmpty
            result.concepts = plan.concepts.filter(\.required).map(\.label)
            result.dropped = plan.dropped
            result.plan = plan
            result.placed = Array(placed.prefix(request.limit))
            if result.hits.count < min(request.limit, Search.fewResults) {
                // Did you mean: the closest spellings of words the index holds in none of their forms.
                for concept in plan.concepts where !concept.exact && !concept.forms.contains(where: { indexHolds($0.text) }) {
                    let near = try spellingSuggestions(for: concept.label)
                    if !near.isEmpty { result.suggestions.append(.init(word: concept.label, nearest: near)) }
                }
            }
            return result
        }
    }

    /// The request with its `--note` and `--video` resolved to one note's path and one video
    /// (Store+Names), and the filters as the store takes them, `--channel` as every name of the
    /// show: a filter that names nothing, or several notes, is an error naming the candidates.
    func resolvingFilters(_ request: SearchRequest) throws -> (SearchRequest, ClaimFilter) {
        var resolved = request
        let channels = try request.channel.map { try resolveChannel($0) }
        if let video = request.video { resolved.video = try resolveVideo(video) }
        if let note = request.note { resolved.note = try resolveNote(note).path }
        return (resolved, ClaimFilter(channels: channels, video: resolved.video, note: resolved.note, speaker: resolved.speaker))
    }
}
