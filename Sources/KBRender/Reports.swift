import KBModel
import KBMarkdown
import KBExtract
import KBStore
import KBQuery
import Foundation

/// `Renderer.source` of claims one after another, remembering the last: a page lists
/// the claims of a note's section together.
struct LastSource {
    private var last: (note: Int64, section: [String], text: String)?

    mutating func of(_ claim: ReportClaim, _ renderer: Renderer) -> String {
        of(note: claim.note, section: claim.section, renderer)
    }

    mutating func of(note: Int64, section: [String], _ renderer: Renderer) -> String {
        if let last, last.note == note, last.section == section { return last.text }
        let text = renderer.source(note: note, section: section)
        last = (note, section, text)
        return text
    }
}

/// What the pages that group claims by video (a speaker's, a topic's) show of a claim.
protocol VideoGroupedClaim: Sendable {
    var note: Int64 { get }
    var section: [String] { get }
    var video: String? { get }
    var channel: String? { get }
    var notePath: String { get }
    var ordinal: Int { get }
    var speaker: String? { get }
    /// The first readable second the claim cites in its own video.
    var ownFirstSecond: Int? { get }
    /// The claim with its citations, as one line of markdown (`Renderer.claimLine`).
    func line(_ renderer: Renderer) -> String
    /// A row of the figures table for each of its figures.
    func figureRows(_ renderer: Renderer) -> [[String]]
}

extension ReportClaim: VideoGroupedClaim {
    var ownFirstSecond: Int? { firstSecond(in: video) }
    func line(_ renderer: Renderer) -> String { renderer.claimLine(self) }
    func figureRows(_ renderer: Renderer) -> [[String]] { renderer.figureRows(self) }
}

/// A claim as a speaker page shows it, kept from the main pass of a site until the
/// speaker pages: its line and figure rows already made, in place of its text, markdown,
/// citations, links and figures.
struct SpokenClaim: VideoGroupedClaim {
    let note: Int64
    let section: [String]
    let video: String?
    let channel: String?
    let notePath: String
    let ordinal: Int
    let speaker: String?
    let ownFirstSecond: Int?
    private let madeLine: String
    private let madeRows: [[String]]

    init(_ claim: ReportClaim, _ renderer: Renderer) {
        note = claim.note
        section = claim.section
        video = claim.video
        channel = claim.channel
        notePath = claim.notePath
        ordinal = claim.ordinal
        speaker = claim.speaker
        ownFirstSecond = claim.ownFirstSecond
        madeLine = claim.line(renderer)
        madeRows = claim.figureRows(renderer)
    }

    func line(_ renderer: Renderer) -> String { madeLine }
    func figureRows(_ renderer: Renderer) -> [[String]] { madeRows }
}

/// Blocks of a markdown body: list items next to each other form one list,
/// everything else is separated by a blank line.
struct MarkdownBody {
    /// A list item or another block, kept as one string that `extend` appends to in place.
    private var blocks: [(isItem: Bool, text: String)] = []

    mutating func paragraph(_ text: String) { blocks.append((false, text)) }
    mutating func heading(_ level: Int, _ text: String) {
        blocks.append((false, String(repeating: "#", count: min(max(level, 1), 6)) + " " + text))
    }
    mutating func item(_ text: String, marker: String = "-") { blocks.append((true, marker + " " + text)) }

    /// Appends to the last block (a sentence of the same paragraph or item).
    mutating func extend(_ text: String) {
        guard !blocks.isEmpty else { return paragraph(text) }
        blocks[blocks.count - 1].text += " "
        blocks[blocks.count - 1].text += text
    }

    var isEmpty: Bool { blocks.isEmpty }

    var text: String {
        var out = ""
        out.reserveCapacity(blocks.reduce(blocks.count * 2 + 1) { $0 + $1.text.utf8.count })
        var previousIsItem = false
        for (i, block) in blocks.enumerated() {
            if i > 0 { out += block.isItem && previousIsItem ? "\n" : "\n\n" }
            out += block.text
            previousIsItem = block.isItem
        }
        return out.isEmpty ? out : out + "\n"
    }
}

