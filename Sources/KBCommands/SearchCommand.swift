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
            Query syntax: words (all must match; English stemming, so "chips" finds "chip"), \
            "quoted phrases", -word to exclude, OR between alternatives, prefix* for word \
            beginnings. Anything else is read as plain words. Results are ranked by bm25, \
            with matches in note titles and section headings weighing more than in the text.

            Each result shows its claim id (for kb jump), note title and section, the speaker it is attributed to (when any), a snippet \
            with the matches in bold, and its timestamps as YouTube links.
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

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try guarded {
            let store = try Store(path: database.db, readOnly: true)
            let hits = try store.search(SearchRequest(query: query, limit: limit, channel: channel, video: video, note: note, speaker: speaker))
            switch format {
            case .json: try Output.printJSON(hits.map(SearchHitJSON.init))
            case .text: printText(hits)
            }
        }
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
