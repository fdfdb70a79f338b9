import KBModel
import KBExtract

// One resolver per kind of name a user types: a note, a video, a speaker, a channel, a link
// target. Every command, report and MCP tool that takes such a name asks here, so that
// `kb render note X`, `kb search --note X`, `kb verify --note X` and `kb jump X@0:10` agree on
// what X means, and fail the same way when nothing, or more than one thing, answers to it
// (StoreError.unknownName with the nearest names, StoreError.ambiguousName with all candidates).

extension Store {
    // MARK: Speakers

    /// The speaker a user names: a full name (case-insensitive), another form of one name
    /// (PersonName), else the one speaker whose surname (last word) it is. An unknown name, or
    /// a surname several speakers share, is an error that lists the candidates.
    public func resolveSpeaker(_ typed: String) throws -> String {
        let name = typed.trimmingWhitespace
        let all = try speakerNames()
        if let exact = all.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return exact }
        // Another form of a speaker's name ("Sarah Paine" for Sarah C. M. Paine, "Joe" for Joseph).
        let forms = all.filter { PersonName.areForms($0, name) }
        if forms.count == 1 { return forms[0] }
        let bySurname = all.filter { Self.surname(of: $0).caseInsensitiveCompare(name) == .orderedSame }
        switch bySurname.count {
        case 1:
            return bySurname[0]
        case 0:
            if all.isEmpty { throw StoreError.unknownName(.speaker, typed, nearest: [], hint: "it has no speakers yet") }
            throw StoreError.unknownName(.speaker, typed, nearest: nearestSpeakers(to: name, among: all), hint: "kb speakers lists them")
        default:
            throw StoreError.ambiguousName(.speaker, typed, candidates: bySurname, hint: "give the full name")
        }
    }

    /// Speakers whose full name or surname is near `name` ("Ramen" → Priya Raman).
    private func nearestSpeakers(to name: String, among all: [String]) -> [String] {
        var fullName: [String: [String]] = [:]
        for full in all {
            fullName[full, default: []].append(full)
            fullName[String(Self.surname(of: full)), default: []].append(full)
        }
        var near: [String] = []
        for key in NearestName(Array(fullName.keys)).nearest(to: name, limit: 3) {
            for full in fullName[key] ?? [] where !near.contains(full) { near.append(full) }
        }
        return near
    }

    /// `resolveSpeaker`, passing nil through.
    func resolveSpeaker(_ typed: String?) throws -> String? {
        try typed.map(resolveSpeaker)
    }

    /// Every speaker's name, in name order: those the notes find and those transcripts label.
    func speakerNames() throws -> [String] {
        try db.cached("SELECT name FROM speakers UNION SELECT name FROM transcript_speakers ORDER BY 1 COLLATE NOCASE").rows()
            .compactMap { $0.string("name") }
    }

    /// The last word of a name.
    static func surname(of name: String) -> Substring {
        name.split(separator: " ").last ?? Substring(name)
    }

    // MARK: Notes and link targets

    /// The note a user names. By the first rule that finds any: its path as stored (with or
    /// without `.md`); the end of a path after a `/` (`show/ep1.md`, `ep1.md`); then as a wiki-link
    /// names a note (`LinkResolver.candidates`: the slug, case-folded, a title or an alias). One
    /// note is the answer; several are an error listing their paths; none, an error with the
    /// nearest slugs.
    public func resolveNote(_ typed: String) throws -> ReportNote {
        let found = try noteCandidates(typed)
        switch found.count {
        case 1: return found[0]
        case 0:
            let name = typed.trimmingWhitespace
            let slugs = try db.cached("SELECT slug FROM notes").rows().compactMap { $0.string("slug") }
            throw StoreError.unknownName(.note, name, nearest: NearestName.closest(to: name, among: slugs), hint: nil)
        default:
            throw StoreError.ambiguousName(.note, typed.trimmingWhitespace, candidates: found.map(\.path), hint: "give the path")
        }
    }

    /// The notes `typed` names by the first rule of `resolveNote` that names any, in path order.
    func noteCandidates(_ typed: String) throws -> [ReportNote] {
        let name = typed.trimmingWhitespace
        guard !name.isEmpty else { return [] }
        let columns = "id, path, slug, title, video_id, channel, channel_name, aliases, frontmatter"
        let byPath = try db.cached("SELECT \(columns) FROM notes WHERE path = ?1 OR path = ?1 || '.md' ORDER BY path LIMIT 1")
            .rows(name)
        if let row = byPath.first { return [Self.reportNote(row)] }
        if name.contains("/") || name.hasSuffix(".md") {
            // The end of a path: compared as text, so that `_` in a name is no LIKE wildcard.
            let ends = try db.cached("""
                SELECT \(columns) FROM notes
                WHERE substr(path, -length(?1) - 1) = '/' || ?1 OR substr(path, -length(?1) - 4) = '/' || ?1 || '.md'
                ORDER BY path
                """).rows(name).map(Self.reportNote)
            if !ends.isEmpty { return ends }
        }
        // The common case, a slug as written, from the index on slug alone.
        let bySlug = try db.cached("SELECT \(columns) FROM notes WHERE slug = ?1 ORDER BY path").rows(name).map(Self.reportNote)
        if !bySlug.isEmpty { return bySlug }
        var resolver = LinkResolver()
        var notes: [Int64: ReportNote] = [:]
        for row in try db.cached("SELECT \(columns) FROM notes").rows() {
            let note = Self.reportNote(row)
            notes[note.id] = note
            resolver.add(id: note.id, slug: note.slug, title: note.title, aliases: note.aliases, folder: "")
        }
        return resolver.candidates(name).compactMap { notes[$0] }.sorted { $0.path < $1.path }
    }

    // MARK: Videos

    /// The video a user names: a video id the index knows (of a note, an index page or a
    /// transcript); a note (`resolveNote`'s rules) that is about one video; a transcript's
    /// path or file name without its extensions (`guillermo-rauch`, `PFDu9oVAE-g.en`); with
    /// `anyID`, also any string shaped like a YouTube id (`kb jump` opens videos the index does
    /// not hold). Notes of different videos are an error listing them; nothing, an error with
    /// the nearest video ids.
    public func resolveVideo(_ typed: String, anyID: Bool = false) throws -> String {
        let name = typed.trimmingWhitespace
        if let id = try knownVideo(name) { return id }
        if anyID, VideoID.isWellFormed(name) { return name }
        let known = try db.cached("""
            SELECT video_id AS name FROM notes WHERE video_id IS NOT NULL UNION SELECT video_id FROM transcripts WHERE video_id IS NOT NULL
            """).rows().compactMap { $0.string("name") }
        throw StoreError.unknownName(.video, name, nearest: NearestName.closest(to: name, among: known), hint: nil)
    }

    /// The video `name` names by `resolveVideo`'s rules, nil when none.
    private func knownVideo(_ name: String) throws -> String? {
        if try db.cached("""
            SELECT 1 FROM notes WHERE video_id = ?1 UNION SELECT 1 FROM videos WHERE video_id = ?1
            UNION SELECT 1 FROM transcripts WHERE video_id = ?1 LIMIT 1
            """).rows(name).first != nil {
            return name
        }
        let notes = try noteCandidates(name).filter { $0.videoID != nil }
        let videos = Set(notes.compactMap(\.videoID))
        if videos.count == 1 { return videos.first }
        if videos.count > 1 {
            throw StoreError.ambiguousName(.video, name, candidates: notes.map { "\($0.path) (\($0.videoID!))" }, hint: "give the video id")
        }
        let stem = name.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? name
        let transcripts = try db.cached("""
            SELECT video_id FROM transcripts WHERE video_id IS NOT NULL
              AND (path = ?1 OR path LIKE '%/' || ?1 OR path LIKE '%/' || ?2 || '.%' OR path LIKE ?2 || '.%')
            ORDER BY id LIMIT 1
            """).rows(name, stem)
        return transcripts.first?.string("video_id")
    }

    // MARK: Channels

    /// Every name of the channel a user names: the folder slug or the channel's name its notes
    /// give (case-insensitive) with the other names of the same show (`channelNames`, as
    /// `kb channels` merges them), so that a filter finds the notes and transcripts of every
    /// name whichever is typed. Also a channel that only transcripts have, when `transcripts`
    /// is set (`--said`); then some transcript must belong to one of the names.
    public func resolveChannel(_ typed: String, transcripts: Bool = false) throws -> [String] {
        let name = typed.trimmingWhitespace
        let slugs = try db.cached("""
            SELECT DISTINCT channel FROM notes WHERE channel = ?1 COLLATE NOCASE OR channel_name = ?1 COLLATE NOCASE
            """).rows(name).compactMap { $0.string("channel") }
        if !slugs.isEmpty {
            let all = try channelNames([name] + slugs)
            if try !transcripts || all.contains(where: { try transcriptChannelMatches($0) }) { return all }
            throw StoreError.unknownName(.channel, name, nearest: [], hint: "no transcript of it is in the index")
        }
        if transcripts, try transcriptChannelMatches(name) { return [name] }
        let names = try db.cached("""
            SELECT channel AS name FROM notes WHERE channel IS NOT NULL UNION SELECT channel_name FROM notes WHERE channel_name IS NOT NULL
            """).rows().compactMap { $0.string("name") }
        throw StoreError.unknownName(.channel, name, nearest: NearestName.closest(to: name, among: names), hint: nil)
    }
}
