import KBModel
import KBExtract
import KBStore

/// What a `kb search --said` found: passages of transcripts, and what the user should be told besides.
public struct SaidResult: Sendable, Hashable {
    public var hits: [SaidHit] = []
    /// No passage holds every concept of the query: the hits hold some of them.
    public var relaxed = false
    /// The query's concepts, as typed.
    public var concepts: [String] = []

    public init() {}
}

extension Store {
    /// Transcript passages ranked by bm25 (docs/search.md, "What was said"): the query is
    /// read as for claims (QueryRules: question words dropped, each word with its other
    /// forms); passages holding every concept come first, and when none does, those holding
    /// any, with `relaxed` set. `--note` is refused: passages belong to videos, not notes.
    public func searchSaid(_ request: SearchRequest) throws -> SaidResult {
        let parsed = try FTSQuery.parse(request.query, excluding: request.not)
        guard request.limit > 0 else { return SaidResult() }
        if request.note != nil { throw QueryError.inapplicable("--note does not apply to --said: passages belong to videos (use --video)") }
        return try read {
            let filter = try passageFilter(request)
            let plan = QueryRules.plan(parsed, knows: { self.passagesHold($0) })
            var result = SaidResult()
            // Deeper than shown, so that the cap per transcript has others to fill in with.
            let depth = request.video == nil ? max(request.limit * 4, 40) : request.limit
            result.concepts = plan.concepts.filter(\.required).map(\.label)
            var expression = plan.anyExpression
            var ranked: [RankedPassage]
            if plan.concepts.count > 1 {
                ranked = try rankedPassages(matching: plan.requiredExpression, filter, limit: depth)
                if ranked.isEmpty {
                    ranked = try rankedPassages(matching: plan.anyExpression, filter, limit: depth)
                    result.relaxed = !ranked.isEmpty
                } else {
                    expression = plan.requiredExpression
                }
            } else {
                ranked = try rankedPassages(matching: plan.anyExpression, filter, limit: depth)
            }
            let shown = Self.spread(ranked, perTranscript: request.video == nil ? Rerank.perNote : nil, limit: request.limit)
            result.hits = try saidHits(shown, highlighting: expression)
            return result
        }
    }

    /// At most `perTranscript` of the first places from one transcript (as claims from one
    /// note): the others move down, in their order, behind the passages of other transcripts.
    static func spread(_ hits: [RankedPassage], perTranscript: Int?, limit: Int) -> [RankedPassage] {
        guard let cap = perTranscript else { return Array(hits.prefix(limit)) }
        return Array(Rerank.capped(hits, perSource: cap, source: \.transcript).prefix(limit))
    }

    /// The request's filters as passages take them; a filter that names nothing is a usage error.
    func passageFilter(_ request: SearchRequest) throws -> PassageFilter {
        var filter = PassageFilter()
        if let channel = request.channel {
            filter.channels = try resolveChannel(channel, transcripts: true)
        }
        if let video = request.video {
            let id = try resolveVideo(video)
            guard try !transcripts(ofVideo: id).isEmpty else { throw QueryError.noTranscript(videos: [id]) }
            filter.video = id
        }
        if let speaker = request.speaker {
            filter.speakerLabels = try speakerLabels(for: speaker)
        }
        return filter
    }

    /// The labels a typed speaker name may carry in transcripts: the name, the full name it
    /// resolves to (`Store.resolveSpeaker`), and the first and last words of each (`Lenny`
    /// for Lenny Rachitsky). A name that is neither a speaker nor a label is a usage error.
    func speakerLabels(for typed: String) throws -> [String] {
        let name = typed.trimmingWhitespace
        var names = [name]
        do {
            names.append(try resolveSpeaker(name))
        } catch {
            let labels = try passageSpeakerLabels()
            guard labels.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else { throw error }
        }
        var out = Set<String>()
        for n in names {
            out.insert(n)
            let words = n.split(separator: " ")
            if words.count > 1, let first = words.first, let last = words.last {
                out.insert(String(first))
                out.insert(String(last))
            }
        }
        return out.sorted()
    }
}
