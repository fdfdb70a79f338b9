import Foundation
import KBModel
import KBExtract
import KBTranscripts

// MARK: - Writing transcripts

extension Store {
    /// Writes a transcript, replacing what the index held for its file (keeping its id).
    /// Call inside `write`.
    @discardableResult
    public func save(_ transcript: Transcript, file: NoteFile, hash: String, existing: Int64?) throws -> Int64 {
        let now = Int64(Date().timeIntervalSince1970)
        let speakers = transcript.speakers.isEmpty ? nil : Self.jsonArray(transcript.speakers)
        let id: Int64
        if let existing {
            id = existing
            try deletePassages(ofTranscript: id)
            try db.run("DELETE FROM transcript_warnings WHERE transcript = ?", id)
            try db.run("DELETE FROM transcript_speakers WHERE transcript = ?", id)
            try db.run("""
                UPDATE transcripts SET path = ?, video_id = ?, video_source = ?, format = ?, language = ?, title = ?, guest = ?,
                    duration = ?, cues = ?, speakers = ?, hash = ?, size = ?, mtime = ?, indexed_at = ? WHERE id = ?
                """, file.path, transcript.videoID, transcript.videoIDSource?.rawValue, transcript.format.rawValue,
                transcript.language, transcript.title, transcript.guest, transcript.duration, transcript.cues, speakers,
                hash, file.size, file.mtime, now, id)
        } else {
            try db.run("""
                INSERT INTO transcripts(file, path, video_id, video_source, format, language, title, guest, duration, cues,
                    speakers, hash, size, mtime, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, file.file, file.path, transcript.videoID, transcript.videoIDSource?.rawValue, transcript.format.rawValue,
                transcript.language, transcript.title, transcript.guest, transcript.duration, transcript.cues, speakers,
                hash, file.size, file.mtime, now)
            id = db.lastInsertRowID
        }
        let insert = try db.cached("""
            INSERT INTO passages(transcript, ordinal, turn, start, end, speaker, text, line, words)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (k, p) in transcript.passages.enumerated() {
            try insert.execute(id, p.ordinal, p.turn, p.start, p.end, p.speaker, p.text, p.line, Self.wordsColumn(p.words))
            if k == 0, firstPassageToIndex == nil { firstPassageToIndex = db.lastInsertRowID }
        }
        let warning = try db.cached("INSERT INTO transcript_warnings(transcript, line, message) VALUES (?, ?, ?)")
        for d in transcript.diagnostics { try warning.execute(id, d.line, d.message) }
        return id
    }

    /// Removes a transcript and its passages.
    public func deleteTranscript(_ id: Int64) throws {
        try deletePassages(ofTranscript: id)
        try db.run("DELETE FROM transcript_warnings WHERE transcript = ?", id)
        try db.run("DELETE FROM transcript_speakers WHERE transcript = ?", id)
        try db.run("DELETE FROM transcripts WHERE id = ?", id)
    }

    /// Removes an indexed file, a note or a transcript.
    public func delete(_ record: FileRecord) throws {
        switch record.kind {
        case .note: try delete(record.id)
        case .transcript: try deleteTranscript(record.id)
        }
    }

    /// Records a new size and time for a file whose content did not change.
    public func touch(_ record: FileRecord, size: Int, mtime: Int64) throws {
        switch record.kind {
        case .note: try touch(record.id, size: size, mtime: mtime)
        case .transcript: try db.run("UPDATE transcripts SET size = ?, mtime = ? WHERE id = ?", size, mtime, record.id)
        }
    }

    /// Gives `passages_fts` the text of the passages written in this transaction, in one
    /// statement; `write` calls it before it commits, and `deletePassages` before it deletes.
    ///
    /// Why not a row at a time as each passage is written: one `INSERT … SELECT` over a
    /// batch's passages spares FTS5 a statement per passage (631,535 in the 1,000-hour
    /// bench), and the writing thread is what an index of transcripts waits on
    /// (docs/performance.md, "Transcripts"). Every passage row with an id from the first one
    /// written in this transaction on was written in it: a new row's id is one more than the
    /// largest at that moment, so an older row above it had already been deleted.
    /// `transcriptTextIsIndexedWhateverTheOrderOfWrites` checks the index against its content.
    func indexPendingPassages() throws {
        guard let first = firstPassageToIndex else { return }
        firstPassageToIndex = nil
        try db.cached("INSERT INTO passages_fts(rowid, text) SELECT id, text FROM passages WHERE id >= ?").execute(first)
    }

    private func deletePassages(ofTranscript id: Int64) throws {
        // Passages written earlier in this transaction must be in the FTS index before any is removed from it.
        try indexPendingPassages()
        // The FTS rows go first: an external-content table reads the text it removes from `passages`.
        try db.run("DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE transcript = ?)", id)
        try db.run("DELETE FROM passages WHERE transcript = ?", id)
    }

    /// Word times as `[[start, end, "word"], ...]`; nil when the file gave none.
    static func wordsColumn(_ words: [TimedWord]) -> String? {
        guard !words.isEmpty else { return nil }
        var out = "["
        for (i, w) in words.enumerated() {
            if i > 0 { out += "," }
            out += "[\(Self.number(w.start)),\(Self.number(w.end)),\(Self.jsonString(w.text))]"
        }
        return out + "]"
    }

    private static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.3f", x)
    }

    package static func jsonString(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

// MARK: - Reading transcripts

/// A transcript as the index holds it.
public struct TranscriptInfo: Sendable, Hashable, Codable {
    public var id: Int64
    /// Path relative to the indexed root.
    public var path: String
    public var video: String?
    public var format: String
    public var language: String?
    public var title: String?
    public var duration: Double?
    public var passages: Int
    /// Speakers' labels as the file writes them, in order of first appearance.
    public var speakers: [String]
}

/// One stored passage of a transcript.
public struct StoredPassage: Sendable, Hashable {
    public var id: Int64
    public var transcript: Int64
    public var ordinal: Int
    public var turn: Int
    public var start: Double
    public var end: Double
    public var speaker: String?
    public var text: String
}

extension Store {
    /// The transcripts of a video, oldest first.
    public func transcripts(ofVideo video: String) throws -> [TranscriptInfo] {
        try transcriptInfos(where: "t.video_id = ?", video)
    }

    /// Every video with a transcript, sorted.
    public func transcriptVideos() throws -> [String] {
        try db.rows("SELECT DISTINCT video_id FROM transcripts WHERE video_id IS NOT NULL ORDER BY video_id").compactMap { $0.string("video_id") }
    }

    /// A transcript by id.
    public func transcript(_ id: Int64) throws -> TranscriptInfo? {
        try transcriptInfos(where: "t.id = ?", id).first
    }

    /// The transcript stored for `name`: its path relative to the indexed root, or its absolute file.
    public func transcript(path name: String) throws -> TranscriptInfo? {
        try transcriptInfos(where: "t.path = ? OR t.file = ?", name, name).first
    }

    private func transcriptInfos(where condition: String, _ args: SQLBindable...) throws -> [TranscriptInfo] {
        try db.prepare("""
            SELECT t.id, t.path, t.video_id, t.format, t.language, t.title, t.duration, t.speakers,
                   (SELECT count(*) FROM passages p WHERE p.transcript = t.id) AS passages
            FROM transcripts t WHERE \(condition) ORDER BY t.id
            """).rows(arguments: args).map { row in
            TranscriptInfo(id: row.int("id") ?? 0, path: row.string("path") ?? "", video: row.string("video_id"),
                           format: row.string("format") ?? "", language: row.string("language"), title: row.string("title"),
                           duration: row.double("duration"), passages: Int(row.int("passages") ?? 0),
                           speakers: Self.decodeJSONArray(row.string("speakers")))
        }
    }

    /// The passages of a transcript that overlap `from...to` seconds (all when both are nil), in
    /// order; each passage's speaker is the person its label names (`passageSpeaker`), or with
    /// `labels`, the label as written (what aligning reads: `alignInputs`).
    public func passages(ofTranscript transcript: Int64, from: Double? = nil, to: Double? = nil,
                         labels: Bool = false) throws -> [StoredPassage] {
        try db.cached("""
            SELECT p.id, p.transcript, p.ordinal, p.turn, p.start, p.end, \(labels ? "p.speaker" : Self.passageSpeaker) AS speaker, p.text
            FROM passages p JOIN transcripts t ON t.id = p.transcript
            WHERE p.transcript = ?1 AND (?2 IS NULL OR p.end >= ?2) AND (?3 IS NULL OR p.start <= ?3)
            ORDER BY p.ordinal
            """).rows(transcript, from, to).map(Self.passage)
    }

    static func passage(_ row: some SQLRow) -> StoredPassage {
        StoredPassage(id: row.int("id") ?? 0, transcript: row.int("transcript") ?? 0, ordinal: Int(row.int("ordinal") ?? 0),
                      turn: Int(row.int("turn") ?? 0), start: row.double("start") ?? 0, end: row.double("end") ?? 0,
                      speaker: row.string("speaker"), text: row.string("text") ?? "")
    }

    /// Warnings stored for transcripts, with their files' paths.
    public func transcriptWarnings() throws -> [Diagnostic] {
        try db.rows("""
            SELECT t.path, w.line, w.message FROM transcript_warnings w JOIN transcripts t ON t.id = w.transcript
            ORDER BY t.path, w.line
            """).map { Diagnostic(file: $0.string("path") ?? "", line: $0.int("line").map(Int.init), message: $0.string("message") ?? "") }
    }
}

// MARK: - Searching what was said

/// Which passages a `--said` search may return: each set field must hold.
public struct PassageFilter: Sendable, Hashable {
    /// Channel slugs or names, any of which the transcript must belong to: that of the notes
    /// or index page of the transcript's video, or a folder of the transcript's path
    /// (`Store.resolveChannel` gives every name of a show `kb channels` merges).
    public var channels: [String]?
    /// A YouTube video id.
    public var video: String?
    /// Speaker labels (any case) a passage may carry; nil for any.
    public var speakerLabels: [String]?

    public init(channels: [String]? = nil, video: String? = nil, speakerLabels: [String]? = nil) {
        self.channels = channels
        self.video = video
        self.speakerLabels = speakerLabels
    }
}

/// A passage a `--said` search ranked, before it is read for showing (`Store.saidHits`).
public struct RankedPassage: Sendable, Hashable {
    public var passage: Int64
    /// The transcript's path relative to its indexed root.
    public var transcript: String
    /// bm25: lower is better.
    public var score: Double

    public init(passage: Int64, transcript: String, score: Double) {
        self.passage = passage
        self.transcript = transcript
        self.score = score
    }
}

/// One passage that matched a `--said` search.
public struct SaidHit: Sendable, Hashable {
    public var passage: Int64
    /// The transcript's path relative to its indexed root.
    public var transcript: String
    public var video: String?
    public var channel: String?
    public var speaker: String?
    public var start: Double
    public var end: Double
    public var text: String
    /// The matching part, matches wrapped in `Search.highlightStart`/`End`.
    public var snippet: String
    /// bm25: lower is better.
    public var score: Double
}

extension Store {
    /// The channel a transcript belongs to, for display: that of its video's notes, else
    /// its index page's, else nil.
    static let transcriptChannel = """
        coalesce((SELECT n.channel FROM notes n WHERE n.video_id = t.video_id AND n.channel IS NOT NULL ORDER BY n.id LIMIT 1),
                 (SELECT v.channel FROM videos v WHERE v.video_id = t.video_id AND v.channel IS NOT NULL LIMIT 1))
        """

    /// Who says passage `p` of transcript `t` (`speaker(label:transcript:video:)`).
    static let passageSpeaker = speaker(label: "p.speaker", transcript: "p.transcript", video: "t.video_id")

    /// Who says a passage, given SQL for its label as written, its transcript and that
    /// transcript's video: the person the label names (`transcript_speakers`), else the label
    /// as written, else the one speaker the index knows for the video (a lecture's
    /// narrator), else nil. One rule for passages read and for alignments saved.
    static func speaker(label: String, transcript: String, video: String) -> String {
        """
        coalesce((SELECT ts.name FROM transcript_speakers ts WHERE ts.transcript = \(transcript) AND ts.label = \(label)),
                 \(label), (SELECT min(s.name) FROM video_speakers vs JOIN speakers s ON s.id = vs.speaker
                             WHERE vs.video_id = \(video) HAVING count(*) = 1))
        """
    }

    /// Passages matching an FTS5 expression, best bm25 first, at most `limit`: which
    /// transcript each is in and its score, what `spread` needs to choose the shown ones
    /// (`saidHits` then reads those). Run inside `read`.
    package func rankedPassages(matching expression: String, _ filter: PassageFilter, limit: Int) throws -> [RankedPassage] {
        let labels = filter.speakerLabels.map { Self.jsonArray($0.map { $0.lowercased() }) }
        return try db.cached("""
            SELECT p.id, t.path, bm25(passages_fts) AS score
            FROM passages_fts
            JOIN passages p ON p.id = passages_fts.rowid
            JOIN transcripts t ON t.id = p.transcript
            WHERE passages_fts MATCH ?1
              AND (?2 IS NULL OR t.video_id = ?2)
              AND (?3 IS NULL OR lower(\(Self.passageSpeaker)) IN (SELECT value FROM json_each(?3)))
              AND (?4 IS NULL OR \(Self.transcriptInChannel("?4")))
            ORDER BY score, p.id
            LIMIT ?5
            """).rows(arguments: [expression, filter.video, labels, filter.channels.map { Self.jsonArray($0) }, limit])
            .map { RankedPassage(passage: $0.int("id") ?? 0, transcript: $0.string("path") ?? "", score: $0.double("score") ?? 0) }
    }

    /// The shown passages as hits, in the given order: text, times, speaker, channel, and a
    /// snippet of what `expression` matches. Run inside `read`.
    ///
    /// Why a second query: ranking with the snippet and the speaker and channel lookups in
    /// one query computes them for every matching passage before sorting (80 deep for 20
    /// shown), about a third of a `kb search --said` (docs/performance.md). This one makes a
    /// single pass over the matches and computes them for the shown ones only; the `+` keeps
    /// the id list from FTS5 as a rowid constraint, which would run the whole query again per
    /// id. `saidSearchInTwoStepsGivesWhatOneQueryGave` checks the hits are the same.
    package func saidHits(_ ranked: [RankedPassage], highlighting expression: String) throws -> [SaidHit] {
        guard !ranked.isEmpty else { return [] }
        var hits: [Int64: SaidHit] = [:]
        for row in try db.cached("""
            SELECT p.id, t.path, t.video_id, \(Self.transcriptChannel) AS channel, \(Self.passageSpeaker) AS speaker, p.start, p.end,
                   p.text, snippet(passages_fts, 0, ?1, ?2, '…', 32) AS snippet
            FROM passages_fts
            JOIN passages p ON p.id = passages_fts.rowid
            JOIN transcripts t ON t.id = p.transcript
            WHERE passages_fts MATCH ?3 AND +passages_fts.rowid IN (SELECT value FROM json_each(?4))
            """).rows(arguments: [Search.highlightStart, Search.highlightEnd, expression, Self.jsonArray(ranked.map(\.passage))]) {
            let id = row.int("id") ?? 0
            hits[id] = SaidHit(passage: id, transcript: row.string("path") ?? "", video: row.string("video_id"),
                               channel: row.string("channel"), speaker: row.string("speaker"), start: row.double("start") ?? 0,
                               end: row.double("end") ?? 0, text: row.string("text") ?? "", snippet: row.string("snippet") ?? "",
                               score: 0)
        }
        return ranked.compactMap { ranked in
            guard var hit = hits[ranked.passage] else { return nil }
            hit.score = ranked.score
            return hit
        }
    }

    /// Whether transcript `t` belongs to one of the channels of the JSON array bound at
    /// `parameter`: its video has a note or index page of that channel (slug or name, any
    /// case), or a folder of its path is named so.
    static func transcriptInChannel(_ parameter: String) -> String {
        """
        EXISTS (SELECT 1 FROM json_each(\(parameter)) j WHERE
                  EXISTS (SELECT 1 FROM notes n WHERE n.video_id = t.video_id
                            AND (n.channel = j.value COLLATE NOCASE OR n.channel_name = j.value COLLATE NOCASE))
                  OR EXISTS (SELECT 1 FROM videos v WHERE v.video_id = t.video_id AND v.channel = j.value COLLATE NOCASE)
                  OR lower('/' || t.path) LIKE '%/' || lower(j.value) || '/%')
        """
    }

    /// Whether any passage holds `word` in some inflection.
    package func passagesHold(_ word: String) -> Bool {
        let literal = FTSQuery.Term(text: word).fts
        return (try? db.cached("SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT 1").rows(literal).isEmpty == false) ?? false
    }

    /// Whether some transcript answers a channel filter. Run inside `read`.
    package func transcriptChannelMatches(_ channel: String) throws -> Bool {
        try !db.cached("SELECT 1 FROM transcripts t WHERE \(Self.transcriptInChannel("?1")) LIMIT 1").rows(Self.jsonArray([channel])).isEmpty
    }

    /// Every speaker label of the transcripts, for `--speaker` of `--said`. Run inside `read`.
    package func passageSpeakerLabels() throws -> [String] {
        try db.cached("SELECT speakers FROM transcripts WHERE speakers IS NOT NULL").rows()
            .flatMap { Self.decodeJSONArray($0.string("speakers")) }
    }
}

// MARK: - Who speaks, from the labels

extension Store {
    /// In how many of a folder's transcripts a full-name label must appear to name a first
    /// name alone in the others.
    static let recurringLabel = 3

    /// Works out again which person each speaker label of every transcript names
    /// (`SpeakerLabels`), after the notes' speakers are saved: candidates are the video's
    /// speakers and the people its notes mention, the transcript's guest, and the full-name
    /// labels of the transcripts in the same folder (a channel's). Call inside `write`.
    package func resolveTranscriptSpeakers() throws {
        try db.run("DELETE FROM transcript_speakers")
        let rows = try db.rows("SELECT id, path, video_id, guest, speakers FROM transcripts WHERE speakers IS NOT NULL")
        // Full-name labels that recur in a folder's transcripts (a host's): a guest's first
        // name is not read as another episode's guest of the same first name.
        var labelled: [String: [String: Int]] = [:]
        for row in rows {
            let folder = LinkResolver.folder(of: row.string("path") ?? "")
            for label in Set(Self.decodeJSONArray(row.string("speakers"))) where !SpeakerLabels.isRole(label) && label.split(separator: " ").count >= 2 {
                labelled[folder, default: [:]][label, default: 0] += 1
            }
        }
        let folderNames = labelled.mapValues { counts in counts.filter { $0.value >= Self.recurringLabel }.map(\.key) }
        let videoPeople = try db.cached("""
            SELECT s.name FROM video_speakers vs JOIN speakers s ON s.id = vs.speaker WHERE vs.video_id = ?1
            UNION SELECT m.name FROM mentions m JOIN notes n ON n.id = m.note WHERE n.video_id = ?1
            """)
        let insert = try db.cached("INSERT OR IGNORE INTO transcript_speakers(transcript, label, name) VALUES (?, ?, ?)")
        for row in rows {
            let labels = Self.decodeJSONArray(row.string("speakers"))
            var candidates = folderNames[LinkResolver.folder(of: row.string("path") ?? "")] ?? []
            candidates += labels
            if let guest = row.string("guest") { candidates.append(guest) }
            if let video = row.string("video_id") { candidates += try videoPeople.rows(video).compactMap { $0.string("name") } }
            for label in labels {
                guard let name = SpeakerLabels.person(for: label, candidates: candidates) else { continue }
                try insert.execute(row.int("id") ?? 0, label, name)
            }
        }
    }
}
