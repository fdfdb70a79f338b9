import Foundation
import KBModel
import KBExtract

/// Which claims a search may return: each set field must hold.
public struct ClaimFilter: Sendable, Hashable {
    /// Channel slugs or display names, case-insensitive: a claim of a note of any of them
    /// matches (`Store.resolveChannel` gives every name of a show `kb channels` merges).
    public var channels: [String]?
    public var video: String?
    /// A note as a user names it (`Store.resolveNote`: path, slug, title or alias).
    public var note: String?
    /// Only claims attributed to this speaker: full name or surname, case-insensitive.
    public var speaker: String?

    public init(channels: [String]? = nil, video: String? = nil, note: String? = nil, speaker: String? = nil) {
        self.channels = channels
        self.video = video
        self.note = note
        self.speaker = speaker
    }
}

/// One claim that matched a search.
public struct SearchHit: Sendable, Hashable {
    public var claim: Int64
    public var note: String
    public var slug: String
    public var title: String
    public var video: String?
    public var channel: String?
    /// The speaker the claim is attributed to.
    public var speaker: String?
    public var section: String
    public var line: Int
    public var text: String
    /// The matching part of the text, matches wrapped in `Search.highlightStart`/`End`.
    public var snippet: String
    public var timestamps: [Moment]
    /// bm25: lower is better.
    public var score: Double

    package init(claim: Int64, note: String, slug: String, title: String, video: String?, channel: String?, speaker: String?,
                 section: String, line: Int, text: String, snippet: String, timestamps: [Moment], score: Double) {
        self.claim = claim
        self.note = note
        self.slug = slug
        self.title = title
        self.video = video
        self.channel = channel
        self.speaker = speaker
        self.section = section
        self.line = line
        self.text = text
        self.snippet = snippet
        self.timestamps = timestamps
        self.score = score
    }
}

public enum Search {
    /// Marks around matched words in snippets; the commands turn them into bold.
    public static let highlightStart = "\u{2}"
    public static let highlightEnd = "\u{3}"

    /// Claims bm25 hands to re-ranking, from the all-words and the any-word query each.
    public static let candidates = 200
    /// Fewer hits than this, and words the index lacks get spelling suggestions.
    package static let fewResults = 3
}


/// Where a claim sits, for evaluation output and judging.
public struct ClaimPlace: Sendable, Hashable, Codable {
    public var claim: Int64
    /// The note's absolute file.
    public var file: String
    public var line: Int
    public var title: String
    public var section: String
    public var text: String
}

extension Store {
    /// The claims that start on `line` of the note stored for `file` (absolute path), in order.
    public func claims(inFile file: String, line: Int) throws -> [(id: Int64, text: String)] {
        try read {
            try db.cached("""
                SELECT c.id, c.text FROM claims c JOIN notes n ON n.id = c.note
                WHERE n.file = ? AND c.line = ? ORDER BY c.ordinal
                """).rows(file, line).map { (id: $0.int("id") ?? 0, text: $0.string("text") ?? "") }
        }
    }

    /// Places of the given claims, keyed by id.
    public func claimPlaces(_ ids: [Int64]) throws -> [Int64: ClaimPlace] {
        try read {
            var out: [Int64: ClaimPlace] = [:]
            for row in try db.cached("""
                SELECT c.id, n.file, c.line, coalesce(n.title, n.slug) AS title, c.section, c.text
                FROM claims c JOIN notes n ON n.id = c.note
                WHERE c.id IN (SELECT value FROM json_each(?))
                """).rows(Self.jsonArray(ids)) {
                let id = row.int("id") ?? 0
                out[id] = ClaimPlace(claim: id, file: row.string("file") ?? "", line: Int(row.int("line") ?? 0),
                                     title: row.string("title") ?? "", section: row.string("section") ?? "",
                                     text: row.string("text") ?? "")
            }
            return out
        }
    }
}

/// A claim bm25 put among the first few hundred, with what re-ranking reads of it.
public struct SearchCandidate: Sendable, Hashable {
    public var id: Int64
    public var note: Int64
    public var text: String
    public var section: String
    public var title: String
}

// MARK: - Search (Query/Search.swift asks; these run the SQL)

extension Store {
    /// The ranking: bm25 with a claim's note title weighing 4 and its section 2 against its
    /// text, computed by `kb_rank` (ClaimRank) from stored lengths.
    static let rank = ClaimRank.sql

    /// Matches `s.name` against a speaker's full name, as `resolveSpeaker` gives it.
    /// Binds: name, name.
    static let speakerFilter = "(? IS NULL OR s.name = ?)"

