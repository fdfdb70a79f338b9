import KBModel
import KBExtract
/// A speaker with where they speak.
public struct SpeakerSummary: Sendable, Hashable {
    public var name: String
    public var videos: [String]
    /// Claims attributed to them.
    public var claims: Int
}

/// A claim attributed to a speaker.
public struct SpeakerClaim: Sendable, Hashable {
    public var claim: Int64
    public var speaker: String
    public var note: String
    public var title: String
    public var video: String?
    public var videoTitle: String?
    public var line: Int
    public var text: String
    public var timestamps: [Moment]
}

extension Store {
    /// Speakers: all of them, or the one `name` means (`resolveSpeaker`).
    public func speakers(named name: String? = nil) throws -> [SpeakerSummary] {
        try read {
            let speaker = try resolveSpeaker(name)
            let rows = try db.rows("""
                SELECT s.id, s.name,
                       (SELECT count(*) FROM claims c WHERE c.speaker = s.id) AS claims
                FROM speakers s
                WHERE \(Self.speakerFilter)
                ORDER BY s.name COLLATE NOCASE
                """, speaker, speaker)
            return try rows.map { row in
                let videos = try db.cached("SELECT video_id FROM video_speakers WHERE speaker = ? ORDER BY video_id")
                    .rows(row.int("id") ?? 0).compactMap { $0.string("video_id") }
                return SpeakerSummary(name: row.string("name") ?? "", videos: videos, claims: Int(row.int("claims") ?? 0))
            }
        }
    }

    /// The claims attributed to the speaker `name` means (`resolveSpeaker`), by video and in note order.
    public func claims(ofSpeaker name: String) throws -> [SpeakerClaim] {
        try read {
            let speaker = try resolveSpeaker(name)
            let rows = try db.rows("""
                SELECT c.id, s.name AS speaker, n.path, coalesce(n.title, n.slug) AS title, n.video_id,
                       (SELECT v.title FROM videos v WHERE v.video_id = n.video_id LIMIT 1) AS video_title, c.line, c.text
                FROM claims c JOIN speakers s ON s.id = c.speaker JOIN notes n ON n.id = c.note
                WHERE \(Self.speakerFilter)
                ORDER BY n.video_id, n.path, c.ordinal
                """, speaker, speaker)
            let moments = try self.moments(ofClaims: rows.map { $0.int("id") ?? 0 })
            return rows.map { row in
                let claim = row.int("id") ?? 0
                let video = row.string("video_id")
                return SpeakerClaim(claim: claim, speaker: row.string("speaker") ?? "", note: row.string("path") ?? "",
                                    title: row.string("title") ?? "", video: video, videoTitle: row.string("video_title"),
                                    line: Int(row.int("line") ?? 0), text: row.string("text") ?? "",
                                    timestamps: moments[claim] ?? [])
            }
        }
    }
}
