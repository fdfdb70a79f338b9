import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

struct SearchClaims: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search claims by topic; each result links to the video at its cited second.",
        discussion: """
            Query syntax: words, "quoted phrases", -word to exclude (or --not WORD; a query that \
            starts with - goes last, after --: kb search --limit 5 -- "-coal power"), OR between alternatives, \
            prefix* for word beginnings. Anything else is read as plain words.

            Questions work as typed: function and question words are left out unless quoted \
            ("why is TSMC dominant" looks for TSMC and dominant), and each word also finds its \
            stems ("chips" finds "chip"), British or American spelling, irregular forms, \
            abbreviation or long form (EUV, extreme ultraviolet) and compound forms (datacenter, \
            data center); docs/search.md has the rules.

            Ranking: claims holding every word come first, then claims holding most of them \
            (kb says so on stderr when no claim holds them all); within that, bm25 (title and \
            section matches count too), how much of the query the claim's own text holds and how \
            close its words stand. A claim whose own text holds none of the words (only its \
            note title or heading does) and short claims ending in ":" come last, and one note \
            holds at most three of the first places unless --note is given. When few claims \
            match, words the index does not hold get "did you mean" suggestions on stderr. A \
            --channel, --video or --note that names nothing is an error naming the nearest.

            Each result shows its claim id (for kb jump), note title and section, the speaker it is attributed to (when any), a snippet \
            with the matches in bold, and its timestamps as YouTube links; its score in JSON is its bm25.
            """)

    @Argument(help: "What to look for.")
    var query: String

    @Option(help: "At most this many results.")
    var limit: Int = 20

    @Option(help: ArgumentHelp("Only notes of this channel (its slug or name).", valueName: "name"))
    var channel: String?

    @Option(help: ArgumentHelp("Only notes of this YouTube video id.", valueName: "id"))
    var video: String?

    @Option(help: ArgumentHelp("Only this note (its slug or path).", valueName: "slug"))
    var note: String?

    @Option(help: ArgumentHelp("Only claims attributed to this speaker (full name or surname).", valueName: "name"))
    var speaker: String?

    @Option(name: .customLong("not"), help: ArgumentHelp("Exclude claims holding this word or phrase (repeatable); like -word in the query.", valueName: "word"))
    var not: [String] = []

    @Flag(help: "Search the transcripts, the words actually said, instead of the notes' claims.")
    var said = false

    @Flag(help: .hidden)
    var explain = false

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try guarded {
            let store = try Store(path: database.path, readOnly: true)
            if said { return try searchSaid(store) }
            let result = try store.searchResult(SearchRequest(query: query, limit: limit, channel: channel, video: video, note: note,
                                                              speaker: speaker, not: not))
            let hits = result.hits
            if explain { Self.explain(result) }
            if result.relaxed {
                Output.printError("kb: no claim holds all of \(result.concepts.joined(separator: ", ")); showing claims that hold most of them")
            }
            for s in result.suggestions {
                Output.printError("kb: no claim says \"\(s.word)\"; did you mean: \(s.nearest.joined(separator: ", "))?")
            }
            switch format {
            case .json: try Output.printJSON(hits.map(SearchHitJSON.init))
            case .text: printText(hits)
            }
        }
    }

    /// `--said`: transcript passages.
    private func searchSaid(_ store: Store) throws {
        let result = try store.searchSaid(SearchRequest(query: query, limit: limit, channel: channel, video: video, note: note,
                                                        speaker: speaker, not: not))
        if result.relaxed {
            Output.printError("kb: no passage holds all of \(result.concepts.joined(separator: ", ")); showing passages that hold some of them")
        }
        switch format {
        case .json: try Output.printJSON(result.hits.map(SaidHitJSON.init))
        case .text:
            guard !result.hits.isEmpty else { return Output.printError("no passages match") }
            let bold = Output.stdoutIsTerminal
            var out = ""
            for hit in result.hits {
                let span = TimeText.clock(Int(hit.start)) + "–" + TimeText.clock(Int(hit.end.rounded(.up)))
                out += "[\(hit.transcript) \(span)]" + (hit.speaker.map { "  — \($0)" } ?? "") + "\n"
                out += "    \(Self.highlight(hit.snippet, bold: bold))\n"
                if let video = hit.video { out += "    \(YouTubeURL.watch(video, seconds: Int(hit.start)))\n" }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }

    /// The query as read and each hit's tier and coverage, on stderr.
    static func explain(_ result: SearchResult) {
        guard let plan = result.plan else { return }
        var lines = ["dropped: " + result.dropped.joined(separator: " ")]
        for c in plan.concepts { lines.append("concept \(c.label): " + c.forms.map(\.fts).joined(separator: " | ")) }
        for p in result.placed {
            lines.append(String(format: "  [%lld] tier %d text %.2f claim %.2f score %.3f", p.id, p.tier, p.inText, p.inClaim, p.score))
        }
        Output.printError(lines.joined(separator: "\n"))
    }

    private func printText(_ hits: [SearchHit]) {
        guard !hits.isEmpty else {
            Output.printError("no claims match")
            return
        }
        let bold = Output.stdoutIsTerminal
        var out = ""
        for hit in hits {
            let place = hit.section.isEmpty ? hit.title : "\(hit.title) › \(hit.section)"
            out += "[\(hit.claim)] \(place)" + (hit.speaker.map { "  — \($0)" } ?? "") + "\n"
            out += "    \(Self.highlight(hit.snippet, bold: bold))\n"
            let links = hit.timestamps.map { $0.url(noteVideo: hit.video) ?? "(\($0.raw))" }
            out += "    \(hit.note):\(hit.line)" + (links.isEmpty ? "" : "  " + links.joined(separator: " ")) + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// Matches in bold on a terminal, in `**` when piped.
    ///
    /// Scans the scalars itself: Foundation's `replacingOccurrences`, on its first call in
    /// a process, cost more than the query.
    static func highlight(_ snippet: String, bold: Bool) -> String {
        let start = Search.highlightStart.unicodeScalars.first!, end = Search.highlightEnd.unicodeScalars.first!
        let scalars = snippet.unicodeScalars
        var out = String.UnicodeScalarView()
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let s = scalars[i]
            i = scalars.index(after: i)
            if s == start {
                out.append(contentsOf: (bold ? "\u{1B}[1m" : "**").unicodeScalars)
            } else if s == end {
                // Adjacent matches ("three gorges") read as one highlighted phrase.
                if i < scalars.endIndex, scalars[i] == " ", case let j = scalars.index(after: i), j < scalars.endIndex, scalars[j] == start {
                    out.append(" ")
                    i = scalars.index(after: j)
                } else {
                    out.append(contentsOf: (bold ? "\u{1B}[0m" : "**").unicodeScalars)
                }
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}

/// One result as `kb search --format json` prints it.
struct SearchHitJSON: Encodable {
    var claim: Int64
    var note: String
    var title: String
    var video: String?
    var channel: String?
    var speaker: String?
    var section: String
    var line: Int
    var text: String
    var snippet: String
    var timestamps: [MomentJSON]
    var score: Double

    init(_ hit: SearchHit) {
        claim = hit.claim
        note = hit.note
        title = hit.title
        video = hit.video
        channel = hit.channel
        speaker = hit.speaker
        section = hit.section
        line = hit.line
        text = hit.text
        snippet = SearchClaims.highlight(hit.snippet, bold: false)
        timestamps = MomentJSON.list(hit.timestamps, noteVideo: hit.video)
        score = (hit.score * 10_000).rounded() / 10_000
    }
}

/// One passage as `kb search --said --format json` prints it.
struct SaidHitJSON: Encodable {
    var kind = "said"
    var passage: Int64
    var transcript: String
    var video: String?
    var channel: String?
    var speaker: String?
    var start: Double
    var end: Double
    var text: String
    var snippet: String
    /// The video at the passage's first second.
    var url: String?
    var score: Double

    init(_ hit: SaidHit) {
        passage = hit.passage
        transcript = hit.transcript
        video = hit.video
        channel = hit.channel
        speaker = hit.speaker
        start = hit.start
        end = hit.end
        text = hit.text
        snippet = SearchClaims.highlight(hit.snippet, bold: false)
        url = hit.video.map { YouTubeURL.watch($0, seconds: Int(hit.start)) }
        score = (hit.score * 10_000).rounded() / 10_000
    }
}
