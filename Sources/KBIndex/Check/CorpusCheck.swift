import KBModel
import KBExtract
import KBStore
import KBQuery
import Foundation

/// One problem `kb check` found.
public struct CheckFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public enum Kind: String, Sendable, Codable {
        /// The file cannot be read as a note (permissions, not UTF-8, binary, too large).
        case unreadableFile = "unreadable-file"
        case unreadableTimestamp = "unreadable-timestamp"
        case unresolvedLink = "unresolved-link"
        /// Several notes claim the same video and title.
        case duplicateNote = "duplicate-note"
        case mojibake
        case emptyNote = "empty-note"
        /// A cited time past the end of its video (docs/citations.md, "Impossible times").
        case pastEnd = "past-end"
        /// Anything else the parser warned about (frontmatter, malformed links).
        case parse
    }

    public var severity: Severity
    public var kind: Kind
    public var file: String
    public var line: Int?
    public var message: String
    /// For unresolved links: the existing slug nearest to the target.
    public var suggestion: String?

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(severity.rawValue): \(message)" + (suggestion.map { " (did you mean [[\($0)]]?)" } ?? "")
    }
}

/// What `kb check` found over a corpus.
public struct CheckReport: Sendable {
    public var files = 0
    public var findings: [CheckFinding] = []
    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.filter { $0.severity == .warning }.count }
}

/// Lints a corpus without touching the index: reads every note as `kb index` would
/// and reports what would make answers wrong or incomplete.
///
/// Errors: files that cannot be read, unreadable timestamps, several notes claiming
/// the same video and title, empty notes. Warnings: unresolved links (with the
/// nearest existing slug), repaired mojibake, other parser warnings.
public enum CorpusCheck {
    public static func run(paths: [String]) -> CheckReport {
        var report = CheckReport()
        let listing = CorpusWalker.list(paths, extensions: Indexer.extensions)
        report.files = listing.files.count
        for e in listing.errors {
            report.findings.append(CheckFinding(severity: .error, kind: .unreadableFile, file: e.file, line: e.line, message: e.message))
        }

        // Each note is checked as its batch is parsed and kept only as an outline (path,
        // names, video, links) for the checks across notes: never the whole corpus at once.
        var outlines: [NoteOutline] = []
        var transcriptEnds: [String: Double] = [:]
        for batch in listing.files.batches(of: 256).map(Array.init) {
            for (item, file) in zip(Indexer.parse(batch, records: [:], figures: false), batch) {
                switch item {
                case .failed(let d):
                    report.findings.append(CheckFinding(severity: .error, kind: .unreadableFile, file: d.file, line: d.line, message: d.message))
                case .note(let note, _, _):
                    report.findings += findings(of: note)
                    outlines.append(NoteOutline(note, file: file))
                case .transcript(let transcript, _, _):
                    if let video = transcript.videoID {
                        transcriptEnds[video] = max(transcriptEnds[video] ?? 0, transcript.end)
                    }
                    // A speaker-turn transcript among the notes: not a note, so only its own warnings.
                    report.findings += transcript.diagnostics.map {
                        CheckFinding(severity: .warning, kind: .parse, file: $0.file, line: $0.line, message: $0.message)
                    }
                case .sameContent, .skipped:
                    break
                }
            }
        }

        report.findings += duplicates(outlines)
        report.findings += unresolvedLinks(outlines)
        report.findings += impossibleTimes(outlines, transcriptEnds: transcriptEnds)
        report.findings.sort { ($0.file, $0.line ?? 0, $0.severity.rawValue, $0.message) < ($1.file, $1.line ?? 0, $1.severity.rawValue, $1.message) }
        return report
    }

    /// What one note's parse said.
    static func findings(of note: Note) -> [CheckFinding] {
        var findings: [CheckFinding] = []
        for w in note.warnings {
            let finding: CheckFinding
            if w.message.hasPrefix("unreadable timestamp") {
                finding = CheckFinding(severity: .error, kind: .unreadableTimestamp, file: w.file, line: w.line, message: w.message)
            } else if w.message.hasPrefix("mojibake") {
                finding = CheckFinding(severity: .warning, kind: .mojibake, file: w.file, line: w.line, message: w.message)
            } else if w.message.hasPrefix("empty") {
                finding = CheckFinding(severity: .error, kind: .emptyNote, file: w.file, line: w.line, message: w.message)
            } else {
                finding = CheckFinding(severity: .warning, kind: .parse, file: w.file, line: w.line, message: w.message)
            }
            findings.append(finding)
        }
        let isEmptyFile = note.warnings.contains { $0.message.hasPrefix("empty") && $0.line == nil }
        if !isEmptyFile, note.claims.isEmpty, note.videos.isEmpty {
            findings.append(CheckFinding(severity: .error, kind: .emptyNote, file: note.path, line: nil,
                                         message: "empty note: no sentence to index"))
        }
        return findings
    }

