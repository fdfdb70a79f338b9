import KBModel
import KBExtract

/// Which claims a search may return: each set field must hold.
public struct ClaimFilter: Sendable, Hashable {
    /// Channel slug or display name, case-insensitive.
    public var channel: String?
    public var video: String?
    /// Note slug or path.
    public var note: String?
    /// Only claims attributed to this speaker: full name or surname, case-insensitive.
    public var speaker: String?

    public init(channel: String? = nil, video: String? = nil, note: String? = nil, speaker: String? = nil) {
        self.channel = channel
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
}

public enum Search {
    /// Marks around matched words in snippets; the commands turn them into bold.
    public static let highlightStart = "\u{2}"
    public static let highlightEnd = "\u{3}"
}

extension Store {
    /// Claims that match `match` (a safe FTS5 expression: the query layer makes it from user
    /// text) and `filter`, ranked by bm25 (title and section weigh more than text).
    ///
    /// Ranking and reading are two steps: the ranking touches every matching claim, so
    /// it computes nothing but the score (and joins notes and speakers only to filter);
    /// snippets, paths and citations are read for the claims shown.
    public func searchClaims(match: String, filter request: ClaimFilter, limit: Int) throws -> [SearchHit] {
        let filtered = request.speaker != nil || request.channel != nil || request.video != nil || request.note != nil
        return try read {
            let speaker = try resolveSpeaker(request.speaker)
            let ranked: [Int64]
            if filtered {
                ranked = try db.cached("""
                    SELECT c.id FROM claims_fts
                    JOIN claims c ON c.id = claims_fts.rowid
                    JOIN notes n ON n.id = c.note
                    LEFT JOIN speakers s ON s.id = c.speaker
                    WHERE claims_fts MATCH ?
                      AND \(Self.speakerFilter)
                      AND (? IS NULL OR n.channel = ? COLLATE NOCASE OR n.channel_name = ? COLLATE NOCASE)
                      AND (? IS NULL OR n.video_id = ?)
                      AND (? IS NULL OR n.slug = ? OR n.path = ?)
                    ORDER BY \(Self.rank), c.id
                    LIMIT ?
                    """).rows(arguments: [
                        match,
                        speaker, speaker,
                        request.channel, request.channel, request.channel,
                        request.video, request.video,
                        request.note, request.note, request.note,
                        limit,
                    ]).map { $0.int(0) ?? 0 }
            } else {
                ranked = try db.cached("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY \(Self.rank), rowid LIMIT ?")
                    .rows(match, limit).map { $0.int(0) ?? 0 }
            }
            // One pass over the matches, keeping the shown claims. (`+` keeps the list from
            // FTS5 as a rowid constraint: it would run the whole query again per rowid.)
            var hits: [Int64: SearchHit] = [:]
            for row in try db.cached("""
                SELECT c.id, n.path, n.slug, coalesce(n.title, n.slug), n.video_id, n.channel, c.section, c.line, c.text,
                       snippet(claims_fts, 0, ?, ?, '…', 24), \(Self.rank), s.name
                FROM claims_fts
                JOIN claims c ON c.id = claims_fts.rowid
                JOIN notes n ON n.id = c.note
                LEFT JOIN speakers s ON s.id = c.speaker
                WHERE claims_fts MATCH ? AND +claims_fts.rowid IN (SELECT value FROM json_each(?))
                """).rows(Search.highlightStart, Search.highlightEnd, match, Self.jsonArray(ranked)) {
                let id = row.int(0) ?? 0
                hits[id] = SearchHit(claim: id, note: row.string(1) ?? "", slug: row.string(2) ?? "",
                                     title: row.string(3) ?? "", video: row.string(4), channel: row.string(5), speaker: row.string(11),
                                     section: row.string(6) ?? "", line: Int(row.int(7) ?? 0), text: row.string(8) ?? "",
                                     snippet: row.string(9) ?? "", timestamps: [], score: row.double(10) ?? 0)
            }
            let moments = try self.moments(ofClaims: ranked)
            return ranked.compactMap { id in
                guard var hit = hits[id] else { return nil }
                hit.timestamps = moments[id] ?? []
                return hit
            }
        }
    }

    /// The ranking: bm25 with a claim's note title weighing 4 and its section 2 against its
    /// text, computed by `kb_rank` (ClaimRank) from stored lengths.
    static let rank = ClaimRank.sql

    /// Matches `s.name` against a speaker's full name, as `resolveSpeaker` gives it.
    /// Binds: name, name.
    static let speakerFilter = "(? IS NULL OR s.name = ?)"

    /// The citations of claims, in the order they were written, in one query.
    public func moments(ofClaims claims: [Int64]) throws -> [Int64: [Moment]] {
        var moments: [Int64: [Moment]] = [:]
        try db.cached("SELECT t.claim, \(Self.momentColumns) FROM timestamps t WHERE t.claim IN (SELECT value FROM json_each(?)) ORDER BY t.claim, t.id")
            .forEachRow([Self.jsonArray(claims)]) { row in
                moments[row.int(0) ?? 0, default: []].append(Self.moment(row, from: 1))
            }
        return moments
    }

    /// The columns `moment(_:from:)` reads, for a `timestamps t` table.
    static let momentColumns = "t.seconds, t.raw, t.form, t.line, t.video_id"

    /// A citation from `momentColumns` starting at column `i`.
    static func moment(_ row: some SQLRow, from i: Int) -> Moment {
        Moment(seconds: row.int(i).map(Int.init), raw: row.string(i + 1) ?? "",
               form: Moment.Form(rawValue: row.string(i + 2) ?? "") ?? .anchor,
               line: Int(row.int(i + 3) ?? 0), video: row.string(i + 4))
    }
}
