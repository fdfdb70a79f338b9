import KBModel
import KBMarkdown
import KBExtract
import KBStore
import KBQuery
import Foundation

/// What `kb render` writes.
public struct RenderOptions: Sendable, Hashable {
    /// Pages as HTML (through cmark's safe mode) rather than markdown.
    public var html: Bool
    /// How moments are written in markdown; HTML pages always link to the video.
    public var timestamps: TimestampStyle

    public init(html: Bool = false, timestamps: TimestampStyle = .link) {
        self.html = html
        self.timestamps = timestamps
    }

    /// The extension of page files.
    public var fileExtension: String { html ? "html" : "md" }
}

/// A table of a page; cells are markdown.
public struct RenderTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]
    /// In HTML, the table folds under this summary (`<details>`); markdown shows it whole.
    public var collapsedUnder: String?

    public init(header: [String], rows: [[String]], collapsedUnder: String? = nil) {
        self.header = header
        self.rows = rows
        self.collapsedUnder = collapsedUnder
    }

    /// A GFM pipe table.
    var markdown: String {
        // A pipe inside a cell (a wiki-link's label) would end the cell. On bytes, as
        // cmark reads them: a pipe with a combining mark still ends a cell.
        func cell(_ s: String) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count + 8)
            var escaped = false
            for b in s.utf8 {
                if b == UInt8(ascii: "|"), !escaped { out.append(UInt8(ascii: "\\")) }
                escaped = b == UInt8(ascii: "\\") && !escaped
                out.append(b == UInt8(ascii: "\n") ? UInt8(ascii: " ") : b)
            }
            return String(decoding: out, as: UTF8.self)
        }
        func row(_ cells: [String]) -> String { "| " + cells.map(cell).joined(separator: " | ") + " |" }
        return ([row(header), "|" + header.map { _ in "---|" }.joined()] + rows.map(row)).joined(separator: "\n")
    }
}

/// One page of output: a file name stem (from `SitePlan`), a title and its body.
public struct RenderedPage: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case markdown(String)
        /// libcmark has no tables: markdown output writes them as GFM, HTML as `<table>`.
        case table(RenderTable)
        /// Places a link may point at (`page.html#id`): HTML ids made by kb from digits and
        /// letters only, never from a note; nothing in markdown.
        case anchors([String])
    }

    public var name: String
    public var title: String
    public var parts: [Part]

    public init(name: String, title: String, parts: [Part]) {
        self.name = name
        self.title = title
        self.parts = parts
    }

    /// The page as markdown.
    public var markdown: String {
        parts.compactMap { part -> String? in
            switch part {
            case .markdown(let s): return s
            case .table(let t): return t.markdown + "\n"
            case .anchors: return nil
            }
        }.joined(separator: "\n")
    }
}

/// Writes reports as markdown; `HTMLPage` turns them into HTML.
///
/// With a `SitePlan`, links between reports point at the site's pages
/// (`[[note-x|label]]` in markdown, `[label](note-x.html)` in HTML). Without one
/// (a single report in markdown), wiki-links stay as the notes wrote them, so that
/// Obsidian resolves them in the notes' own vault, and notes are linked by slug.
///
/// Everything but the store is read in `init` and never changes, so that `SiteWriter`
/// can render pages on every core from values it loaded; only the methods that load
/// a report's claims themselves (`notePage(_:)`, `hubPage(_:)`, …) use the store, and
/// so only one thread at a time may call them.
///
/// `@unchecked`: the compiler cannot see that rule. `Store` wraps a SQLite connection and is
/// not Sendable; the site's worker threads use only the immutable values loaded here.
public final class Renderer: @unchecked Sendable {
    public let store: Store
    public let options: RenderOptions
    public let plan: SitePlan?
    public let notes: [Int64: ReportNote]
    /// Each note's link under its title, made once: a site links every claim to its note.
    private let noteLinks: [Int64: String]
    /// In a site, each note's place in path order (notes with the same path share one), so
    /// that a hub's backlink sources sort by integers rather than by looking up two paths.
    let pathOrder: [Int64: Int]?
    private let videos: [String: ReportVideo]
    /// Speaker ids by lowercased name; speaker pages are planned by id.
    private let speakerIDs: [String: Int64]
    /// Links that name no note, grouped by hub key, keys in order.
    let unresolvedByKey: [(key: String, links: [ReportBacklink])]
    /// Where each key's group sits, how many words each key has, and which groups have
    /// each word: a hub then counts the words it shares with each group that has one.
    let unresolvedIndex: (position: [String: Int], wordCounts: [Int], byWord: [Substring: [Int]])

