import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import KBAnswers
import ArgumentParser
import Foundation

extension TimestampStyle: ExpressibleByArgument {}

extension ReportKind: ExpressibleByArgument {}

struct Render: ParsableCommand {
    typealias Kind = ReportKind

    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write reports from the index: a note, a topic, a speaker, a video's timeline, a link hub, or the whole site.",
        discussion: """
            Kinds:
              note SLUG     the note regenerated from the index (frontmatter, From
                            line, sections, claims with citations and wiki-links);
                            SLUG is a path, slug, title or alias
              topic QUERY   every claim matching QUERY (kb search syntax), grouped
                            by video and in time order, under a table of the
                            figures they state
              speaker NAME  the claims attributed to a speaker (full name or
                            surname), by video
              video ID      the timeline of a video: the claims of all its notes
                            in time order
              transcript ID the video's transcript by speaker turn, each turn with
                            its timestamp link, the claims citing a moment in it,
                            and the notes' section headings where they begin
              hub SLUG      a link target: its note, every backlink with its
                            claim, and the unresolved links that probably mean it
              site          every page (notes, videos, transcripts, speakers, hubs, index)
                            into --out DIR

            One report goes to stdout, or into --out DIR as a file named from a safe slug. \
            Timestamps are links that open the video at the second; --timestamps anchor writes \
            the notes' <a class="yt-timestamp"> anchors instead (markdown only), for Quartz. \
            --html renders through libcmark's safe mode, so no HTML from the notes passes through.

            In markdown, a single report keeps the notes' own [[wiki-links]] (Obsidian opens them \
            in the notes' folder); a site and HTML pages link to the site's own pages.

            Examples:
              kb render note gpu_rental_economics
              kb render topic "rental price*" --html --out site
              kb render video Qm7vT2xLp9A --timestamps anchor
              kb render site --out site --html
            """)

    @Argument(help: ArgumentHelp("What to render: note, topic, speaker, video, transcript, hub or site.", valueName: "kind"))
    var kind: Kind

    @Argument(help: ArgumentHelp("The note slug, search query, speaker name, video id or link target.", valueName: "arg"))
    var argument: String?

    @Option(help: ArgumentHelp("Write into this folder (required for site) instead of stdout.", valueName: "dir"))
    var out: String?

    @Flag(help: "Render HTML pages instead of markdown.")
    var html = false

    @Option(help: ArgumentHelp("Timestamps as link (YouTube URL at the second) or anchor (the notes' own form).", valueName: "style"))
    var timestamps: TimestampStyle = .link

    @Flag(name: .shortAndLong, help: "Print only errors (no progress or summary on stderr).")
    var quiet = false

    @OptionGroup var database: DatabaseOption

    func validate() throws {
        if kind == .site {
            guard argument == nil else { throw ValidationError("site takes no argument") }
            guard out != nil else { throw ValidationError("site needs --out DIR") }
        } else if (argument ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("\(kind.rawValue) needs an argument: kb render \(kind.rawValue) \(Self.argumentName(kind))")
        }
    }

    private static func argumentName(_ kind: Kind) -> String {
        switch kind {
        case .note, .hub: return "SLUG"
        case .topic: return "QUERY"
        case .speaker: return "NAME"
        case .video, .transcript: return "ID"
        case .site: return ""
        }
    }

    func run() throws {
        try guarded {
            let store = try Store(path: database.path, readOnly: true)
            let options = RenderOptions(html: html, timestamps: timestamps)
            if kind == .site, let out {
                let started = Date()
                var writer = SiteWriter(store: store, options: options)
                let bar = ProgressBar(verb: "rendering", noun: "pages", quiet: quiet)
                writer.progress = { done, total in bar.update(done, of: total) }
                let report: SiteWriter.Report
                do {
                    report = try writer.write(to: out)
                    bar.finish()
                } catch {
                    bar.finish()
                    throw error
                }
                if quiet { return }
                Output.printError(String(format: "site: %d pages (%d notes, %d videos, %d transcripts, %d speakers, %d hubs), %.1f MB in %@, %.2f s",
                                         report.pages, report.notes, report.videos, report.transcripts, report.speakers, report.hubs,
                                         Double(report.bytes) / 1e6, out, Date().timeIntervalSince(started)))
                return
            }
            let arg = argument!.trimmingCharacters(in: .whitespaces)
            // HTML pages link to site pages; a markdown report keeps the notes' own links.
            let catalog = try ReportCatalog(store: store)
            let plan = html ? try SitePlan(store: store, catalog: catalog) : nil
            let renderer = Renderer(store: store, options: options, plan: plan, catalog: catalog)
            guard let page = try ReportPages.page(kind, arg, renderer: renderer, store: store) else { return }
            if let out {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let file = URL(fileURLWithPath: out).appendingPathComponent(page.name + "." + options.fileExtension)
                try renderer.save(page, to: file.path)
                if !quiet { Output.printError("wrote \(file.path)") }
            } else {
                FileHandle.standardOutput.write(Data(renderer.output(page).utf8))
            }
        }
    }
}