extension Renderer {
    // MARK: - note

    /// The note regenerated from the index: frontmatter, From line, sections, claims
    /// with their citations and links, and the links and videos outside claims.
    public func notePage(_ note: ReportNote) throws -> RenderedPage {
        notePage(note, claims: try store.reportClaims(.note(note.id)), otherLinks: try store.reportOtherLinks(note: note.id),
                 otherMoments: try store.reportOtherMoments(note: note.id)[note.id] ?? [],
                 listedVideos: try store.reportListedVideos(indexNote: note.id),
                 headings: try store.reportHeadings(note: note.id)[note.id] ?? [])
    }

    /// `notePage(_:)` from loaded values: the note's claims in order, its links and
    /// citations outside claims, the videos it lists and its headings.
    func notePage(_ note: ReportNote, claims: [ReportClaim], otherLinks: [ReportLink], otherMoments: [Moment] = [],
                  listedVideos listed: [Store.ListedVideo], headings: [Heading] = []) -> RenderedPage {
        var others = otherLinks
        var parts: [RenderedPage.Part] = []

        // The title is frontmatter in markdown (a heading would become a section), a heading in HTML.
        parts.append(.markdown(options.html ? "# " + RenderText.md(note.displayTitle) + "\n" : frontmatter(note)))
        var body = MarkdownBody()
        if let channel = note.channel,
           let k = others.firstIndex(where: { $0.target == channel && $0.label == note.channelName }) {
            body.paragraph("From: " + wikiLink(others[k]))
            others.remove(at: k)
        }

        let extras = Self.noteExtras(links: others, moments: otherMoments, listed: listed, headings: headings)
        let levelAt = Dictionary(headings.map { ($0.line, $0.level) }, uniquingKeysWith: { a, _ in a })

        var section: [String] = []
        // The headings open above this point, with their written levels, as the extractor
        // nests them: a claim's `section` is these titles.
        var open: [(level: Int, title: String)] = []
        // The claim before, while the next may continue its paragraph.
        var previous: (line: Int, text: String)?
        var e = 0
        func flushExtras(before line: Int?) {
            while e < extras.count, line == nil || extras[e].line < line! {
                switch extras[e].extra {
                case .links(let links, let moments):
                    let cites = moments.map { moment($0, noteVideo: note.videoID) }.joined(separator: ", ")
                    body.item((links.map(wikiLink) + (cites.isEmpty ? [] : [cites])).joined(separator: " "))
                case .video(let id, let title):
                    body.heading(3, "[\(RenderText.md(title))](\(YouTubeURL.watch(id, seconds: nil)))")
                    section = [title]
                    open = [(levelAt[extras[e].line] ?? 3, title)]
                case .heading(let level, let title):
                    while let last = open.last, last.level >= level { open.removeLast() }
                    open.append((level, title))
                    section = open.map(\.title)
                    body.heading(section.count + 1, RenderText.md(title))
                }
                previous = nil
                e += 1
            }
        }
        for claim in claims {
            flushExtras(before: claim.line)
            if claim.section != section {
                let common = zip(claim.section, section).prefix { $0 == $1 }.count
                for depth in common..<claim.section.count {
                    body.heading(depth + 2, RenderText.md(claim.section[depth]))
                }
                section = claim.section
                // Only without stored headings (a note's structure the index did not keep).
                open = section.enumerated().map { (level: $0.offset + 1, title: $0.element) }
                previous = nil
            }
            // A note page reads back as the note: marks only in HTML, which is not read back.
            let line = claimLine(claim, marked: options.html, asWritten: !options.html)
            if let p = previous, p.line == claim.line, Self.endsSentence(p.text), claim.text.first?.isUppercase == true {
                body.extend(line)
            } else if claim.lead != nil {
                body.item(line, marker: "*")
            } else {
                body.paragraph(line)
            }
            previous = (claim.line, claim.text)
        }
        flushExtras(before: nil)
        parts.append(.markdown(body.text))
        if plan != nil { parts.append(contentsOf: noteFooter(note)) }
        return RenderedPage(name: plan?.notes[note.id] ?? RenderText.safeName(note.slug),
                            title: note.displayTitle, parts: parts)
    }