    public convenience init(store: Store, options: RenderOptions, plan: SitePlan?) throws {
        self.init(store: store, options: options, plan: plan, catalog: try ReportCatalog(store: store))
    }

    /// A renderer of `catalog`, which must have been read from `store`.
    public init(store: Store, options: RenderOptions, plan: SitePlan?, catalog: ReportCatalog) {
        self.store = store
        self.options = options
        self.plan = plan
        notes = Dictionary(catalog.notes.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        noteLinks = notes.mapValues { Self.noteLink($0, label: $0.displayTitle, plan: plan, options: options) }
        if plan != nil {
            var order: [Int64: Int] = [:]
            var rank = -1
            var previous: String?
            for note in catalog.notes.sorted(by: { $0.path < $1.path }) {
                if note.path != previous {
                    rank += 1
                    previous = note.path
                }
                order[note.id] = rank
            }
            pathOrder = order
        } else {
            pathOrder = nil
        }
        videos = Dictionary(catalog.videos.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        speakerIDs = Dictionary(catalog.speakers.map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { _, b in b })
        var groups: [String: [ReportBacklink]] = [:]
        for link in catalog.unresolvedLinks { groups[RenderText.hubKey(link.link.target), default: []].append(link) }
        unresolvedByKey = groups.keys.sorted().map { ($0, groups[$0]!) }
        var position: [String: Int] = [:]
        var wordCounts: [Int] = []
        var byWord: [Substring: [Int]] = [:]
        for (i, group) in unresolvedByKey.enumerated() {
            position[group.key] = i
            let words = RenderText.hubWords(group.key)
            wordCounts.append(words.count)
            for word in words { byWord[word, default: []].append(i) }
        }
        unresolvedIndex = (position, wordCounts, byWord)
    }

    var allVideos: [ReportVideo] {
        videos.values.sorted {
            ($0.channel ?? "\u{10FFFF}", $0.displayTitle, $0.id) < ($1.channel ?? "\u{10FFFF}", $1.displayTitle, $1.id)
        }
    }

    public func video(_ id: String) -> ReportVideo? { videos[id] }

    // MARK: - Links

    /// A link to another page of the site, or just the label when there is no site.
    func pageLink(_ name: String?, _ label: String) -> String {
        Self.pageLink(name, label, plan: plan, options: options)
    }

    private static func pageLink(_ name: String?, _ label: String, plan: SitePlan?, options: RenderOptions) -> String {
        guard let name, plan != nil else { return RenderText.md(label) }
        if options.html { return "[\(RenderText.md(label))](\(name).html)" }
        return "[[\(name)|\(RenderText.wikiLabel(label))]]"
    }

    /// A link to a note: its page in a site, its slug in the notes' vault.
    func noteLink(_ id: Int64, label: String? = nil) -> String {
        guard let note = notes[id] else { return RenderText.md(label ?? "?") }
        guard let label else { return noteLinks[id]! }
        return Self.noteLink(note, label: label, plan: plan, options: options)
    }

    private static func noteLink(_ note: ReportNote, label: String, plan: SitePlan?, options: RenderOptions) -> String {
        if let plan { return pageLink(plan.notes[note.id], label, plan: plan, options: options) }
        return "[[\(RenderText.wikiLabel(note.slug))|\(RenderText.wikiLabel(label))]]"
    }

    /// A video's page in a site; its YouTube page otherwise.
    func videoLink(_ id: String, label: String? = nil) -> String {
        let text = label ?? videos[id]?.displayTitle ?? id
        if let plan, let name = plan.videos[id] { return pageLink(name, text) }
        return "[\(RenderText.md(text))](\(YouTubeURL.watch(id, seconds: nil)))"
    }

    func speakerLink(_ name: String) -> String {
        guard let plan else { return RenderText.md(name) }
        // Names are unique in the speakers table.
        if let id = speakerIDs[name.lowercased()], let page = plan.speakers[id] { return pageLink(page, name) }
        return RenderText.md(name)
    }

    /// The unresolved groups whose key is probably the same as one of `keys`, in key order.
    func probableGroups(for keys: [String]) -> [Int] {
        let index = unresolvedIndex
        var found = Set<Int>()
        for key in keys {
            if let exact = index.position[key] { found.insert(exact) }
            let words = RenderText.hubWords(key)
            var shared: [Int: Int] = [:]
            for word in words { for c in index.byWord[word] ?? [] { shared[c, default: 0] += 1 } }
            for (c, n) in shared where RenderText.probablySame(shared: n, all: words.count + index.wordCounts[c] - n) {
                found.insert(c)
            }
        }
        return found.sorted()
    }

    /// Where a wiki-link goes in a site: the note it resolves to, else the hub of its target.
    func wikiPage(_ link: ReportLink) -> String? {
        guard let plan else { return nil }
        if let id = link.resolved, let page = plan.notes[id] { return page }
        return plan.targetHubs[RenderText.hubKey(link.target)]
    }

    /// A wiki-link as a report writes it.
    func wikiLink(_ link: ReportLink) -> String {
        if plan == nil {
            var inner = link.target
            if let heading = link.heading { inner += "#" + heading }
            if let label = link.label { inner += "|" + label }
            return (link.embed ? "!" : "") + "[[\(inner)]]"
        }
        return pageLink(wikiPage(link), link.displayText)
    }

    /// A claim's markdown with its `[[…]]` links pointed at the site's pages; as
    /// written when there is no site.
    ///
    /// Works on UTF-8 bytes: everything it looks for is ASCII, which never occurs inside
    /// a multi-byte character. A claim with no `[` has nothing to rewrite and is returned
    /// as stored, which is most claims.
    func claimMarkdown(_ claim: ReportClaim) -> String {
        if let done = claim.siteMarkdown { return done }
        guard plan != nil, claim.markdown.containsByte(UInt8(ascii: "[")) else { return claim.markdown }
        let bytes = Array(claim.markdown.utf8)
        let n = bytes.count
        var out: [UInt8] = []
        out.reserveCapacity(n + 32)
        var i = 0
        var inCode = false
        var openBrackets: [Int] = []
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < n {
                out.append(b)
                out.append(bytes[i + 1])
                i += 2
                continue
            }
            if b == UInt8(ascii: "`") { inCode.toggle() }
            if !inCode, b == UInt8(ascii: "]"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "("), let open = openBrackets.popLast(),
               let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ")")) {
                // A link the note wrote to a file of its own vault names no page of the site: keep its text.
                if !RenderText.isExternalLink(text((i + 2)..<close)) {
                    out.remove(at: open)
                    i = close + 1
                    continue
                }
            }
            if !inCode, b == UInt8(ascii: "["), i + 1 < n, bytes[i + 1] == UInt8(ascii: "["),
               let close = Self.closingBrackets(in: bytes, from: i + 2) {
                var inner = text((i + 2)..<close)
                if inner.utf8.contains(UInt8(ascii: "\\")) { inner = inner.replacingOccurrences(of: "\\|", with: "|") }
                if case .link(let parsed) = WikiLinks.parse(inner: inner, isEmbed: false, line: 0) {
                    if out.last == UInt8(ascii: "!") { out.removeLast() }
                    let stored = claim.links.first { $0.target == parsed.target }
                    let link = ReportLink(target: parsed.target, heading: parsed.heading, label: parsed.label,
                                          embed: false, resolved: stored?.resolved)
                    out.append(contentsOf: pageLink(wikiPage(link), link.displayText).utf8)
                    i = close + 2
                    continue
                }
            }
            if !inCode, b == UInt8(ascii: "[") { openBrackets.append(out.count) }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `claims` with their links pointed at the site's pages once, for all the pages that show them.
    func pointingLinksAtSite(_ claims: [ReportClaim]) -> [ReportClaim] {
        var claims = claims
        for i in claims.indices { claims[i].siteMarkdown = claimMarkdown(claims[i]) }
        return claims
    }

    /// Where the `]]` closing a wiki-link starts, looking from `start`; nil when the line ends first.
    private static func closingBrackets(in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") { return nil }
            if bytes[i] == UInt8(ascii: "]"), bytes[i + 1] == UInt8(ascii: "]") { return i }
            i += 1
        }
        return nil
    }