    /// The citations of claims, in the order they were written, in one query; with `likely`,
    /// a time its video cannot have links to its likely reading (`markLikely`).
    public func moments(ofClaims claims: [Int64], likely: Bool = true) throws -> [Int64: [Moment]] {
        var moments: [Int64: [Moment]] = [:]
        var noteVideos: [Int64: String] = [:]
        try db.cached("""
            SELECT t.claim, \(Self.momentColumns), n.video_id AS note_video FROM timestamps t JOIN notes n ON n.id = t.note
            WHERE t.claim IN (SELECT value FROM json_each(?)) ORDER BY t.claim, t.id
            """).forEachRow([Self.jsonArray(claims)]) { row in
                let claim = row.int("claim") ?? 0
                moments[claim, default: []].append(Self.moment(row))
                if let v = row.string("note_video") { noteVideos[claim] = v }
            }
        if likely { try markLikely(&moments, noteVideos: noteVideos) }
        return moments
    }

    /// The columns `moment(_:)` reads, for a `timestamps t` table.
    static let momentColumns = "t.seconds, t.raw, t.form, t.line, t.video_id"

    /// A citation from the `momentColumns` of a row.
    static func moment(_ row: some SQLRow) -> Moment {
        Moment(seconds: row.int("seconds").map(Int.init), raw: row.string("raw") ?? "",
               form: Moment.Form(rawValue: row.string("form") ?? "") ?? .anchor,
               line: Int(row.int("line") ?? 0), video: row.string("video_id"))
    }

    /// Claims matching an FTS5 expression, at most `limit`, restricted by the request's
    /// filters, with their bm25 (`kb_rank`, lower is better) and, given a `cover` map
    /// (ClaimCover), how many of the query's concepts each holds: then those holding the
    /// most concepts come first, by bm25 among equals. Run inside `read`.
    package func rankedClaims(matching expression: String, cover: String?, _ request: ClaimFilter, limit: Int) throws
        -> [(id: Int64, score: Double, cover: Int)] {
        ranking.lastIDF = []
        let filtered = request.speaker != nil || request.channels != nil || request.video != nil || request.note != nil
        let coverColumn = cover == nil ? "0" : "kb_cover(claims_fts, ?1)"
        let rows: [Row]
        if filtered {
            rows = try db.cached("""
                SELECT c.id, \(Self.rank) AS score, \(coverColumn) AS cover FROM claims_fts
                JOIN claims c ON c.id = claims_fts.rowid
                JOIN notes n ON n.id = c.note
                LEFT JOIN speakers s ON s.id = c.speaker
                WHERE claims_fts MATCH ?2
                  AND (?3 IS NULL OR s.name = ?3)
                  AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(?4) j
                                             WHERE n.channel = j.value COLLATE NOCASE OR n.channel_name = j.value COLLATE NOCASE))
                  AND (?5 IS NULL OR n.video_id = ?5)
                  AND (?6 IS NULL OR n.slug = ?6 OR n.path = ?6)
                ORDER BY cover DESC, score, c.id
                LIMIT ?7
                """).rows(arguments: [
                    cover ?? "", expression,
                    try resolveSpeaker(request.speaker),
                    request.channels.map { Self.jsonArray($0) }, request.video, request.note,
                    limit,
                ])
        } else {
            rows = try db.cached("""
                SELECT rowid AS id, \(Self.rank) AS score, \(coverColumn) AS cover FROM claims_fts
                WHERE claims_fts MATCH ?2 ORDER BY cover DESC, score, rowid LIMIT ?3
                """).rows(cover ?? "", expression, limit)
        }
        return rows.map { (id: $0.int("id") ?? 0, score: $0.double("score") ?? 0, cover: Int($0.int("cover") ?? 0)) }
    }

    /// The idf of each phrase of the last expression `rankedClaims` ranked (FTS5's phrase
    /// order); empty when it matched nothing.
    package var lastPhraseIDF: [Double] { ranking.lastIDF }

    /// What re-ranking reads of each candidate. Run inside `read`.
    package func searchCandidates(_ ids: [Int64]) throws -> [SearchCandidate] {
        guard !ids.isEmpty else { return [] }
        return try db.cached("""
            SELECT c.id, c.note, c.text, c.section, coalesce(n.title, n.slug) AS title
            FROM claims c JOIN notes n ON n.id = c.note
            WHERE c.id IN (SELECT value FROM json_each(?))
            """).rows(Self.jsonArray(ids)).map {
                SearchCandidate(id: $0.int("id") ?? 0, note: $0.int("note") ?? 0, text: $0.string("text") ?? "",
                                section: $0.string("section") ?? "", title: $0.string("title") ?? "")
            }
    }

