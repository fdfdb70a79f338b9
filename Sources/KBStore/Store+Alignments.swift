import Foundation
import KBModel
import KBExtract
import KBAlign

// MARK: - Alignments (docs/verify.md): written by kb index, read by kb verify and the reports

extension Store {
    /// Videos whose claims cite a readable time, or that have a transcript.
    package func alignableVideos() throws -> Set<String> {
        Set(try db.rows("""
            SELECT DISTINCT coalesce(t.video_id, n.video_id) AS video FROM timestamps t JOIN notes n ON n.id = t.note
            WHERE t.claim IS NOT NULL AND t.seconds IS NOT NULL AND coalesce(t.video_id, n.video_id) IS NOT NULL
            UNION SELECT video_id FROM transcripts WHERE video_id IS NOT NULL
            """).compactMap { $0.string("video") })
    }

    /// Whether the index holds any transcript.
    package func holdsTranscripts() throws -> Bool {
        try db.scalarInt("SELECT EXISTS (SELECT 1 FROM transcripts)") == 1
    }

    /// What aligning a video reads: each claim citing a readable time in it, with those
    /// seconds, and its transcripts with their passages. A passage's speaker is its label as
    /// written: `saveAlignments` names the person, so that aligning can start before the
    /// labels and the notes' speakers are worked out (`Indexer.startAligning`).
    package func alignInputs(video: String) throws -> (claims: [AlignClaim], transcripts: [AlignTranscript]) {
        var claims: [AlignClaim] = []
        for row in try db.cached("""
            SELECT c.id, c.text, group_concat(t.seconds) AS cited FROM timestamps t JOIN claims c ON c.id = t.claim
            WHERE t.seconds IS NOT NULL AND t.id IN \(Self.videoCitationIDs)
            GROUP BY c.id ORDER BY c.id
            """).rows(video) {
            let cited = (row.string("cited") ?? "").split(separator: ",").compactMap { Int($0) }
            claims.append(AlignClaim(id: row.int("id") ?? 0, text: row.string("text") ?? "", cited: cited))
        }
        // A video no note cites needs no transcript read: its passages would only be indexed
        // for alignment and thrown away (most transcripts of a podcast have no notes).
        guard !claims.isEmpty else { return (claims, []) }
        var transcripts: [AlignTranscript] = []
        for t in try self.transcripts(ofVideo: video) {
            let passages = try self.passages(ofTranscript: t.id, labels: true).map {
                AlignPassage(start: $0.start, end: $0.end, turn: $0.turn, speaker: $0.speaker, text: $0.text)
            }
            transcripts.append(AlignTranscript(id: t.id, passages: passages, paragraphTimes: t.format == "turns", duration: t.duration))
        }
        return (claims, transcripts)
    }

    /// The ids of the citations of video `?1` (`coalesce(t.video_id, n.video_id) = ?1`), found
    /// by index: the coalesce itself can use none, and scanned every citation per video.
    static let videoCitationIDs = """
        (SELECT id FROM timestamps WHERE video_id = ?1
         UNION ALL
         SELECT s.id FROM notes n JOIN timestamps s ON s.note = n.id WHERE n.video_id = ?1 AND s.video_id IS NULL)
        """

    /// Replaces a video's alignments (each speaker a passage label as `alignInputs` reads it,
    /// stored as the person `speaker(label:transcript:video:)` names). Call inside `write`,
    /// once the video's labels and speakers are saved.
    package func saveAlignments(video: String, _ alignments: [Alignment]) throws {
        try db.run("DELETE FROM alignments WHERE video_id = ?", video)
        let insert = try db.cached("""
            INSERT OR REPLACE INTO alignments(claim, video_id, verdict, transcript, start, end, score, suggested, reason, speaker, said)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                    CASE WHEN ?4 IS NOT NULL THEN \(Self.speaker(label: "?10", transcript: "?4", video: "?2")) END, ?11)
            """)
        for a in alignments {
            try insert.execute(arguments: [a.claim, video, a.verdict.rawValue, a.transcript, a.start, a.end,
                                           (a.score * 1000).rounded() / 1000, a.suggested, a.reason, a.speaker, a.said])
        }
    }