    // MARK: - Moments

    /// A cited moment: a link to the video at its second, or the notes' anchor.
    /// `noteVideo` is the video of the claim's note.
    func moment(_ m: Moment, noteVideo: String?) -> String {
        guard let seconds = m.seconds else {
            // Unreadable: as written in markdown (it reads back the same), inert text in HTML.
            if options.html { return "\\[" + RenderText.md(Self.visibleText(m.raw)) + "\\]" }
            return m.raw
        }
        let clock = TimeText.clock(seconds)
        if options.html || options.timestamps == .link || (m.video != nil && m.video != noteVideo) {
            guard let url = m.url(noteVideo: noteVideo) else { return "[\(clock)]" }
            // Appended in place: pages write one for every citation they show.
            var link = "["
            link.reserveCapacity(4 + clock.utf8.count + url.utf8.count)
            link += clock
            link += "]("
            link += url
            link += ")"
            return link
        }
        return TimestampAnchor.html(seconds: seconds)
    }

    /// The claim's citations; `asWritten` links each to its written time even when the video
    /// cannot have it (a markdown note page must read back as the note).
    func moments(_ claim: ReportClaim, asWritten: Bool = false) -> String {
        claim.moments.map { m in
            var m = m
            if asWritten { m.likely = nil }
            return moment(m, noteVideo: claim.video)
        }.joined(separator: ", ")
    }

