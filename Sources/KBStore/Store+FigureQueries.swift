import KBModel

/// Which figures a question keeps: each set field must hold.
public struct FigureFilter: Sendable, Hashable {
    public var kind: Figure.Kind?
    /// Canonical unit (`W`, `USD`, `%`…), case-insensitive.
    public var unit: String?
    /// Keep figures whose upper end reaches `min`; "over X" counts as X, so "at least
    /// 250 W" does not answer 1 GW while "over a gigawatt" does.
    public var min: Double?
    /// Keep figures whose lower end is at most `max`; "under X" counts as X.
    public var max: Double?
    public var speaker: String?
    public var video: String?
    public var limit: Int?
    public var sort: FigureSort = .note

    public init(kind: Figure.Kind? = nil, unit: String? = nil, min: Double? = nil,
                max: Double? = nil, speaker: String? = nil, video: String? = nil, limit: Int? = nil) {
        self.kind = kind
        self.unit = unit
        self.min = min
        self.max = max
        self.speaker = speaker
        self.video = video
        self.limit = limit
    }
}

/// The order of `kb figures`.
public enum FigureSort: String, Sendable, Hashable, CaseIterable {
    /// Note by note (path), in the order of their claims.
    case note
    /// Largest first, unit by unit (values compare only within a canonical unit).
    case value
    /// Video by video, in the order of the moments their claims cite.
    case time

    /// The ORDER BY of each, one of these fixed texts.
    var orderBy: String {
        switch self {
        case .note: return "n.path, c.ordinal, f.ordinal"
        case .value: return "f.unit, coalesce(f.high, f.low) DESC, n.path, c.ordinal, f.ordinal"
        case .time: return "n.video_id, (SELECT min(t.seconds) FROM timestamps t WHERE t.claim = c.id), n.path, c.ordinal, f.ordinal"
        }
    }
}

extension Store {
    /// A figure from the columns start, end, surface, kind, low, high, unit, bound, approx,
    /// per, per_qty and subject of a `figures` row (without the figure it is linked to).
    static func figure(_ row: some SQLRow) -> Figure {
        Figure(start: Int(row.int("start") ?? 0), end: Int(row.int("end") ?? 0), surface: row.string("surface") ?? "",
               kind: Figure.Kind(rawValue: row.string("kind") ?? "") ?? .other, low: row.double("low"),
               high: row.double("high"), unit: row.string("unit") ?? "",
               bound: Figure.Bound(rawValue: row.string("bound") ?? "") ?? .eq, approx: row.bool("approx") ?? false,
               per: row.string("per"), perQuantity: row.double("per_qty"), subject: row.string("subject"))
    }
}

/// A figure with the claim it comes from.
public struct FigureHit: Sendable, Hashable {
    public var id: Int64
    public var figure: Figure
    public var claim: Int64
    public var note: String
    public var title: String
    public var line: Int
    public var text: String
    public var video: String?
    public var speaker: String?
    public var timestamps: [Moment]
}

extension Store {
    /// Figures that pass `request`, of claims matching `match` (a safe FTS5 expression, nil
    /// for all), in the request's order.
    public func figures(matching match: String?, _ request: FigureFilter) throws -> [FigureHit] {
        let sql = """
            SELECT f.id, f.claim, n.path, coalesce(n.title, n.slug) AS title, c.line, c.text, n.video_id, s.name AS speaker,
                   f.start, f.end, f.surface, f.kind, f.low, f.high, f.unit, f.bound, f.approx, f.per, f.per_qty,
                   f.subject, (SELECT o.ordinal FROM figures o WHERE o.id = f.linked) AS linked
            FROM figures f
            JOIN claims c ON c.id = f.claim
            JOIN notes n ON n.id = f.note
            LEFT JOIN speakers s ON s.id = c.speaker
            WHERE (? IS NULL OR f.kind = ?)
              AND (? IS NULL OR f.unit = ? COLLATE NOCASE)
              AND (? IS NULL OR coalesce(f.high, f.low) >= ?)
              AND (? IS NULL OR coalesce(f.low, f.high) <= ?)
              AND (? IS NULL OR n.video_id = ?)
              AND \(Self.speakerFilter)
              AND (? IS NULL OR f.claim IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?))
            ORDER BY \(request.sort.orderBy)
            LIMIT ?
            """
        return try read {
            let speaker = try resolveSpeaker(request.speaker)
            let video = try request.video.map { try resolveVideo($0) }
            let rows = try db.cached(sql).rows(arguments: [
                request.kind?.rawValue, request.kind?.rawValue,
                request.unit, request.unit,
                request.min, request.min,
                request.max, request.max,
                video, video,
                speaker, speaker,
                match, match,
                request.limit ?? -1,
            ])
            let moments = try self.moments(ofClaims: rows.map { $0.int("claim") ?? 0 })
            return rows.map { row in
                var figure = Self.figure(row)
                figure.linkedTo = row.int("linked").map(Int.init)
                let claim = row.int("claim") ?? 0
                let video = row.string("video_id")
                return FigureHit(id: row.int("id") ?? 0, figure: figure, claim: claim, note: row.string("path") ?? "",
                                 title: row.string("title") ?? "", line: Int(row.int("line") ?? 0), text: row.string("text") ?? "",
                                 video: video, speaker: row.string("speaker"),
                                 timestamps: moments[claim] ?? [])
            }
        }
    }
}