    /// Gives each claim a transcript states the person who says it there (issue 16): when the
    /// aligned passage (supported or drifted) is said by someone its transcript's labels name
    /// (`transcript_speakers`, so never `Speaker 1`), that person becomes the claim's speaker,
    /// with source `transcript`, over what the notes' wording suggested, and a speaker of the
    /// video, unless the notes already name a person the transcripts label. Run after the notes' speakers of these videos were saved. Call inside `write`.
    package func applyTranscriptSpeakers(videos: [String]) throws {
        let said = try db.cached("""
            SELECT a.claim, a.speaker FROM alignments a
            WHERE a.video_id = ? AND a.verdict IN ('supported', 'drifted') AND a.speaker IS NOT NULL
              AND EXISTS (SELECT 1 FROM transcript_speakers ts WHERE ts.transcript = a.transcript AND ts.name = a.speaker)
            """)
        let addSpeaker = try db.cached("INSERT OR IGNORE INTO speakers(name) VALUES (?)")
        let speakerID = try db.cached("SELECT id FROM speakers WHERE name = ?")
        let addToVideo = try db.cached("INSERT OR IGNORE INTO video_speakers(video_id, speaker, source) VALUES (?, ?, 'transcript')")
        // The notes' attribution stays when it names a person the video's transcripts label:
        // "Okafor argues …" names who said it, while the passage found may be the question
        // before the answer. It gives way when it names nobody the transcripts know (a
        // title's phrase read as a name) or when there is none.
        let attribute = try db.cached("""
            UPDATE claims SET speaker = ?1, speaker_source = 'transcript' WHERE id = ?2
              AND (speaker IS NULL OR NOT EXISTS (
                SELECT 1 FROM speakers s JOIN transcript_speakers ts ON ts.name = s.name
                JOIN transcripts t ON t.id = ts.transcript
                WHERE s.id = claims.speaker AND t.video_id = ?3))
            """)
        var ids: [String: Int64] = [:]
        for video in videos {
            for row in try said.rows(video) {
                guard let name = row.string("speaker"), let claim = row.int("claim") else { continue }
                if ids[name] == nil {
                    try addSpeaker.execute(name)
                    ids[name] = try speakerID.rows(name).first?.int("id")
                }
                guard let id = ids[name] else { continue }
                try attribute.execute(arguments: [id, claim, video])
                if db.changes > 0 { try addToVideo.execute(video, id) }
            }
        }
    }

    /// Drops the alignments of videos nothing cites any more.
    package func pruneAlignments() throws {
        try db.run("""
            DELETE FROM alignments WHERE claim NOT IN (SELECT id FROM claims)
               OR (transcript IS NOT NULL AND transcript NOT IN (SELECT id FROM transcripts))
            """)
    }
}

/// A claim's alignment as `kb verify` shows it.
public struct VerifiedClaim: Sendable, Hashable {
    public var claim: Int64
    /// The note's path relative to its indexed root.
    public var note: String
    public var noteFile: String
    public var channel: String?
    public var line: Int
    public var text: String
    public var video: String
    public var cited: [Int]
    public var verdict: Verdict
    public var score: Double
    public var transcript: String?
    public var start: Double?
    public var end: Double?
    public var speaker: String?
    public var said: String?
    public var suggested: Int?
    public var reason: String?
    /// The note's video, and the claim's citations (for `kb verify --fix`).
    public var noteVideo: String?
    public var moments: [Moment] = []
}

/// Which claims `kb verify` reports.
public struct VerifyScope: Sendable, Hashable {
    /// Notes whose absolute file is one of these or lies under one of these folders; nil for all.
    public var files: [String]?
    /// A note as a user names it (`Store.resolveNote`); `Verify.report` sets its path.
    public var note: String?
    public var video: String?

    public init(files: [String]? = nil, note: String? = nil, video: String? = nil) {
        self.files = files
        self.note = note
        self.video = video
    }
}

extension Store {
    /// The alignments of the claims in scope, by note path and claim order.
    public func verifiedClaims(_ scope: VerifyScope) throws -> [VerifiedClaim] {
        try read {
            let rows = try db.cached("""
                SELECT a.claim, n.path, n.file, n.channel, c.line, c.text, a.video_id, a.verdict, a.score, tr.path AS transcript,
                       a.start, a.end, a.speaker, a.said, a.suggested, a.reason, n.video_id AS noteVideo,
                       (SELECT group_concat(t.seconds) FROM timestamps t WHERE t.claim = c.id AND t.seconds IS NOT NULL
                          AND coalesce(t.video_id, n.video_id) = a.video_id) AS cited
                FROM alignments a JOIN claims c ON c.id = a.claim JOIN notes n ON n.id = c.note
                LEFT JOIN transcripts tr ON tr.id = a.transcript
                WHERE (?1 IS NULL OR n.slug = ?1 OR n.path = ?1)
                  AND (?2 IS NULL OR a.video_id = ?2)
                  AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(?3) f WHERE n.file = f.value OR n.file LIKE f.value || '/%'))
                ORDER BY n.path, c.ordinal, a.video_id
                """).rows(arguments: [scope.note, scope.video, scope.files.map { Self.jsonArray($0) }])
            // As written: verify shows the cited time and where the claim is said.
            let moments = try self.moments(ofClaims: rows.map { $0.int("claim") ?? 0 }, likely: false)
            return rows.map { row in
                VerifiedClaim(claim: row.int("claim") ?? 0, note: row.string("path") ?? "", noteFile: row.string("file") ?? "",
                              channel: row.string("channel"), line: Int(row.int("line") ?? 0), text: row.string("text") ?? "",
                              video: row.string("video_id") ?? "",
                              cited: (row.string("cited") ?? "").split(separator: ",").compactMap { Int($0) },
                              verdict: Verdict(rawValue: row.string("verdict") ?? "") ?? .unsupported, score: row.double("score") ?? 0,
                              transcript: row.string("transcript"), start: row.double("start"), end: row.double("end"),
                              speaker: row.string("speaker"), said: row.string("said"), suggested: row.int("suggested").map(Int.init),
                              reason: row.string("reason"), noteVideo: row.string("noteVideo"), moments: moments[row.int("claim") ?? 0] ?? [])
            }
        }
    }
}
