import KBModel
import KBExtract
import Foundation

// The queries behind `kb render`: notes, claims with their citations, links and
// figures, videos, speakers and backlinks, read into the plain values of
// Render/ReportModel.swift. Tables filled by other work (speakers, video_speakers,
// claims.speaker) may be empty; every query here then returns nothing for them.

extension Store {
    /// Every note, in path order.
    public func reportNotes() throws -> [ReportNote] {
        try read {
            try db.prepare("""
                SELECT id, path, slug, title, video_id, channel, channel_name, aliases, frontmatter
                FROM notes ORDER BY path, id
                """).rows().map(Self.reportNote)
        }
    }

    static func reportNote(_ row: some SQLRow) -> ReportNote {
        ReportNote(id: row.int("id") ?? 0, path: row.string("path") ?? "", slug: row.string("slug") ?? "",
                   title: row.string("title"), videoID: row.string("video_id"), channel: row.string("channel"),
                   channelName: row.string("channel_name"), aliases: decodeJSONArray(row.string("aliases")),
                   frontmatter: row.string("frontmatter"))
    }

    /// Which claims to load.
    public enum ClaimSelection: Sendable, Hashable {
        case note(Int64)
        /// Claims of the notes about a video.
        case video(String)
        case speaker(Int64)
        case ids([Int64])
    }

    /// Whose figures to load with the claims: pages that show no amounts skip the largest table.
    public enum FigureSelection: Sendable, Hashable {
        case all, none
        /// Only claims attributed to a speaker: the site shows figures on speaker pages only.
        case spoken
    }

