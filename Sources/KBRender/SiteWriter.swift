import KBModel
import KBMarkdown
import KBExtract
import KBStore
import KBQuery
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTML pages: the markdown of a report through cmark's safe mode, in a small
/// document with a stylesheet and a navigation header. Nothing from a note reaches
/// the page except through cmark or `RenderText.html`.
public enum HTMLPage {
    static let style = """
        body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:0 auto;padding:0 1rem 3rem;color:#1d1d1f;background:#fff}
        nav{display:flex;gap:1.2rem;padding:.8rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem;font-weight:600}
        a{color:#0a58ca;text-decoration:none}a:hover{text-decoration:underline}
        a[href^="https://www.youtube.com/"]{font:13px ui-monospace,monospace;background:#fdecea;color:#b3261e;padding:0 .3em;border-radius:3px;white-space:nowrap}
        h1{font-size:1.7rem;line-height:1.25}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #eee}h3{font-size:1.1rem}
        table{border-collapse:collapse;width:100%;font-size:14px;margin:1rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f7}
        li{margin:.25rem 0}ul ul{margin:.2rem 0}em{color:#555}hr{border:0;border-top:1px solid #ddd;margin:2rem 0 1rem}
        """

    /// A whole HTML document for a page.
    public static func document(_ page: RenderedPage) -> String {
        String(decoding: documentBytes(page), as: UTF8.self)
    }