    /// What a note page shows outside claims, by line.
    fileprivate enum NoteExtra {
        case heading(level: Int, title: String), video(id: String, title: String), links([ReportLink], [Moment])
        var isLinks: Bool { if case .links = self { true } else { false } }
    }

    /// Headings, links and video headings outside claims, in line order: each goes where its
    /// line puts it, so a heading with no claim under it, and the links under it, stay in place.
    /// A citation outside claims (`* **[[slug|Label]]** <a …>`) stays beside its line's links;
    /// a listed video's heading is written as the video's; on one line, a heading comes before
    /// the links it holds.
    fileprivate static func noteExtras(links: [ReportLink], moments: [Moment], listed: [Store.ListedVideo],
                                       headings: [Heading]) -> [(line: Int, extra: NoteExtra)] {
        var extras: [(line: Int, extra: NoteExtra)] = listed.map { ($0.line, .video(id: $0.id, title: $0.title)) }
        let videoLines = Set(listed.map(\.line))
        extras += headings.filter { !videoLines.contains($0.line) }.map { ($0.line, .heading(level: $0.level, title: $0.title)) }
        var byLine: [Int: [ReportLink]] = [:]
        for link in links { byLine[link.line, default: []].append(link) }
        let momentsByLine = Dictionary(grouping: moments, by: \.line)
        for line in Set(byLine.keys).union(momentsByLine.keys) {
            extras.append((line, .links(byLine[line] ?? [], momentsByLine[line] ?? [])))
        }
        extras.sort { a, b in
            guard a.line == b.line else { return a.line < b.line }
            return b.extra.isLinks && !a.extra.isLinks
        }
        return extras
    }

    /// Whether a claim ends where the sentence splitter would split again.
    private static func endsSentence(_ text: String) -> Bool {
        var t = Substring(text)
        while let l = t.last, "\"'”’)*_".contains(l) { t.removeLast() }
        guard let last = t.last else { return false }
        return ".!?…".contains(last)
    }

