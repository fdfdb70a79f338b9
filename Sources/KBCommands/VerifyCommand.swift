import KBModel
import KBExtract
import KBAlign
import KBStore
import KBQuery
import KBIndex
import ArgumentParser
import Foundation

struct VerifyClaims: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check cited claims against their videos' transcripts: supported, drifted, unsupported.",
        discussion: """
            kb index aligns every claim that cites a time with the transcripts of its video \
            (docs/verify.md). A claim is supported when the transcript says it within 20 s of a \
            cited time; drifted when it is said, but farther from every cited time (kb suggests \
            where: also when a cited time lies past the end of the video, or reads right as \
            MM:SS); unsupported when no transcript of the video says it; no_transcript when the \
            video has none.

            PATH: the notes in that file or under that folder; without PATH, --note or --video, \
            every note in the index. Text: per note, counts per verdict, then each drifted claim \
            (cited time → where it is said, both as links) and each unsupported claim; at the end \
            the counts per channel, and transcripts against which most claims are unsupported \
            (probably another video's). JSON: one object per cited claim.

            --fix rewrites each drifted citation that has a suggestion in the note files, in the \
            form it was written, changing nothing else; --dry-run prints the diff instead. Run \
            kb index afterwards. Exit 0 whatever the verdicts, 1 on errors, 64 on usage errors.
            """)

    @Argument(help: "Note files or folders (default: every note in the index).", completion: .file())
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only this note (its slug or path).", valueName: "slug"))
    var note: String?

    @Option(help: ArgumentHelp("Only claims citing this video (an id, or a note's slug).", valueName: "id"))
    var video: String?

    @Flag(help: "Rewrite drifted citations in the note files to where the claim is said.")
    var fix = false

    @Flag(name: .customLong("dry-run"), help: "With --fix: print the diff instead of writing.")
    var dryRun = false

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
    }

    func run() throws {
        try guarded {
            let store = try Store(path: database.path, readOnly: !fix || dryRun)
            let files = paths.isEmpty ? nil : paths.map { CorpusWalker.absolutePath($0) }
            for (given, file) in zip(paths, files ?? []) where !FileManager.default.fileExists(atPath: file) {
                throw KBError.usage("cannot read \(given): no such file or folder")
            }
            let report = try Verify.report(VerifyScope(files: files, note: note, video: video), in: store)
            if fix {
                let result = try CitationFix.apply(report.claims, dryRun: dryRun)
                if dryRun { FileHandle.standardOutput.write(Data(result.diff.utf8)) }
                Output.printError("kb: \(result.citations) citations in \(result.files) notes \(dryRun ? "would be" : "were") rewritten"
                                  + (dryRun ? "" : "; run kb index to check them again"))
                return
            }
            switch format {
            case .json: try Output.printJSON(report.claims.map(VerifiedClaimJSON.init))
            case .text: FileHandle.standardOutput.write(Data(Self.text(report).utf8))
            }
        }
    }

    static func text(_ report: VerifyReport) -> String {
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

    static func describe(_ c: VerifyReport.Counts) -> String {
        "\(c.supported) supported, \(c.drifted) drifted, \(c.unsupported) unsupported, \(c.noTranscript) without transcript"
    }

    static func shares(_ c: VerifyReport.Counts) -> String {
        func pct(_ n: Int) -> String { String(format: "%.0f%%", c.total == 0 ? 0 : 100 * Double(n) / Double(c.total)) }
        return [pct(c.supported), pct(c.drifted), pct(c.unsupported), pct(c.noTranscript)].joined(separator: " / ")
    }
}

/// One claim as `kb verify --format json` prints it.
struct VerifiedClaimJSON: Encodable {
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

    init(_ c: VerifiedClaim) {
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

    func encode(to encoder: Encoder) throws {
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
