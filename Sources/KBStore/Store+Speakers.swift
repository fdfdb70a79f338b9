import KBModel
import KBExtract
/// Speakers are a property of a video, found across all of its notes and its index-page
/// title, so they are worked out after the notes are written, one video at a time.
extension Store {
    /// Every video any note cites, for a full pass.
    package func allVideoIDs() throws -> Set<String> {
        Set(try db.rows("SELECT DISTINCT video_id FROM notes WHERE video_id IS NOT NULL").compactMap { $0.string("video_id") })
    }

    /// What the speaker extractor needs of one video: its title and its notes' claims.
    package func speakerInputs(video: String) throws -> SpeakerInputs {
        let title = try db.rows("SELECT title FROM videos WHERE video_id = ? ORDER BY index_note LIMIT 1", video).first?.string("title")
        var noteIDs: [Int64] = []
        var inputs: [SpeakerInput] = []
        var claimIDs: [[Int64]] = []
        for row in try db.rows("SELECT id, title FROM notes WHERE video_id = ? ORDER BY path", video) {
            let id = row.int("id") ?? 0
            var sentences: [SpeakerSentence] = []
            var ids: [Int64] = []
            try db.cached("SELECT id, line, text, lead FROM claims WHERE note = ? ORDER BY ordinal").forEachRow([id]) { c in
                ids.append(c.int("id") ?? 0)
                sentences.append(SpeakerSentence(line: Int(c.int("line") ?? 0), text: c.string("text") ?? "", lead: c.string("lead")))
            }
            noteIDs.append(id)
            inputs.append(SpeakerInput(title: row.string("title"), sentences: sentences))
            claimIDs.append(ids)
        }
        return (title, noteIDs, inputs, claimIDs)
    }

    /// Replaces what the index says of a video's speakers. Call inside `write`.
    package func saveSpeakers(_ result: VideoSpeakers) throws {
        try db.run("DELETE FROM video_speakers WHERE video_id = ?", result.video)
        var ids: [String: Int64] = [:]
        for name in result.speakers {
            try db.run("INSERT OR IGNORE INTO speakers(name) VALUES (?)", name)
            guard let id = try db.scalarInt("SELECT id FROM speakers WHERE name = ?", name) else { continue }
            ids[name] = id
            try db.run("INSERT OR IGNORE INTO video_speakers(video_id, speaker) VALUES (?, ?)", result.video, id)
        }
        // Only rows that hold a speaker: rewriting every claim row of every note (most are
        // NULL already) took most of the speaker pass on a fresh index.
        let clear = try db.cached("UPDATE claims SET speaker = NULL, speaker_source = NULL WHERE note = ? AND speaker IS NOT NULL")
        let forget = try db.cached("DELETE FROM mentions WHERE note = ?")
        let mention = try db.cached("INSERT INTO mentions(note, name) VALUES (?, ?)")
        for (note, mentions) in zip(result.notes, result.mentions) {
            try clear.execute(note)
            try forget.execute(note)
            for name in mentions { try mention.execute(note, name) }
        }
        let attribute = try db.cached("UPDATE claims SET speaker = ?, speaker_source = 'notes' WHERE id = ?")
        for (claim, name) in result.attributions {
            guard let speaker = ids[name] else { continue }
            try attribute.execute(speaker, claim)
        }
    }

    /// Drops speakers no video has any more.
    package func pruneSpeakers() throws {
        try db.run("DELETE FROM speakers WHERE id NOT IN (SELECT speaker FROM video_speakers)")
    }

    /// Merges two forms of one person's name (`PersonName.areForms`) into the fuller one when
    /// something ties them: a video they both speak in, or a channel their videos share (its
    /// index page lists them). Their videos, claims and transcript labels move to the kept
    /// name. Call inside `write`, after the speakers of the changed videos were saved.
    package func mergeSpeakerForms() throws {
        var speakers: [PersonName.Known] = []
        try db.cached("""
            SELECT s.id, s.name, group_concat(DISTINCT 'v:' || vs.video_id) AS videos,
                   group_concat(DISTINCT 'c:' || n.channel) AS channels
            FROM speakers s JOIN video_speakers vs ON vs.speaker = s.id LEFT JOIN notes n ON n.video_id = vs.video_id
            GROUP BY s.id ORDER BY s.id
            """).forEachRow([]) { row in
            let ties = ((row.string("videos") ?? "") + "," + (row.string("channels") ?? "")).split(separator: ",").map(String.init)
            speakers.append(PersonName.Known(id: row.int("id") ?? 0, name: row.string("name") ?? "", ties: Set(ties)))
        }
        for (keep, drop) in PersonName.formMerges(speakers) {
            try db.run("INSERT OR IGNORE INTO video_speakers(video_id, speaker, source) SELECT video_id, ?1, source FROM video_speakers WHERE speaker = ?2", keep.id, drop.id)
            try db.run("UPDATE claims SET speaker = ?1 WHERE speaker = ?2", keep.id, drop.id)
            try db.run("UPDATE transcript_speakers SET name = ?1 WHERE name = ?2", keep.name, drop.name)
            try db.run("DELETE FROM video_speakers WHERE speaker = ?", drop.id)
            try db.run("DELETE FROM speakers WHERE id = ?", drop.id)
        }
    }
}

/// What the speaker analysis of one video reads from the index: the video's title, and
/// its notes with their claims (ids kept to write the attributions back).
package typealias SpeakerInputs = (title: String?, notes: [Int64], inputs: [SpeakerInput], claims: [[Int64]])

/// What the index will say of one video's speakers, worked out from its `SpeakerInputs`:
/// only the attributed claims are listed, so a whole run's results can wait in memory
/// for the writer.
package struct VideoSpeakers: Sendable {
    var video: String
    var speakers: [String]
    /// The video's notes, and parallel to them the names each mentions.
    var notes: [Int64]
    var mentions: [[String]]
    var attributions: [(claim: Int64, speaker: String)]

    package init(video: String, inputs: SpeakerInputs, analysis: SpeakerAnalysis) {
        self.video = video
        speakers = analysis.speakers
        let analysed = min(inputs.notes.count, analysis.notes.count)
        notes = Array(inputs.notes.prefix(analysed))
        mentions = analysis.notes.prefix(analysed).map(\.mentions)
        attributions = []
        for n in 0..<analysed {
            for (k, name) in analysis.notes[n].attributions.enumerated() where k < inputs.claims[n].count {
                if let name { attributions.append((inputs.claims[n][k], name)) }
            }
        }
    }
}
