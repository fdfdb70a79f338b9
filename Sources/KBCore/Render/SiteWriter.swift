import Foundation
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
        var body = ""
        for part in page.parts {
            switch part {
            case .markdown(let md): body += Markdown.html(md)
            case .table(let table): body += self.table(table)
            }
        }
        return """
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
            \(body)</main>
            </body>
            </html>

            """
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
        return out + "</tbody>\n</table>\n"
    }
}

extension Renderer {
    /// The page's text as written to a file or stdout.
    public func output(_ page: RenderedPage) -> String {
        options.html ? HTMLPage.document(page) : page.markdown
    }

    // MARK: - index pages

    /// Channels, then videos, then notes.
    public func indexPage() throws -> RenderedPage {
        let all = notes.values.sorted { $0.path < $1.path }
        var channelOf: [Int64: String] = [:]
        for note in all { channelOf[note.id] = note.channel ?? note.folder ?? "" }
        let channels = Array(Set(channelOf.values)).sorted()
        let pages = Dictionary(all.filter(\.isChannelPage).map { ($0.slug, $0.id) }, uniquingKeysWith: { a, _ in a })
        let videos = allVideos
        var out = "# Knowledge base\n\n\(all.count) notes, \(videos.count) videos, \(channels.count) channels.\n\n## Channels\n\n"
        var list = MarkdownBody()
        for channel in channels {
            let count = all.filter { channelOf[$0.id] == channel && !$0.isChannelPage }.count
            let label = channel.isEmpty ? "(no channel)" : channel
            let name = pages[channel].map { noteLink($0, label: label) } ?? RenderText.md(label)
            list.item("\(name): \(count) note\(count == 1 ? "" : "s"), \(videos.filter { ($0.channel ?? "") == channel }.count) videos")
        }
        out += list.text + "\n## Videos\n\n" + videoList(videos) + "\n## Notes\n\n"
        for channel in channels {
            let members = all.filter { channelOf[$0.id] == channel }
            out += "### " + RenderText.md(channel.isEmpty ? "(no channel)" : channel) + "\n\n"
            var items = MarkdownBody()
            for note in members { items.item(noteLink(note.id)) }
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
        RenderedPage(name: SitePlan.videosPage, title: "Videos",
                     parts: [.markdown("# Videos\n\n" + videoList(allVideos))])
    }

    public func speakersPage() throws -> RenderedPage {
        let speakers = try store.reportSpeakers()
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
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var text = text
        try text.withUTF8 { bytes in
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
    }

    private static func failure(_ path: String) -> KBError {
        .other("cannot write \(path): " + String(cString: strerror(errno)).lowercased())
    }
}

/// Writes the whole knowledge base: a page per note, video, speaker and hub, and
/// the index, videos and speakers pages.
public struct SiteWriter {
    public var store: Store
    public var options: RenderOptions
    /// Called after each page with (pages written, pages to write).
    public var progress: ((Int, Int) -> Void)?

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
        public var bytes = 0
    }

    /// Renders every page into `folder` (created if needed).
    @discardableResult
    public func write(to folder: String) throws -> Report {
        let plan = try SitePlan(store: store)
        let renderer = try Renderer(store: store, options: options, plan: plan)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var report = Report()
        let speakers = try store.reportSpeakers()
        let total = 3 + renderer.notes.count + plan.videos.count + speakers.count
            + plan.noteHubs.keys.filter { renderer.notes[$0] != nil }.count + plan.targetHubs.count
        func save(_ page: RenderedPage) throws {
            let text = renderer.output(page)
            try PageFile.save(text, to: folder + "/" + page.name + "." + options.fileExtension)
            report.pages += 1
            report.bytes += text.utf8.count
            progress?(report.pages, total)
        }
        try save(try renderer.indexPage())
        try save(renderer.videosPage())
        try save(try renderer.speakersPage())
        for note in renderer.notes.values.sorted(by: { $0.path < $1.path }) {
            try save(try renderer.notePage(note))
            report.notes += 1
        }
        for video in plan.videos.keys.sorted() {
            try save(try renderer.videoPage(video))
            report.videos += 1
        }
        for speaker in speakers {
            try save(try renderer.speakerPage(speaker))
            report.speakers += 1
        }
        for id in plan.noteHubs.keys.sorted() {
            guard let note = renderer.notes[id] else { continue }
            try save(try renderer.hubPage(.note(note)))
            report.hubs += 1
        }
        for key in plan.targetHubs.keys.sorted() {
            try save(try renderer.hubPage(.unresolved(key: key)))
            report.hubs += 1
        }
        return report
    }
}
