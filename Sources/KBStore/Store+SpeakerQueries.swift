import KBModel
import KBExtract
/// A speaker with where they speak.
public struct SpeakerSummary: Sendable, Hashable {
    public var name: String
    public var videos: [String]
    /// Claims attributed to them.
    public var claims: Int
    /// Where kb learnt they speak: `notes` (the notes' wording and titles), `transcript` (a speaker label).
    public var sources: [String] = ["notes"]
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
    /// Speakers: all of them, or the one `name` means (`resolveSpeaker`); those the notes
    /// find and those transcripts label (`transcript_speakers`), with where each comes from.
    public func speakers(named name: String? = nil) throws -> [SpeakerSummary] {
        try read {
            let speaker = try resolveSpeaker(name)
            // `speakers.name` is NOCASE, so the union keeps one row for a name both sources give.
            let rows = try db.rows("""
                SELECT p.name,
                       (SELECT count(*) FROM claims c JOIN speakers s ON s.id = c.speaker WHERE s.name = p.name) AS claims,
                       EXISTS (SELECT 1 FROM speakers s JOIN video_speakers vs ON vs.speaker = s.id
                               WHERE s.name = p.name AND vs.source = 'notes') AS fromNotes,
                       EXISTS (SELECT 1 FROM transcript_speakers ts WHERE ts.name = p.name COLLATE NOCASE) AS fromTranscripts
                FROM (SELECT name FROM speakers UNION SELECT name FROM transcript_speakers) p
                WHERE (?1 IS NULL OR p.name = ?1 COLLATE NOCASE)
                ORDER BY p.name COLLATE NOCASE
                """, speaker)
            let videos = try db.cached("""
                SELECT vs.video_id FROM video_speakers vs JOIN speakers s ON s.id = vs.speaker WHERE s.name = ?1
                UNION SELECT t.video_id FROM transcript_speakers ts JOIN transcripts t ON t.id = ts.transcript
                      WHERE ts.name = ?1 COLLATE NOCASE AND t.video_id IS NOT NULL
                ORDER BY 1
                """)
            return try rows.map { row in
                let name = row.string("name") ?? ""
                var sources: [String] = []
                if row.bool("fromNotes") == true { sources.append("notes") }
                if row.bool("fromTranscripts") == true { sources.append("transcript") }
                return SpeakerSummary(name: name, videos: try videos.rows(name).compactMap { $0.string("video_id") },
                                      claims: Int(row.int("claims") ?? 0), sources: sources)
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
