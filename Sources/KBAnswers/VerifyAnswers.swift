import KBModel
import KBAlign
import KBStore
import KBQuery
import Foundation

/// `kb verify` as text.
package enum VerifyText {
    package static func text(_ report: VerifyReport) -> String {
        var out = ""
        var byNote: [String: [VerifiedClaim]] = [:]
        for c in report.claims { byNote[c.note, default: []].append(c) }
        for (path, counts) in report.notes {
            out += "\(path): " + describe(counts) + "\n"
            for c in byNote[path] ?? [] where c.verdict == .drifted || c.verdict == .unsupported {
                let cited = c.cited.map { TimeText.clock($0) + " " + YouTubeURL.watch(c.video, seconds: $0) }.joined(separator: ", ")
                if c.verdict == .drifted, let to = c.suggested {
                    out += "  drifted [\(c.claim)] line \(c.line): cited \(cited) → said at \(TimeText.clock(to)) \(YouTubeURL.watch(c.video, seconds: to))\n"
                } else {
                    out += "  \(c.verdict.rawValue) [\(c.claim)] line \(c.line): cited \(cited)\n"
                }
                if let reason = c.reason { out += "      (\(reason))\n" }
                out += "      \(c.text)\n"
            }
        }
        if !report.channels.isEmpty {
            out += "\nby channel: cited claims, supported / drifted / unsupported / without transcript\n"
            for (channel, c) in report.channels {
                out += "  \(channel): \(c.total) claims, " + shares(c) + "\n"
            }
        }
        for s in report.suspectTranscripts {
            out += "\nprobably the wrong transcript: \(s.transcript) (video \(s.video)): \(s.unsupported) of \(s.claims) claims unsupported\n"
        }
        return out
    }

    package static func describe(_ c: VerifyReport.Counts) -> String {
        "\(c.supported) supported, \(c.drifted) drifted, \(c.unsupported) unsupported, \(c.noTranscript) without transcript"
    }

    package static func shares(_ c: VerifyReport.Counts) -> String {
        func pct(_ n: Int) -> String { String(format: "%.0f%%", c.total == 0 ? 0 : 100 * Double(n) / Double(c.total)) }
        return [pct(c.supported), pct(c.drifted), pct(c.unsupported), pct(c.noTranscript)].joined(separator: " / ")
    }
}

/// One claim as `kb verify --format json` prints it.
package struct VerifiedClaimJSON: Encodable {
    struct Said: Encodable {
        var start: Double
        var end: Double
        var speaker: String?
        var text: String?
        var transcript: String?
    }
    var claim: Int64
    var note: String
    var line: Int
    var text: String
    var video: String
    var cited: [Int]
    var verdict: String
    var score: Double
    var said: Said?
    var suggested: Int?
    var reason: String?

    package init(_ c: VerifiedClaim) {
        claim = c.claim
        note = c.note
        line = c.line
        text = c.text
        video = c.video
        cited = c.cited
        verdict = c.verdict.rawValue
        score = c.score
        if (c.verdict == .supported || c.verdict == .drifted), let start = c.start {
            said = Said(start: start, end: c.end ?? start, speaker: c.speaker, text: c.said, transcript: c.transcript)
        }
        suggested = c.suggested
        reason = c.reason
    }

    // `said` and `suggested` are always present, null when there is none.
    enum CodingKeys: String, CodingKey { case claim, note, line, text, video, cited, verdict, score, said, suggested, reason }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(claim, forKey: .claim)
        try c.encode(note, forKey: .note)
        try c.encode(line, forKey: .line)
        try c.encode(text, forKey: .text)
        try c.encode(video, forKey: .video)
        try c.encode(cited, forKey: .cited)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(score, forKey: .score)
        try c.encode(said, forKey: .said)
        try c.encode(suggested, forKey: .suggested)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}