    /// Claims with their citations, links and figures: in note order for `.note`,
    /// by note path and ordinal otherwise (`.ids` keeps the order given).
    ///
    /// Four queries whatever the number of claims: the claims, then the citations,
    /// links and figures of the same selection, matched to their claims by id.
    public func reportClaims(_ selection: ClaimSelection, figures figureSelection: FigureSelection = .all) throws -> [ReportClaim] {
        let scope: String
        let argument: SQLBindable
        var order = " ORDER BY n.path, c.ordinal"
        switch selection {
        case .note(let id):
            (scope, argument, order) = ("c.note = ?", id, " ORDER BY c.ordinal")
        case .video(let video):
            (scope, argument) = ("n.video_id = ?", video)
        case .speaker(let id):
            (scope, argument) = ("c.speaker = ?", id)
        case .ids(let ids):
            (scope, argument, order) = ("c.id IN (SELECT value FROM json_each(?))", Self.jsonArray(ids), "")
        }
        let notes = " FROM claims c JOIN notes n ON n.id = c.note"
        // Without the speakers join, the ids come from the indexes alone.
        let ids = "(SELECT c.id" + notes + " WHERE " + scope + ")"
        return try read {
            let parts = try claimParts(of: ids, argument, figures: figureSelection)
            // Claims of one section repeat its path: split each path once. Claims of one
            // note come together and repeat its columns: read them once per note.
            var sections: [String: [String]] = ["": []]
            var lastSection: (path: String, parts: [String])?
            var note: (id: Int64, path: String, slug: String, title: String?, video: String?, channel: String?)?
            var claims: [ReportClaim] = []
            try db.cached("""
                SELECT c.id, c.note, c.section, c.ordinal, c.text, c.markdown, c.line, c.lead, s.name AS speaker,
                       n.path, n.slug, n.title, n.video_id, n.channel
                """ + notes + " LEFT JOIN speakers s ON s.id = c.speaker WHERE " + scope + order)
                .forEachRow([argument]) { row in
                    let id = row.int("id") ?? 0
                    let noteID = row.int("note") ?? 0
                    if note?.id != noteID {
                        note = (noteID, row.string("path") ?? "", row.string("slug") ?? "", row.string("title"),
                                row.string("video_id"), row.string("channel"))
                    }
                    let n = note!
                    let section: [String]
                    if let last = lastSection, row.hasText("section", equalTo: last.path) {
                        section = last.parts
                    } else {
                        let path = row.string("section") ?? ""
                        if let known = sections[path] {
                            section = known
                        } else {
                            section = Self.sectionPath(path)
                            sections[path] = section
                        }
                        lastSection = (path, section)
                    }
                    var claim = ReportClaim(
                        id: id, note: noteID, section: section,
                        ordinal: Int(row.int("ordinal") ?? 0), text: row.string("text") ?? "", markdown: row.string("markdown") ?? "",
                        line: Int(row.int("line") ?? 0), lead: row.string("lead"), speaker: row.string("speaker"),
                        notePath: n.path, noteSlug: n.slug, noteTitle: n.title, video: n.video, channel: n.channel,
                        moments: parts.moments[id] ?? [], links: parts.links[id] ?? [], figures: parts.figures[id] ?? [])
                    claim.flags = parts.flags[id] ?? []
                    claims.append(claim)
                }
            guard case .ids(let ids) = selection else { return claims }
            let byID = Dictionary(claims.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return ids.compactMap { byID[$0] }
        }
    }

    /// The citations, links, verify flags and figures of the claims `ids` selects (an SQL
    /// subquery of claim ids taking `argument`), by claim id: one query each.
    private func claimParts(of ids: String, _ argument: SQLBindable, figures figureSelection: FigureSelection) throws -> ClaimParts {
        var parts = ClaimParts()
        var noteVideos: [Int64: String] = [:]
        try db.cached("SELECT t.claim, " + Self.momentColumns + ", n.video_id AS note_video FROM timestamps t JOIN notes n ON n.id = t.note WHERE t.claim IN "
                      + ids + " ORDER BY t.claim, t.id").forEachRow([argument]) { row in
            let claim = row.int("claim") ?? 0
            parts.moments[claim, default: []].append(Self.moment(row))
            if let v = row.string("note_video") { noteVideos[claim] = v }
        }
        try markLikely(&parts.moments, noteVideos: noteVideos)
        try db.cached("SELECT l.claim, l.target, l.heading, l.label, l.embed, l.resolved, l.line FROM links l WHERE l.claim IN "
                      + ids + " ORDER BY l.claim, l.id").forEachRow([argument]) { row in
            parts.links[row.int("claim") ?? 0, default: []].append(Self.reportLink(row))
        }
        try db.cached("SELECT a.claim, a.video_id, a.verdict, a.suggested FROM alignments a WHERE a.verdict IN ('drifted', 'unsupported') AND a.claim IN "
                      + ids + " ORDER BY a.claim, a.video_id").forEachRow([argument]) { row in
            parts.flags[row.int("claim") ?? 0, default: []].append(
                ClaimFlag(video: row.string("video_id") ?? "", verdict: row.string("verdict") ?? "", suggested: row.int("suggested").map(Int.init)))
        }
        // A claim's speaker counts as the claims query reads it: through `speakers`.
        let spoken = figureSelection == .spoken
            ? " AND f.claim IN (SELECT c.id FROM claims c JOIN speakers s ON s.id = c.speaker WHERE c.id = f.claim)" : ""
        if figureSelection != .none { try db.cached("""
            SELECT f.claim, f.start, f.end, f.surface, f.kind, f.low, f.high, f.unit, f.bound, f.approx, f.per, f.per_qty, f.subject
            FROM figures f WHERE f.claim IN
            """ + ids + spoken + " ORDER BY f.claim, f.ordinal").forEachRow([argument]) { row in
            parts.figures[row.int("claim") ?? 0, default: []].append(Self.figure(row))
        } }
        return parts
    }

    private struct ClaimParts {
        var moments: [Int64: [Moment]] = [:]
        var links: [Int64: [ReportLink]] = [:]
        var flags: [Int64: [ClaimFlag]] = [:]
        var figures: [Int64: [Figure]] = [:]
    }

    /// A video heading of a channel index page.
    public typealias ListedVideo = (id: String, title: String, line: Int)

    /// Videos a channel index page lists, with the line of each heading.
    public func reportListedVideos(indexNote: Int64) throws -> [ListedVideo] {
        try db.cached("SELECT index_note, video_id, title, line FROM videos WHERE index_note = ? ORDER BY line")
            .rows(indexNote).map(Self.listedVideo)
    }

    /// `reportListedVideos(indexNote:)` of every channel index page, by note id.
    public func reportListedVideos() throws -> [Int64: [ListedVideo]] {
        var out: [Int64: [ListedVideo]] = [:]
        try db.cached("SELECT index_note, video_id, title, line FROM videos ORDER BY index_note, line").forEachRow([]) { row in
            out[row.int("index_note") ?? 0, default: []].append(Self.listedVideo(row))
        }
        return out
    }

    private static func listedVideo(_ row: some SQLRow) -> ListedVideo {
        (row.string("video_id") ?? "", row.string("title") ?? "", Int(row.int("line") ?? 0))
    }

    /// Each note's headings in order, by note id (`note` for one note only).
    public func reportHeadings(note: Int64? = nil) throws -> [Int64: [Heading]] {
        var out: [Int64: [Heading]] = [:]
        try db.cached("SELECT note, line, level, title FROM headings WHERE (?1 IS NULL OR note = ?1) ORDER BY note, line")
            .forEachRow([note]) { row in
                out[row.int("note") ?? 0, default: []].append(
                    Heading(level: Int(row.int("level") ?? 1), title: row.string("title") ?? "", line: Int(row.int("line") ?? 0)))
            }
        return out
    }

    /// Links outside claims (the From line, index lists, headings) of one note.
    public func reportOtherLinks(note: Int64) throws -> [ReportLink] {
        try db.cached("SELECT target, heading, label, embed, resolved, line FROM links WHERE source = ? AND claim IS NULL ORDER BY id")
            .rows(note).map(Self.reportLink)
    }

    /// `reportOtherLinks(note:)` of every note, by note id.
    public func reportOtherLinks() throws -> [Int64: [ReportLink]] {
        var out: [Int64: [ReportLink]] = [:]
        try db.cached("SELECT source, target, heading, label, embed, resolved, line FROM links WHERE claim IS NULL ORDER BY id")
            .forEachRow([]) { row in out[row.int("source") ?? 0, default: []].append(Self.reportLink(row)) }
        return out
    }

    /// Each note's citations outside claims (a list item that is only a link and its
    /// citation, a citation on a line of its own), in order, by note id.
    public func reportOtherMoments(note: Int64? = nil) throws -> [Int64: [Moment]] {
        var out: [Int64: [Moment]] = [:]
        try db.cached("SELECT t.note, \(Self.momentColumns) FROM timestamps t WHERE t.claim IS NULL AND (?1 IS NULL OR t.note = ?1) ORDER BY t.id")
            .forEachRow([note]) { row in out[row.int("note") ?? 0, default: []].append(Self.moment(row)) }
        return out
    }

    /// A link from the columns target, heading, label, embed, resolved and line.
    private static func reportLink(_ row: some SQLRow) -> ReportLink {
        ReportLink(target: row.string("target") ?? "", heading: row.string("heading"), label: row.string("label"),
                   embed: row.bool("embed") ?? false, resolved: row.int("resolved"), line: Int(row.int("line") ?? 0))
    }

    /// Every video: those channel index pages list and those notes name, with
    /// their title, channel, notes and speakers; ordered by channel, then title.
    public func reportVideos() throws -> [ReportVideo] {
        try read {
            var videos: [String: ReportVideo] = [:]
            for row in try db.prepare("SELECT video_id, title, channel FROM videos ORDER BY index_note, line").rows() {
                guard let id = row.string("video_id"), videos[id] == nil else { continue }
                videos[id] = ReportVideo(id: id, title: row.string("title"), channel: row.string("channel"))
            }
            for row in try db.prepare("""
                SELECT video_id, id, channel, title FROM notes WHERE video_id IS NOT NULL ORDER BY path, id
                """).rows() {
                guard let id = row.string("video_id"), !id.isEmpty else { continue }
                var video = videos[id] ?? ReportVideo(id: id, title: nil, channel: row.string("channel"))
                video.notes.append(row.int("id") ?? 0)
                if video.channel == nil { video.channel = row.string("channel") }
                videos[id] = video
            }
            for row in try db.prepare("""
                SELECT vs.video_id, s.name FROM video_speakers vs JOIN speakers s ON s.id = vs.speaker
                ORDER BY s.name
                """).rows() {
                if let id = row.string("video_id"), let name = row.string("name") { videos[id]?.speakers.append(name) }
            }
            return videos.values.sorted {
                ($0.channel ?? "\u{10FFFF}", $0.title ?? $0.id, $0.id) < ($1.channel ?? "\u{10FFFF}", $1.title ?? $1.id, $1.id)
            }
        }
    }

    /// Every speaker with the videos they speak in, by name.
    public func reportSpeakers() throws -> [ReportSpeaker] {
        try read {
            var speakers: [Int64: ReportSpeaker] = [:]
            var order: [Int64] = []
            for row in try db.prepare("SELECT id, name FROM speakers ORDER BY name COLLATE NOCASE, id").rows() {
                let id = row.int("id") ?? 0
                speakers[id] = ReportSpeaker(id: id, name: row.string("name") ?? "")
                order.append(id)
            }
            for row in try db.prepare("SELECT speaker, video_id FROM video_speakers ORDER BY video_id").rows() {
                if let id = row.int("speaker"), let video = row.string("video_id") { speakers[id]?.videos.append(video) }
            }
            return order.compactMap { speakers[$0] }
        }
    }

    /// The speaker a user names (`resolveSpeaker`: full name, else a unique surname).
    public func reportSpeaker(named name: String) throws -> ReportSpeaker? {
        let full = try resolveSpeaker(name)
        return try reportSpeakers().first { $0.name == full }
    }

    /// The links from other notes that name `note`, as `reportBacklinks(to: [note])` reads them.
    public func reportBacklinks(to note: Int64) throws -> [ReportBacklink] {
        try reportBacklinks(to: [note])[note] ?? []
    }

    /// For each of `notes` that has claims: how many, and the ids of the first `first` in note order.
    public func reportClaimHeads(of notes: [Int64], first: Int) throws -> [Int64: (count: Int, first: [Int64])] {
        var out: [Int64: (count: Int, first: [Int64])] = [:]
        // From the index on (note, ordinal) alone.
        try db.cached("SELECT note, id FROM claims WHERE note IN (SELECT value FROM json_each(?)) ORDER BY note, ordinal")
            .forEachRow([Self.jsonArray(notes)]) { row in
                let note = row.int("note") ?? 0
                var head = out[note] ?? (0, [])
                head.count += 1
                if head.first.count < first, let id = row.int("id") { head.first.append(id) }
                out[note] = head
            }
        return out
    }

    /// The links from other notes that name each of `notes`, with the claim each sits in
    /// (nil outside claims), by note id; a note no other note links to has no entry.
    public func reportBacklinks(to notes: [Int64]) throws -> [Int64: [ReportBacklink]] {
        var out: [Int64: [ReportBacklink]] = [:]
        try db.cached("""
            SELECT l.source, l.claim, l.target, l.heading, l.label, l.embed, l.resolved, l.line
            FROM links l WHERE l.resolved IN (SELECT value FROM json_each(?)) AND l.source != l.resolved
            ORDER BY l.source, l.id
            """).forEachRow([Self.jsonArray(notes)]) { row in
                let link = Self.reportBacklink(row)
                out[link.link.resolved ?? 0, default: []].append(link)
            }
        return out
    }

    /// Every link that names no note.
    public func reportUnresolvedLinks() throws -> [ReportBacklink] {
        try db.cached("""
            SELECT l.source, l.claim, l.target, l.heading, l.label, l.embed, l.resolved, l.line
            FROM links l WHERE l.resolved IS NULL ORDER BY l.source, l.id
            """).rows().map(Self.reportBacklink)
    }

    /// Notes that other notes link to, with how many links name them.
    public func reportLinkedNotes() throws -> [Int64: Int] {
        var out: [Int64: Int] = [:]
        // A scan of the table: through links_resolved each row's source is a lookup at random.
        for row in try db.cached("""
            SELECT resolved, count(*) AS backlinks FROM links NOT INDEXED WHERE resolved IS NOT NULL AND resolved != source GROUP BY resolved
            """).rows() {
            if let id = row.int("resolved") { out[id] = Int(row.int("backlinks") ?? 0) }
        }
        return out
    }

    private static func reportBacklink(_ row: some SQLRow) -> ReportBacklink {
        ReportBacklink(source: row.int("source") ?? 0, claim: row.int("claim"), link: reportLink(row))
    }
}