    /// The text a reader sees of a citation: tags and brackets removed.
    private static func visibleText(_ raw: String) -> String {
        var out = ""
        var inTag = false
        for c in raw {
            if c == "<" { inTag = true; continue }
            if c == ">" { inTag = false; continue }
            if !inTag, c != "[", c != "]" { out.append(c) }
        }
        return out.trimmingWhitespace
    }

    /// The claim with its citations, as one line of markdown; `marked`: with what the
    /// transcripts say against it (`flagMarks`).
    func claimLine(_ claim: ReportClaim, marked: Bool = true, asWritten: Bool = false) -> String {
        var body = RenderText.protectLineStart(claimMarkdown(claim))
        let cites = moments(claim, asWritten: asWritten)
        // A claim ending in a colon (`**Follow a structure** <a …>:` before a nested list) keeps
        // its citation before the colon: after it, `**Label**: [cite]` reads back as a bare lead-in.
        var colon = ""
        if !cites.isEmpty, body.hasSuffix(":") { body.removeLast(); colon = ":" }
        let line = cites.isEmpty ? body : body + " " + cites + colon
        return marked ? line + flagMarks(claim) : line
    }

    /// ` ⚑ said at [00:22:59](…)` after a drifted claim (the cited time stays as the note
    /// wrote it, the mark links where it is said), ` ⚑ not found in the transcript` after an
    /// unsupported one (docs/verify.md); empty for the others.
    func flagMarks(_ claim: ReportClaim) -> String {
        var out = ""
        for flag in claim.flags {
            if flag.verdict == "drifted", let second = flag.suggested {
                out += " ⚑ *said at* " + moment(Moment(seconds: second, raw: "", form: .url, video: flag.video), noteVideo: nil)
            } else if flag.verdict == "unsupported" {
                out += " ⚑ *not found in the transcript*"
            }
        }
        return out
    }

    /// Where a claim comes from: its note and section.
    func source(_ claim: ReportClaim) -> String {
        source(note: claim.note, section: claim.section)
    }

    func source(note: Int64, section: [String]) -> String {
        var s = noteLink(note)
        if !section.isEmpty { s += " › " + RenderText.md(section.joined(separator: " › ")) }
        return s
    }
}
