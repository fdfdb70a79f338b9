import KBModel
import KBStore
import KBQuery
import Foundation

/// `kb search` and `kb search --said` as text: what the command prints on stdout.
package enum SearchText {
    /// Claims; empty when there are none (the command says "no claims match" on stderr).
    package static func claims(_ hits: [SearchHit], bold: Bool) -> String {
        var out = ""
        for hit in hits {
            let place = hit.section.isEmpty ? hit.title : "\(hit.title) › \(hit.section)"
            out += "[\(hit.claim)] \(place)" + (hit.speaker.map { "  — \($0)" } ?? "") + "\n"
            out += "    \(Highlight.render(hit.snippet, bold: bold))\n"
            let links = hit.timestamps.map { $0.url(noteVideo: hit.video) ?? "(\($0.raw))" }
            out += "    \(hit.note):\(hit.line)" + (links.isEmpty ? "" : "  " + links.joined(separator: " ")) + "\n"
        }
        return out
    }

    /// Transcript passages; empty when there are none.
    package static func said(_ hits: [SaidHit], bold: Bool) -> String {
        var out = ""
        for hit in hits {
            let span = TimeText.clock(Int(hit.start)) + "–" + TimeText.clock(Int(hit.end.rounded(.up)))
            out += "[\(hit.transcript) \(span)]" + (hit.speaker.map { "  — \($0)" } ?? "") + "\n"
            out += "    \(Highlight.render(hit.snippet, bold: bold))\n"
            if let video = hit.video { out += "    \(YouTubeURL.watch(video, seconds: Int(hit.start)))\n" }
        }
        return out
    }

    /// What the command says on stderr besides the results: relaxed matching, "did you mean".
    package static func notices(_ result: SearchResult) -> [String] {
        var lines: [String] = []
        if result.relaxed {
            lines.append("kb: no claim holds all of \(result.concepts.joined(separator: ", ")); showing claims that hold most of them")
        }
        for s in result.suggestions {
            lines.append("kb: no claim says \"\(s.word)\"; did you mean: \(s.nearest.joined(separator: ", "))?")
        }
        return lines
    }

    package static func notices(_ result: SaidResult) -> [String] {
        guard result.relaxed else { return [] }
        return ["kb: no passage holds all of \(result.concepts.joined(separator: ", ")); showing passages that hold some of them"]
    }
}

/// One result as `kb search --format json` prints it.
package struct SearchHitJSON: Encodable {
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

    package init(_ hit: SearchHit) {
        claim = hit.claim
        note = hit.note
        title = hit.title
        video = hit.video
        channel = hit.channel
        speaker = hit.speaker
        section = hit.section
        line = hit.line
        text = hit.text
        snippet = Highlight.render(hit.snippet, bold: false)
        timestamps = MomentJSON.list(hit.timestamps, noteVideo: hit.video)
        score = (hit.score * 10_000).rounded() / 10_000
    }
}

/// One passage as `kb search --said --format json` prints it.
package struct SaidHitJSON: Encodable {
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

    package init(_ hit: SaidHit) {
        passage = hit.passage
        transcript = hit.transcript
        video = hit.video
        channel = hit.channel
        speaker = hit.speaker
        start = hit.start
        end = hit.end
        text = hit.text
        snippet = Highlight.render(hit.snippet, bold: false)
        url = hit.video.map { YouTubeURL.watch($0, seconds: Int(hit.start)) }
        score = (hit.score * 10_000).rounded() / 10_000
    }
}