    /// `document(page)` as bytes, cmark's output copied in as it comes.
    public static func documentBytes(_ page: RenderedPage) -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(RenderText.html(page.title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <nav><a href="\(SitePlan.index).html">Index</a><a href="\(SitePlan.videosPage).html">Videos</a><a href="\(SitePlan.speakersPage).html">Speakers</a></nav>
            <main>

            """.utf8)
        for part in page.parts {
            switch part {
            case .markdown(let md): Markdown.appendHTML(md, to: &out)
            case .table(let table): out.append(contentsOf: self.table(table).utf8)
            case .anchors(let ids):
                for id in ids { out.append(contentsOf: "<span id=\"\(RenderText.html(id))\"></span>".utf8) }
            }
        }
        out.append(contentsOf: "</main>\n</body>\n</html>\n".utf8)
        return out
    }

    /// A table whose cells are markdown, each through cmark.
    static func table(_ table: RenderTable) -> String {
        func cell(_ markdown: String) -> String {
            var html = Markdown.html(markdown).trimmingWhitespace
            if html.hasPrefix("<p>"), html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
            return html
        }
        var out = "<table>\n<thead><tr>" + table.header.map { "<th>\(cell($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in table.rows { out += "<tr>" + row.map { "<td>\(cell($0))</td>" }.joined() + "</tr>\n" }
        out += "</tbody>\n</table>\n"
        if let summary = table.collapsedUnder {
            out = "<details>\n<summary>\(RenderText.html(summary))</summary>\n" + out + "</details>\n"
        }
        return out
    }
}

extension Renderer {
    /// The page's text as written to a file or stdout.
    public func output(_ page: RenderedPage) -> String {
        options.html ? HTMLPage.document(page) : page.markdown
    }

    /// Writes `output(page)` to `path`, HTML as the bytes it is assembled in; returns the
    /// bytes written.
    @discardableResult
    public func save(_ page: RenderedPage, to path: String) throws -> Int {
        if options.html {
            let bytes = HTMLPage.documentBytes(page)
            try PageFile.save(bytes, to: path)
            return bytes.count
        }
        let text = page.markdown
        try PageFile.save(text, to: path)
        return text.utf8.count
    }

    // MARK: - index pages

    /// Channels, then videos, then notes.
    public func indexPage() -> RenderedPage {
        let all = notes.values.sorted { $0.path < $1.path }
        // Grouped once: a site has thousands of notes and dozens of channels.
        var members: [String: [ReportNote]] = [:]
        for note in all { members[note.channel ?? note.folder ?? "", default: []].append(note) }
        let channels = members.keys.sorted()
        let pages = Dictionary(all.filter(\.isChannelPage).map { ($0.slug, $0.id) }, uniquingKeysWith: { a, _ in a })
        let videos = allVideos
        var videoCounts: [String: Int] = [:]
        for video in videos { videoCounts[video.channel ?? "", default: 0] += 1 }
        var out = "# Knowledge base\n\n\(all.count) notes, \(videos.count) videos, \(channels.count) channels.\n\n## Channels\n\n"
        var list = MarkdownBody()
        for channel in channels {
            let count = members[channel, default: []].filter { !$0.isChannelPage }.count
            let label = channel.isEmpty ? "(no channel)" : channel
            let name = pages[channel].map { noteLink($0, label: label) } ?? RenderText.md(label)
            list.item("\(name): \(count) note\(count == 1 ? "" : "s"), \(videoCounts[channel] ?? 0) videos")
        }
        out += list.text + "\n## Videos\n\n" + videoList(videos) + "\n## Notes\n\n"
        for channel in channels {
            out += "### " + RenderText.md(channel.isEmpty ? "(no channel)" : channel) + "\n\n"
            var items = MarkdownBody()
            for note in members[channel, default: []] { items.item(noteLink(note.id)) }
            out += items.text + "\n"
        }
        return RenderedPage(name: SitePlan.index, title: "Knowledge base", parts: [.markdown(out)])
    }

    private func videoList(_ videos: [ReportVideo]) -> String {
        guard !videos.isEmpty else { return "No videos.\n" }
        var out = ""
        var channel: String?? = .none
        var items = MarkdownBody()
        for video in videos {
            if channel != .some(video.channel) {
                if !items.isEmpty { out += items.text + "\n" }
                items = MarkdownBody()
                out += "### " + RenderText.md(video.channel ?? "(no channel)") + "\n\n"
                channel = .some(video.channel)
            }
            var line = videoLink(video.id)
            if !video.notes.isEmpty { line += " (\(video.notes.count) note\(video.notes.count == 1 ? "" : "s"))" }
            items.item(line)
        }
        return out + items.text
    }

    public func videosPage() -> RenderedPage {
        var out = "# Videos\n\n" + videoList(allVideos)
        // Transcripts of videos no note is about: reachable from here only.
        if let plan {
            let alone = plan.transcripts.filter { plan.videos[$0.key] == nil }.sorted { $0.key < $1.key }
            if !alone.isEmpty {
                var items = MarkdownBody()
                for (video, page) in alone { items.item(pageLink(page, video)) }
                out += "\n## Transcripts of videos without notes\n\n" + items.text
            }
        }
        return RenderedPage(name: SitePlan.videosPage, title: "Videos", parts: [.markdown(out)])
    }

    /// The list of `speakers`, as `Store.reportSpeakers` orders them.
    public func speakersPage(_ speakers: [ReportSpeaker]) -> RenderedPage {
        var out = "# Speakers\n\n"
        if speakers.isEmpty {
            out += "No speakers in the index yet.\n"
        } else {
            var items = MarkdownBody()
            for s in speakers {
                items.item(speakerLink(s.name) + " (\(s.videos.count) video\(s.videos.count == 1 ? "" : "s"))")
            }
            out += items.text
        }
        return RenderedPage(name: SitePlan.speakersPage, title: "Speakers", parts: [.markdown(out)])
    }
}

/// Writes a page's text to a file.
public enum PageFile {
    /// Creates or truncates `path` and writes `text` with plain `write(2)` calls.
    ///
    /// `Data.write(to:)` also calls `fsync` on every file, which made writing a site of
    /// thousands of pages wait on the disk; a site is regenerated from the index at will,
    /// so it is not worth a flush per page.
    public static func save(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { try save(UnsafeRawBufferPointer($0), to: path) }
    }

    /// Creates or truncates `path` and writes `bytes`, as `save(_:to:)` does.
    public static func save(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try save($0, to: path) }
    }

    private static func save(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            offset += n
        }
    }

    private static func failure(_ path: String) -> RenderError {
        .cannotWrite(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
}

/// Backlink lines of claims, packed into buffers of a megabyte: an entry costs its
/// bytes and about 32 more, where a `String` each cost about twice its length.
struct KeptBacklinks: Sendable {
    private static let chunkSize = 1 << 20
    private var chunks: [[UInt8]] = []
    private var entries: [Int64: (chunk: Int32, start: Int32, count: Int32, section: [String])] = [:]

    /// Bytes held, as `SiteWriter.keptBacklinkBytes` counts them.
    private(set) var bytes = 0

    mutating func keep(_ id: Int64, _ claim: Renderer.BacklinkClaim) {
        let count = claim.line.utf8.count
        guard count < Int32.max else { return }
        if chunks.isEmpty || chunks[chunks.count - 1].count + count > chunks[chunks.count - 1].capacity {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(max(Self.chunkSize, count))
            bytes += chunks[chunks.count - 1].capacity
        }
        let start = chunks[chunks.count - 1].count
        chunks[chunks.count - 1].append(contentsOf: claim.line.utf8)
        entries[id] = (Int32(chunks.count - 1), Int32(start), Int32(count), claim.section)
        bytes += 32
    }

    subscript(id: Int64) -> Renderer.BacklinkClaim? {
        guard let e = entries[id] else { return nil }
        let line = chunks[Int(e.chunk)].withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(e.start)..<Int(e.start + e.count)]), as: UTF8.self)
        }
        return Renderer.BacklinkClaim(section: e.section, line: line)
    }
}

/// Writes the whole knowledge base: a page per note, video, speaker and hub, and
/// the index, videos and speakers pages.
///
/// Claims are read once, the notes about a video together: their pages and the video's
/// timeline are made from them, and each speaker's claims are kept for the speaker pages,
/// which come after them (claims have no index by speaker, so reading a speaker's claims
/// again would scan them all). So are the backlink lines of claims with links, up to
/// `keptBacklinkBytes`. The hub pages come last: a batch of hubs reads its notes'
/// backlinks and first claims, and the claims its links sit in that were not kept, so
/// that what the site holds stays small as the corpus grows. Figures are read only for
/// the claims of a speaker, the one page kind of the site that shows them.
/// Batches are read, made and written on every core, each thread through its own read
/// connection; the calling thread makes batches too, and merges what they made in order.
public struct SiteWriter {
    public var store: Store
    public var options: RenderOptions
    /// Called after each batch of pages with (pages written, pages to write).
    public var progress: ((Int, Int) -> Void)?

    /// Videos or notes whose claims are read in one batch.
    var batchSize = 16
    /// Speaker and hub pages made in one batch.
    var laterBatchSize = 128
    /// Bytes of backlink lines kept from the main pass for the hub pages. A hub batch
    /// reads the other claims its links sit in from the index, where they lie scattered:
    /// that took most of the hubs' time, a read of a page or more per claim.
    var keptBacklinkBytes = 48 << 20

    public init(store: Store, options: RenderOptions) {
        self.store = store
        self.options = options
    }

    public struct Report: Sendable {
        public var pages = 0
        public var notes = 0
        public var videos = 0
        public var speakers = 0
        public var hubs = 0
        public var transcripts = 0
        public var bytes = 0
    }

    /// What a job made: a page of some kind.
    private struct Made: Sendable {
        enum Kind: Sendable { case other, note, video, speaker, hub, transcript }
        var kind: Kind
        var bytes = 0
    }

    private typealias Job = @Sendable () throws -> Made

    /// Runs `body` on every batch, on every core: each thread reads through a connection to
    /// the index of its own (a connection belongs to one thread), reads and makes its batch's
    /// pages, and `merge` takes the results on this thread, in batch order (`Store.readAhead`,
    /// which bounds the batches made ahead of it). On a failure the rest is skipped: helpers
    /// finish the batch they hold, then start none.
    ///
    /// An index in memory cannot be opened twice: its batches run here, one by one.
    private func onEveryCore<Batch: Sendable, Output: Sendable>(
        _ batches: [Batch], _ body: @escaping @Sendable (Store, Batch) throws -> Output, merge: (Output) throws -> Void
    ) throws {
        let work = store.readAhead(parts: batches.count, ahead: Self.batchesAhead) { connection, k in try body(connection, batches[k]) }
        defer { work.stop() }
        while let result = work.next() { try merge(try result.get()) }
    }

    /// Batches made and not yet merged, at most: what bounds the memory of pages in flight.
    static let batchesAhead = 8

    /// Where pages go: makes the job that renders a page and saves it.
    private struct Pages: Sendable {
        let renderer: Renderer
        let folder: String
        let fileExtension: String

        func job(_ kind: Made.Kind, _ make: @escaping @Sendable () -> RenderedPage) -> Job {
            { [renderer, folder, fileExtension] in
                let page = make()
                return Made(kind: kind, bytes: try renderer.save(page, to: folder + "/" + page.name + fileExtension))
            }
        }
    }

    /// What was written so far, reported as it grows.
    private struct Tally {
        var report = Report()
        let total: Int
        let progress: ((Int, Int) -> Void)?

        /// Counts what some jobs made and reports progress.
        mutating func count(_ made: [Made]) {
            for made in made {
                report.pages += 1
                report.bytes += made.bytes
                switch made.kind {
                case .other: break
                case .note: report.notes += 1
                case .video: report.videos += 1
                case .speaker: report.speakers += 1
                case .hub: report.hubs += 1
                case .transcript: report.transcripts += 1
                }
            }
            progress?(report.pages, total)
        }
    }

    /// Renders every page into `folder` (created if needed): the notes and videos, the
    /// transcripts, the index pages, the speakers, then the hubs.
    @discardableResult
    public func write(to folder: String) throws -> Report {
        // Links are read on another connection while this thread reads the catalog (each
        // takes a scan of the links table).
        let links = store.readInBackground { store in
            (try store.reportLinkedNotes(), try store.reportOtherLinks(), try store.reportListedVideos(), try store.reportOtherMoments(),
             try store.reportHeadings())
        }
        let catalog = try ReportCatalog(store: store)
        let (linkedNotes, otherLinks, listedVideos, otherMoments, headings) = try links.wait().get()
        let plan = SitePlan(catalog: catalog, linkedNotes: linkedNotes.keys)
        let renderer = Renderer(store: store, options: options, plan: plan, catalog: catalog)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let speakers = catalog.speakers
        let noteHubs = plan.noteHubs.keys.sorted().compactMap { renderer.notes[$0] }
        let pages = Pages(renderer: renderer, folder: folder, fileExtension: "." + options.fileExtension)
        var tally = Tally(total: 3 + renderer.notes.count + plan.videos.count + speakers.count + noteHubs.count
                              + plan.targetHubs.count + plan.transcripts.count,
                          progress: progress)

        // The index, videos and speakers pages need only the catalog: made meanwhile, they
        // no longer hold up the first batch (at 20,000 notes, a quarter of a second on one core).
        let firstPages = BackgroundJob {
            Result { try [pages.job(.other) { renderer.indexPage() }, pages.job(.other) { renderer.videosPage() },
                          pages.job(.other) { renderer.speakersPage(speakers) }].map { try $0() } }
        }
        defer { _ = firstPages.wait() }
        let (units, speakerClaims, knownClaims) = try writeNotesAndVideos(pages, plan: plan, otherLinks: otherLinks,
                                                                           otherMoments: otherMoments, listedVideos: listedVideos,
                                                                           headings: headings, tally: &tally)
        try writeTranscripts(pages, plan: plan, tally: &tally)
        tally.count(try firstPages.wait().get())
        try writeSpeakers(pages, speakers: speakers, claims: speakerClaims, tally: &tally)
        let hubs: [Renderer.HubTarget] = noteHubs.map { .note($0) } + plan.targetHubs.keys.sorted().map { .unresolved(key: $0) }
        try writeHubs(pages, hubs: hubs, known: knownClaims, tally: &tally)
        // The catalog and the plan are freed on another thread too: millions of allocations
        // at 20,000 notes, a quarter of a second that `kb render` would spend before it exits.
        releaseInBackground((renderer, catalog, plan, knownClaims, units, hubs, otherLinks, listedVideos, otherMoments, headings))
        return tally.report
    }

    /// What the main pass reads together: the notes about a video, or a note about none.
    private typealias Unit = (video: String?, notes: [ReportNote])

    /// The note and video pages, a unit's claims read once for both. Keeps each speaker's
    /// claims for the speaker pages and the backlink lines of claims with links (up to
    /// `keptBacklinkBytes`) for the hubs.
    private func writeNotesAndVideos(_ pages: Pages, plan: SitePlan, otherLinks: [Int64: [ReportLink]],
                                     otherMoments: [Int64: [Moment]], listedVideos: [Int64: [Store.ListedVideo]],
                                     headings: [Int64: [Heading]], tally: inout Tally)
        throws -> (units: [Unit], speakerClaims: [String: [SpokenClaim]], known: KeptBacklinks) {
        let renderer = pages.renderer
        /// The pages of `notes` (and of their video) from their claims.
        @Sendable func jobs(_ notes: [ReportNote], video: String?, claims: [ReportClaim]) -> [Job] {
            let byNote = Dictionary(grouping: claims, by: \.note)
            var jobs = notes.map { note in
                pages.job(.note) { [claims = byNote[note.id] ?? []] in
                    renderer.notePage(note, claims: claims, otherLinks: otherLinks[note.id] ?? [],
                                      otherMoments: otherMoments[note.id] ?? [], listedVideos: listedVideos[note.id] ?? [],
                                      headings: headings[note.id] ?? [])
                }
            }
            if let video { jobs.append(pages.job(.video) { renderer.videoPage(video, claims: claims) }) }
            return jobs
        }
        let videos = plan.videos.keys.sorted()
        let videoNotes = Set(videos.flatMap { renderer.video($0)?.notes ?? [] })
        let loose = renderer.notes.values.filter { !videoNotes.contains($0.id) }.sorted { $0.path < $1.path }
        let units: [Unit] = videos.map { ($0, (renderer.video($0)?.notes ?? []).compactMap { renderer.notes[$0] }) }
            + loose.map { (nil, [$0]) }
        var speakerClaims: [String: [SpokenClaim]] = [:]
        var keptBacklinks = KeptBacklinks()
        // Set once the budget is spent: the threads stop making lines nobody keeps.
        let keptFull = Atomic<Bool>(false)
        try onEveryCore(units.batches(of: batchSize).map(Array.init)) { store, batch in
            var made: [Made] = []
            var spoken: [(String, SpokenClaim)] = []
            var linking: [(Int64, Renderer.BacklinkClaim)] = []
            for (video, notes) in batch {
                let claims = renderer.pointingLinksAtSite(
                    try video.map { try store.reportClaims(.video($0), figures: .spoken) }
                        ?? store.reportClaims(.note(notes[0].id), figures: .spoken))
                for claim in claims {
                    if let name = claim.speaker { spoken.append((name, SpokenClaim(claim, renderer))) }
                    if !claim.links.isEmpty, !keptFull.load(ordering: .relaxed) {
                        linking.append((claim.id, renderer.backlinkClaim(claim)))
                    }
                }
                made += try jobs(notes, video: video, claims: claims).map { try $0() }
            }
            return (made, spoken, linking)
        } merge: { made, spoken, linking in
            tally.count(made)
            for (name, claim) in spoken { speakerClaims[name, default: []].append(claim) }
            for (id, claim) in linking where keptBacklinks.bytes < keptBacklinkBytes { keptBacklinks.keep(id, claim) }
            if keptBacklinks.bytes >= keptBacklinkBytes { keptFull.store(true, ordering: .relaxed) }
        }
        return (units, speakerClaims, keptBacklinks)
    }

    /// Annotated transcripts: each reads its passages and its video's claims.
    private func writeTranscripts(_ pages: Pages, plan: SitePlan, tally: inout Tally) throws {
        let renderer = pages.renderer
        try onEveryCore(plan.transcripts.keys.sorted().batches(of: batchSize).map(Array.init)) { store, videos in
            try videos.compactMap { video -> Made? in
                guard let made = try renderer.transcriptPage(video: video, from: store) else { return nil }
                return Made(kind: .transcript, bytes: try renderer.save(made, to: pages.folder + "/" + made.name + pages.fileExtension))
            }
        } merge: { made in tally.count(made) }
    }

    /// The speaker pages, from the claims the main pass kept.
    private func writeSpeakers(_ pages: Pages, speakers: [ReportSpeaker], claims: [String: [SpokenClaim]], tally: inout Tally) throws {
        let renderer = pages.renderer
        var speakerClaims = claims
        // Sorted on the threads, as `Store.reportClaims(.speaker:)` orders them: by note path
        // (as SQLite compares text), then ordinal.
        var speakerJobs = speakers.map { speaker in
            let claims = speakerClaims.removeValue(forKey: speaker.name) ?? []
            return pages.job(.speaker) {
                renderer.speakerPage(speaker, claims: claims.sorted {
                    $0.notePath.utf8.elementsEqual($1.notePath.utf8)
                        ? $0.ordinal < $1.ordinal : $0.notePath.utf8.lexicographicallyPrecedes($1.notePath.utf8)
                })
            }
        }
        try onEveryCore(speakerJobs.batches(of: laterBatchSize).map(Array.init)) { _, jobs in
            try jobs.map { try $0() }
        } merge: { made in tally.count(made) }
        // The speakers' claims are freed on another thread: here it held up the hubs.
        releaseInBackground(speakerJobs)
        speakerJobs = []
    }

    /// The hub pages. Which links a hub lists is worked out on the threads too (the probable
    /// ones take a word index lookup each), and a batch reads its own notes' backlinks and
    /// intros: all of them at once were the largest things a site held (110 and 58 MB at
    /// 50,000 notes).
    private func writeHubs(_ pages: Pages, hubs: [Renderer.HubTarget], known knownClaims: KeptBacklinks, tally: inout Tally) throws {
        let renderer = pages.renderer
        try onEveryCore(hubs.batches(of: laterBatchSize).map(Array.init)) { store, targets in
            let notes = targets.compactMap { target -> Int64? in
                if case .note(let n) = target { return n.id } else { return nil }
            }
            let backlinksByNote = notes.isEmpty ? [:] : try store.reportBacklinks(to: notes)
            let intros = notes.isEmpty ? [:] : try renderer.hubIntros(of: notes, from: store)
            let batch = targets.map { target in
                var note: Int64?
                if case .note(let n) = target { note = n.id }
                return (target: target, intro: note.flatMap { intros[$0] },
                        links: renderer.hubLinks(target, noteBacklinks: note.flatMap { backlinksByNote[$0] } ?? []))
            }
            let claims = try renderer.backlinkClaims(of: batch.map(\.links), from: store, known: knownClaims)
            return try batch.map { hub in
                try pages.job(.hub) { renderer.hubPage(hub.target, intro: hub.intro, links: hub.links, claims: claims) }()
            }
        } merge: { made in tally.count(made) }
    }
}