    private func frontmatter(_ note: ReportNote) -> String {
        var lines = ["---"]
        if let title = note.title { lines.append("title: " + RenderText.yaml(title)) }
        if let video = note.videoID { lines.append("videoId: " + RenderText.yaml(video)) }
        if !note.aliases.isEmpty {
            lines.append("aliases: [" + note.aliases.map(RenderText.jsonString).joined(separator: ", ") + "]")
        }
        if let json = note.frontmatter, let data = json.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for key in object.keys.sorted() {
                guard let value = object[key],
                      let encoded = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
                else { continue }
                lines.append(RenderText.yaml(key) + ": " + String(decoding: encoded, as: UTF8.self))
            }
        }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n"
    }

    /// In a site: the note's video and what links to it.
    private func noteFooter(_ note: ReportNote) -> [RenderedPage.Part] {
        var lines: [String] = []
        if let video = note.videoID { lines.append("- Video: " + videoLink(video)) }
        if let hub = plan?.noteHubs[note.id] { lines.append("- " + pageLink(hub, "What links here")) }
        guard !lines.isEmpty else { return [] }
        return [.markdown("---\n\n" + lines.joined(separator: "\n") + "\n")]
    }

    // MARK: - topic and speaker

    /// Every claim matching a search, grouped by video and in time order within it,
    /// under a table of the figures they state.
    public func topicPage(query: String, limit: Int = 1000) throws -> RenderedPage {
        var request = SearchRequest(query: query, limit: limit)
        request.allWords = true
        let hits = try store.search(request)
        let claims = try store.reportClaims(.ids(hits.map(\.claim)))
        var parts: [RenderedPage.Part] = [.markdown("# Topic: \(RenderText.md(query))\n\n" + summary(claims) + "\n")]
        parts += claimsByVideo(claims)
        return RenderedPage(name: "topic-" + RenderText.safeName(query), title: "Topic: \(query)", parts: parts)
    }

    /// A speaker's attributed claims grouped by video, with their figures.
    public func speakerPage(_ speaker: ReportSpeaker) throws -> RenderedPage {
        speakerPage(speaker, claims: try store.reportClaims(.speaker(speaker.id)))
    }

    /// `speakerPage(_:)` from the speaker's claims.
    func speakerPage(_ speaker: ReportSpeaker, claims: [some VideoGroupedClaim]) -> RenderedPage {
        var head = "# \(RenderText.md(speaker.name))\n\n" + summary(claims) + "\n"
        if !speaker.videos.isEmpty {
            head += "\nSpeaks in: " + speaker.videos.map { videoLink($0) }.joined(separator: ", ") + "\n"
        }
        let parts: [RenderedPage.Part] = [.markdown(head)] + claimsByVideo(claims)
        return RenderedPage(name: plan?.speakers[speaker.id] ?? "speaker-" + RenderText.safeName(speaker.name),
                            title: speaker.name, parts: parts)
    }

    private func summary(_ claims: [some VideoGroupedClaim]) -> String {
        guard !claims.isEmpty else { return "No claims." }
        let notes = Set(claims.map(\.note)).count
        let videos = Set(claims.compactMap(\.video)).count
        func n(_ k: Int, _ word: String) -> String { "\(k) \(word)\(k == 1 ? "" : "s")" }
        return "\(n(claims.count, "claim")) from \(n(notes, "note")) about \(n(videos, "video"))."
    }

    /// A row of a figures table for each of the claim's figures that has a kind or a unit: a
    /// bare number of no known kind ("one of three") says nothing in a table.
    func figureRows(_ claim: ReportClaim) -> [[String]] {
        claim.figures.filter { $0.kind != .other || !["", "1", "count"].contains($0.unit) }.map { f in
            let cite = claim.moments.first.map { moment($0, noteVideo: claim.video) } ?? ""
            return [RenderText.md(f.surface), RenderText.md(RenderText.describe(f)),
                    RenderText.md(Self.shorten(claim.text, 90)),
                    noteLink(claim.note) + (cite.isEmpty ? "" : " " + cite)]
        }
    }

    /// One section per video (by first appearance), claims in time order, then the figures
    /// table (folded in HTML): the claims are what a reader came for.
    private func claimsByVideo<Claim: VideoGroupedClaim>(_ claims: [Claim]) -> [RenderedPage.Part] {
        var parts = claimSections(claims)
        let figures = claims.flatMap { $0.figureRows(self) }
        if !figures.isEmpty {
            parts.append(.markdown("## Figures\n"))
            parts.append(.table(RenderTable(header: ["Figure", "Value", "Claim", "Source"], rows: figures,
                                            collapsedUnder: "\(figures.count) figure\(figures.count == 1 ? "" : "s")")))
        }
        return parts
    }

    private func claimSections<Claim: VideoGroupedClaim>(_ claims: [Claim]) -> [RenderedPage.Part] {
        var parts: [RenderedPage.Part] = []
        var order: [String] = []
        var groups: [String: [Claim]] = [:]
        for claim in claims {
            let key = claim.video ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(claim)
        }
        for key in order {
            let group = groups[key]!.sorted {
                ($0.ownFirstSecond ?? Int.max, $0.notePath, $0.ordinal)
                    < ($1.ownFirstSecond ?? Int.max, $1.notePath, $1.ordinal)
            }
            var text: String
            if key.isEmpty {
                text = "## Notes without a video\n\n"
            } else {
                let v = video(key)
                text = "## " + videoLink(key) + "\n\n"
                var facts: [String] = []
                if let channel = v?.channel ?? group.first?.channel { facts.append("Channel: " + RenderText.md(channel)) }
                if let speakers = v?.speakers, !speakers.isEmpty {
                    facts.append("Speakers: " + speakers.map(speakerLink).joined(separator: ", "))
                }
                if !facts.isEmpty { text += facts.joined(separator: " · ") + "\n\n" }
            }
            var body = MarkdownBody()
            var sources = LastSource()
            for claim in group {
                var line = claim.line(self) + " — " + sources.of(note: claim.note, section: claim.section, self)
                if let speaker = claim.speaker { line += " · " + speakerLink(speaker) }
                body.item(line)
            }
            parts.append(.markdown(text + body.text))
        }
        return parts
    }

    static func shorten(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)).trimmingWhitespace + "…"
    }

    // MARK: - video

    /// The annotated timeline of a video: the claims of all its notes merged in
    /// time order; a moment several notes cite appears once, with all of them.
    public func videoPage(_ id: String) throws -> RenderedPage {
        videoPage(id, claims: try store.reportClaims(.video(id)))
    }

    /// `videoPage(_:)` from the claims of the video's notes, by note path and ordinal.
    func videoPage(_ id: String, claims: [ReportClaim]) -> RenderedPage {
        let info = video(id) ?? ReportVideo(id: id, title: nil, channel: nil)
        var head = "# " + RenderText.md(info.displayTitle) + "\n\n"
        var facts = ["[Watch on YouTube](\(YouTubeURL.watch(id, seconds: nil)))"]
        if let channel = info.channel { facts.append("Channel: " + RenderText.md(channel)) }
        if !info.speakers.isEmpty { facts.append("Speakers: " + info.speakers.map(speakerLink).joined(separator: ", ")) }
        if let page = plan?.transcripts[id] { facts.append(pageLink(page, "Transcript")) }
        head += facts.joined(separator: " · ") + "\n"
        let noteIDs = info.notes.isEmpty ? Array(Set(claims.map(\.note))).sorted() : info.notes
        if !noteIDs.isEmpty {
            head += "\nNotes: " + noteIDs.map { noteLink($0) }.joined(separator: ", ") + "\n"
        }

        var moments: [Int: [ReportClaim]] = [:]
        var uncited: [ReportClaim] = []
        for claim in claims {
            if let second = claim.firstSecond(in: id) { moments[second, default: []].append(claim) } else { uncited.append(claim) }
        }
        var body = MarkdownBody()
        var sources = LastSource()
        for second in moments.keys.sorted() {
            let link = moment(Moment(seconds: second, raw: "", form: .url, video: id), noteVideo: id)
            var lines = ["**" + link + "**" + (transcriptLink(video: id, second: second).map { " · " + $0 } ?? "")]
            for claim in moments[second]! {
                var line = claimMarkdownLine(claim, skipFirstAt: second, video: id) + " — " + sources.of(claim, self)
                if let speaker = claim.speaker { line += " · " + speakerLink(speaker) }
                lines.append("    - " + line)
            }
            body.item(lines.joined(separator: "\n"))
        }
        var parts: [RenderedPage.Part] = [.markdown(head)]
        parts.append(.markdown("## Timeline\n\n" + (body.isEmpty ? "No cited moments.\n" : body.text)))
        if !uncited.isEmpty {
            var rest = MarkdownBody()
            for claim in uncited { rest.item(claimLine(claim) + " — " + sources.of(claim, self)) }
            parts.append(.markdown("## Without a readable moment\n\n" + rest.text))
        }
        return RenderedPage(name: plan?.videos[id] ?? "video-" + RenderText.safeName(id),
                            title: info.displayTitle, parts: parts)
    }

    /// A claim whose moment heads its entry: its other citations follow it.
    private func claimMarkdownLine(_ claim: ReportClaim, skipFirstAt second: Int, video: String) -> String {
        var rest = claim.moments
        if let k = rest.firstIndex(where: { $0.seconds == second && ($0.video ?? claim.video) == video }) {
            rest.remove(at: k)
        }
        let body = RenderText.protectLineStart(claimMarkdown(claim))
        let cites = rest.map { moment($0, noteVideo: claim.video) }.joined(separator: ", ")
        return (cites.isEmpty ? body : body + " (also " + cites + ")") + flagMarks(claim)
    }

    // MARK: - hub

    /// What a name means as a link target: a note, or a key of links that name none.
    public enum HubTarget: Sendable, Hashable {
        case note(ReportNote)
        case unresolved(key: String)
    }

    /// The target `name` means: a note (`Store.resolveNote`: path, slug, title or alias, as
    /// links resolve), else the key of links that name no note. Nothing, or several notes,
    /// answering to it is the store's error naming the candidates.
    public func hubTarget(_ name: String) throws -> HubTarget {
        do {
            return .note(try store.resolveNote(name))
        } catch StoreError.unknownName(_, _, let nearNotes, _) {
            let key = RenderText.hubKey(name)
            if unresolvedIndex.position[key] != nil { return .unresolved(key: key) }
            let nearKeys = NearestName.closest(to: key, among: Array(unresolvedIndex.position.keys))
            throw StoreError.unknownName(.linkTarget, name.trimmingWhitespace, nearest: Array((nearNotes + nearKeys).prefix(3)), hint: nil)
        }
    }

    /// What a hub shows of its note's own claims: how many there are, and the first lines.
    struct HubIntro: Sendable {
        var count: Int
        var lines: [String]

        static let lineCount = 3
    }

    /// What a backlink list shows of the claim a link sits in.
    struct BacklinkClaim: Sendable {
        var section: [String]
        var line: String
    }

    /// The intro of each of `notes`' hubs: how many claims the note has, and its first
    /// lines, reading only the claims it shows.
    func hubIntros(of notes: [Int64], from store: Store) throws -> [Int64: HubIntro] {
        let heads = try store.reportClaimHeads(of: notes, first: HubIntro.lineCount)
        let claims = try store.reportClaims(.ids(heads.values.flatMap(\.first)), figures: .none)
        let byID = Dictionary(claims.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var intros: [Int64: HubIntro] = [:]
        for note in notes {
            let head = heads[note] ?? (0, [])
            intros[note] = HubIntro(count: head.count, lines: head.first.compactMap { byID[$0] }.map { claimLine($0) })
        }
        return intros
    }

    func backlinkClaim(_ claim: ReportClaim) -> BacklinkClaim {
        BacklinkClaim(section: claim.section, line: claimLine(claim))
    }

    /// The page of a link target: its note, every backlink with the citing claim in
    /// context, and the unresolved links that probably mean it.
    public func hubPage(_ target: HubTarget) throws -> RenderedPage {
        var intro: HubIntro?
        var noteBacklinks: [ReportBacklink] = []
        if case .note(let note) = target {
            intro = try hubIntros(of: [note.id], from: store)[note.id]
            noteBacklinks = try store.reportBacklinks(to: note.id)
        }
        let links = hubLinks(target, noteBacklinks: noteBacklinks)
        return hubPage(target, intro: intro, links: links, claims: try backlinkClaims(of: [links]))
    }

    /// What the backlink lists of some hubs show of the claims their links sit in: from
    /// `known` where it has them, the rest read in one go.
    func backlinkClaims(of hubs: [HubLinks], from store: Store? = nil,
                        known: KeptBacklinks = KeptBacklinks()) throws -> [Int64: BacklinkClaim] {
        var found: [Int64: BacklinkClaim] = [:]
        var missing = Set<Int64>()
        for links in hubs {
            for link in links.backlinks + links.probable {
                guard let id = link.claim else { continue }
                if let claim = known[id] { found[id] = claim } else { missing.insert(id) }
            }
        }
        guard !missing.isEmpty else { return found }
        // A backlink shows the claim's line and section, never its figures.
        for claim in try (store ?? self.store).reportClaims(.ids(missing.sorted()), figures: .none) where found[claim.id] == nil {
            found[claim.id] = backlinkClaim(claim)
        }
        return found
    }

    /// `hubPage(_:)` from loaded values: for a note, its intro; the hub's links, and what
    /// the claims they sit in show.
    func hubPage(_ target: HubTarget, intro: HubIntro?, links: HubLinks, claims: [Int64: BacklinkClaim]) -> RenderedPage {
        var parts: [RenderedPage.Part] = []
        let (backlinks, probable) = (links.backlinks, links.probable)
        let title: String
        let name: String
        switch target {
        case .note(let note):
            title = note.displayTitle
            name = plan?.noteHubs[note.id] ?? "hub-" + RenderText.safeName(note.slug)
            var head = "# " + RenderText.md(title) + "\n\n"
            let count = intro?.count ?? 0
            var facts = ["Note: " + noteLink(note.id)]
            if let video = note.videoID { facts.append("Video: " + videoLink(video)) }
            facts.append("\(count) claim\(count == 1 ? "" : "s")")
            head += facts.joined(separator: " · ") + "\n"
            if let lines = intro?.lines, !lines.isEmpty {
                var list = MarkdownBody()
                for line in lines { list.item(line) }
                head += "\n" + list.text
            }
            parts.append(.markdown(head))
        case .unresolved(let key):
            title = backlinks.first?.link.target ?? key
            name = plan?.targetHubs[key] ?? "hub-" + RenderText.safeName(key)
            parts.append(.markdown("# " + RenderText.md(title) + "\n\nNo note answers this link target yet.\n"))
        }

        let sources = Set(backlinks.map(\.source))
        var text = "## Backlinks\n\n"
        if backlinks.isEmpty {
            text += "Nothing links here.\n"
        } else {
            text += "\(backlinks.count) link\(backlinks.count == 1 ? "" : "s") from \(sources.count) note\(sources.count == 1 ? "" : "s").\n\n"
            text += backlinkList(backlinks, claims: claims)
        }
        parts.append(.markdown(text))

        if !probable.isEmpty {
            parts.append(.markdown("## Unresolved links that probably mean it\n\n" + backlinkList(probable, claims: claims)))
        }
        return RenderedPage(name: name, title: title, parts: parts)
    }

    /// The links a hub lists: those that name its target, then the unresolved links of
    /// other keys that probably mean it.
    struct HubLinks: Sendable {
        var backlinks: [ReportBacklink]
        var probable: [ReportBacklink]
    }

    /// The links of a hub: those that name its note (`noteBacklinks`) or the unresolved
    /// links of its key, and the probable ones.
    func hubLinks(_ target: HubTarget, noteBacklinks: [ReportBacklink]) -> HubLinks {
        let backlinks: [ReportBacklink]
        let keys: [String]
        let own: String?
        switch target {
        case .note(let note):
            backlinks = noteBacklinks
            keys = Array(Set([RenderText.hubKey(note.slug)] + ([note.title].compactMap { $0 } + note.aliases).map(RenderText.hubKey)))
            own = nil
        case .unresolved(let key):
            backlinks = unresolvedIndex.position[key].map { unresolvedByKey[$0].links } ?? []
            keys = [key]
            own = key
        }
        let probable = probableGroups(for: keys).map { unresolvedByKey[$0] }.filter { $0.key != own }.flatMap(\.links)
        return HubLinks(backlinks: backlinks, probable: probable)
    }

    /// Links grouped by linking note, each with its claim and section.
    private func backlinkList(_ links: [ReportBacklink], claims byID: [Int64: BacklinkClaim]) -> String {
        var order: [Int64] = []
        var bySource: [Int64: [ReportBacklink]] = [:]
        for link in links {
            if bySource[link.source] == nil { order.append(link.source) }
            bySource[link.source, default: []].append(link)
        }
        if let pathOrder {
            order.sort { (pathOrder[$0] ?? -1) < (pathOrder[$1] ?? -1) }
        } else {
            order.sort { (notes[$0]?.path ?? "") < (notes[$1]?.path ?? "") }
        }
        var body = MarkdownBody()
        for source in order {
            var lines = [noteLink(source)]
            var seenClaims = Set<Int64>()
            for link in bySource[source]! {
                let as_ = "as “" + RenderText.md(link.link.displayText) + "”"
                if let id = link.claim, let claim = byID[id] {
                    guard seenClaims.insert(id).inserted else { continue }
                    let place = claim.section.isEmpty ? "" : "*" + RenderText.md(claim.section.joined(separator: " › ")) + "*: "
                    lines.append("    - " + place + claim.line + " (" + as_ + ")")
                } else {
                    lines.append("    - outside the text, line \(link.link.line) (" + as_ + ")")
                }
            }
            body.item(lines.joined(separator: "\n"))
        }
        return body.text
    }
}
