import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import KBAnswers
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

    @Option(help: ArgumentHelp("Only notes of this channel: its slug or name, or another name of the same show (kb channels).", valueName: "name"))
    var channel: String?

    @Option(help: ArgumentHelp("Only notes of this video: its YouTube id, or a note about it.", valueName: "id"))
    var video: String?

    @Option(help: ArgumentHelp("Only this note: its path, slug, title or alias.", valueName: "slug"))
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
            SearchText.notices(result).forEach(Output.printError)
            switch format {
            case .json: try Output.printJSON(hits.map(SearchHitJSON.init))
            case .text:
                guard !hits.isEmpty else { return Output.printError("no claims match") }
                Output.printText(SearchText.claims(hits, bold: Output.stdoutIsTerminal))
            }
        }
    }

    /// `--said`: transcript passages.
    private func searchSaid(_ store: Store) throws {
        let result = try store.searchSaid(SearchRequest(query: query, limit: limit, channel: channel, video: video, note: note,
                                                        speaker: speaker, not: not))
        SearchText.notices(result).forEach(Output.printError)
        switch format {
        case .json: try Output.printJSON(result.hits.map(SaidHitJSON.init))
        case .text:
            guard !result.hits.isEmpty else { return Output.printError("no passages match") }
            Output.printText(SearchText.said(result.hits, bold: Output.stdoutIsTerminal))
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
}