    /// The shown claims as hits, in the given order: snippets highlight what `expression`
    /// matches; `scores` are their bm25. Run inside `read`.
    package func searchHits(_ ids: [Int64], highlighting expression: String, scores: [Int64: Double]) throws -> [SearchHit] {
        guard !ids.isEmpty else { return [] }
        // One pass over the matches, keeping the shown claims. (`+` keeps the list from
        // FTS5 as a rowid constraint: it would run the whole query again per rowid.)
        var hits: [Int64: SearchHit] = [:]
        for row in try db.cached("""
            SELECT c.id, n.path, n.slug, coalesce(n.title, n.slug) AS title, n.video_id, n.channel, c.section, c.line, c.text,
                   snippet(claims_fts, 0, ?, ?, '…', 24) AS snippet, s.name AS speaker
            FROM claims_fts
            JOIN claims c ON c.id = claims_fts.rowid
            JOIN notes n ON n.id = c.note
            LEFT JOIN speakers s ON s.id = c.speaker
            WHERE claims_fts MATCH ? AND +claims_fts.rowid IN (SELECT value FROM json_each(?))
            """).rows(Search.highlightStart, Search.highlightEnd, expression, Self.jsonArray(ids)) {
            let id = row.int("id") ?? 0
            hits[id] = SearchHit(claim: id, note: row.string("path") ?? "", slug: row.string("slug") ?? "",
                                 title: row.string("title") ?? "", video: row.string("video_id"), channel: row.string("channel"),
                                 speaker: row.string("speaker"), section: row.string("section") ?? "",
                                 line: Int(row.int("line") ?? 0), text: row.string("text") ?? "",
                                 snippet: row.string("snippet") ?? "", timestamps: [], score: scores[id] ?? 0)
        }
        let moments = try self.moments(ofClaims: ids)
        return ids.compactMap { id in
            guard var hit = hits[id] else { return nil }
            hit.timestamps = moments[id] ?? []
            return hit
        }
    }

    /// Whether any claim (text, title or section) holds `word` in some inflection.
    package func indexHolds(_ word: String) -> Bool {
        let literal = FTSQuery.Term(text: word).fts
        return (try? db.cached("SELECT 1 FROM claims_fts WHERE claims_fts MATCH ? LIMIT 1").rows(literal).isEmpty == false) ?? false
    }

    /// Text as the index tokenizes it (stemmed, folded); empty without FTS5's tokenizer.
    package func indexTerms(_ text: String) -> [String] {
        tokenizer?.terms(text) ?? []
    }

    /// Up to `limit` words of the index spelled closest to `word` (by edit distance on the
    /// indexed forms, the most used first), each as it is written in some claim. Reads the
    /// FTS5 vocabulary (`fts5vocab`) of the terms sharing the word's first letter.
    package func spellingSuggestions(for word: String, limit: Int = 3) throws -> [String] {
        guard let stem = indexTerms(word).first, let first = stem.unicodeScalars.first else { return [] }
        try db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_search_vocab USING fts5vocab(main, claims_fts, row)")
        let next = String(Character(Unicode.Scalar(first.value + 1) ?? first))
        let key = Array(stem.utf8)
        let bound = stem.count <= 4 ? 1 : 2
        var near: [(term: String, distance: Int, docs: Int64)] = []
        for row in try db.cached("SELECT term, doc FROM temp.kb_search_vocab WHERE term >= ? AND term < ?")
            .rows(String(Character(first)), next) {
            guard let term = row.string("term"), term != stem,
                  let d = NearestName.distance(key, Array(term.utf8), limit: bound) else { continue }
            near.append((term, d, row.int("doc") ?? 0))
        }
        near.sort { ($0.distance, -$0.docs, $0.term) < ($1.distance, -$1.docs, $1.term) }
        var out: [String] = []
        for candidate in near where out.count < limit {
            let shown = try surfaceForm(of: candidate.term) ?? candidate.term
            if !out.contains(shown) { out.append(shown) }
        }
        return out
    }

    /// A word of some claim that the index holds as `term` ("datacenters" for `datacent`).
    private func surfaceForm(of term: String) throws -> String? {
        guard let tokenizer else { return nil }
        for row in try db.cached("""
            SELECT c.text, c.section FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
            WHERE claims_fts MATCH ? LIMIT 3
            """).rows(FTSQuery.Term(text: term).fts) {
            for column in [row.string("text") ?? "", row.string("section") ?? ""] {
                let utf8 = Array(column.utf8)
                if let t = tokenizer.tokens(column).first(where: { $0.term == term }), t.end <= utf8.count {
                    return String(decoding: utf8[t.start..<t.end], as: UTF8.self).lowercased()
                }
            }
        }
        return nil
    }
}