    /// What the checks across notes need of a note.
    struct NoteOutline {
        var path: String
        package var folder: String
        var slug: String
        var title: String?
        var aliases: [String]
        package var videoID: String?
        var links: [(target: String, line: Int)]
        /// Each readable citation with the video it cites.
        var citations: [(video: String, seconds: Int, line: Int)]

        init(_ note: Note, file: NoteFile) {
            path = note.path
            folder = LinkResolver.folder(of: file.file)
            slug = note.slug
            title = note.title
            aliases = note.aliases
            videoID = note.videoID
            links = note.allLinks.map { ($0.target, $0.line) }
            citations = note.allTimestamps.compactMap { t in
                guard let s = t.seconds, let video = t.video ?? note.videoID else { return nil }
                return (video, s, t.line)
            }
        }
    }

    /// Notes that claim the same video and the same title.
    static func duplicates(_ notes: [NoteOutline]) -> [CheckFinding] {
        var groups: [String: [NoteOutline]] = [:]
        for note in notes {
            guard let video = note.videoID, let title = note.title else { continue }
            groups[video + "\u{1F}" + WikiLinks.fold(title), default: []].append(note)
        }
        var findings: [CheckFinding] = []
        for group in groups.values where group.count > 1 {
            for note in group {
                let others = group.filter { $0.path != note.path }.map(\.path).sorted()
                findings.append(CheckFinding(
                    severity: .error, kind: .duplicateNote, file: note.path, line: nil,
                    message: "video \(note.videoID!) and title \"\(note.title!)\" are also claimed by \(others.joined(separator: ", "))"))
            }
        }
        return findings
    }

    /// Links no note answers to, resolved as the index resolves them, each with the
    /// nearest existing slug as a suggestion.
    static func unresolvedLinks(_ notes: [NoteOutline]) -> [CheckFinding] {
        var resolver = LinkResolver()
        for (i, note) in notes.enumerated() {
            resolver.add(id: Int64(i), slug: note.slug, title: note.title, aliases: note.aliases, folder: note.folder)
        }
        let nearest = NearestName(notes.map(\.slug))
        // Many links name the same missing note: one search each.
        var suggestions: [String: String?] = [:]
        var findings: [CheckFinding] = []
        for note in notes {
            for link in note.links where !link.target.isEmpty && resolver.resolve(link.target, from: note.folder) == nil {
                if suggestions[link.target] == nil { suggestions[link.target] = .some(nearest.nearest(to: Self.slugKey(link.target))) }
                findings.append(CheckFinding(
                    severity: .warning, kind: .unresolvedLink, file: note.path, line: link.line,
                    message: "unresolved link [[\(link.target)]]", suggestion: suggestions[link.target]!))
            }
        }
        return findings
    }
}

extension CorpusCheck {
    /// A link target as the slugs are compared with it: put through the slug rule, or
    /// lower-cased where that leaves nothing.
    /// Citations past the end of their video, with the likely reading (`ImpossibleTime`): past
    /// the end of its transcript when the corpus has one, else far beyond the video's other
    /// citations, over every note of the video.
    static func impossibleTimes(_ notes: [NoteOutline], transcriptEnds: [String: Double]) -> [CheckFinding] {
        var byVideo: [String: [Int]] = [:]
        for n in notes { for c in n.citations { byVideo[c.video, default: []].append(c.seconds) } }
        var findings: [CheckFinding] = []
        // Each video's citations are read once, not once per citation.
        var times: [String: ImpossibleTime.VideoTimes] = [:]
        for n in notes {
            for c in n.citations {
                let why: String
                if let end = transcriptEnds[c.video] {
                    guard ImpossibleTime.isPastEnd(c.seconds, end: end) else { continue }
                    why = "its transcript ends at \(TimeText.clock(Int(end)))"
                } else {
                    let all = byVideo[c.video] ?? []
                    let video = times[c.video] ?? ImpossibleTime.VideoTimes(all)
                    times[c.video] = video
                    guard video.isFarBeyond(c.seconds) else { continue }
                    if video.allShifted {
                        why = "every citation of the video is a whole minute, the latest at \(TimeText.clock(all.max() ?? 0))"
                    } else {
                        let below = all.filter { $0 < c.seconds && !video.isFarBeyond($0) }
                        why = "far beyond the video's other citations" + (below.max().map { ", the latest below it at \(TimeText.clock($0))" } ?? "")
                    }
                }
                let likely = TimeText.clock(ImpossibleTime.likelyReading(c.seconds))
                findings.append(CheckFinding(severity: .warning, kind: .pastEnd, file: n.path, line: c.line,
                                             message: "citation \(TimeText.clock(c.seconds)) is past the end of video \(c.video) (\(why)); likely \(likely)",
                                             suggestion: nil))
            }
        }
        return findings
    }

    static func slugKey(_ target: String) -> String {
        let slugged = WikiLinks.slug(target)
        return slugged.isEmpty ? target.lowercased() : slugged
    }
}
