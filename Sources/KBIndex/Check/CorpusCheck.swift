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
        let listing = CorpusWalker.list(paths)
        report.files = listing.files.count
        for e in listing.errors {
            report.findings.append(CheckFinding(severity: .error, kind: .unreadableFile, file: e.file, line: e.line, message: e.message))
        }

        // Each note is checked as its batch is parsed and kept only as an outline (path,
        // names, video, links) for the checks across notes: never the whole corpus at once.
        var outlines: [NoteOutline] = []
        for batch in listing.files.batches(of: 256).map(Array.init) {
            for (item, file) in zip(Indexer.parse(batch, records: [:], figures: false), batch) {
                switch item {
                case .failed(let d):
                    report.findings.append(CheckFinding(severity: .error, kind: .unreadableFile, file: d.file, line: d.line, message: d.message))
                case .note(let note, _, _):
                    report.findings += findings(of: note)
                    outlines.append(NoteOutline(note, file: file))
                case .sameContent:
                    break
                }
            }
        }

        report.findings += duplicates(outlines)
        report.findings += unresolvedLinks(outlines)
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
        var videoID: String?
        var links: [(target: String, line: Int)]

        init(_ note: Note, file: NoteFile) {
            path = note.path
            folder = LinkResolver.folder(of: file.file)
            slug = note.slug
            title = note.title
            aliases = note.aliases
            videoID = note.videoID
            links = note.allLinks.map { ($0.target, $0.line) }
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
        let nearest = NearestSlug(notes.map(\.slug))
        // Many links name the same missing note: one search each.
        var suggestions: [String: String?] = [:]
        var findings: [CheckFinding] = []
        for note in notes {
            for link in note.links where !link.target.isEmpty && resolver.resolve(link.target, from: note.folder) == nil {
                if suggestions[link.target] == nil { suggestions[link.target] = .some(nearest.suggest(for: link.target)) }
                findings.append(CheckFinding(
                    severity: .warning, kind: .unresolvedLink, file: note.path, line: link.line,
                    message: "unresolved link [[\(link.target)]]", suggestion: suggestions[link.target]!))
            }
        }
        return findings
    }
}

/// The existing slug nearest to a link target by edit distance, when one is near enough.
struct NearestSlug {
    /// Lowercased slugs by length in bytes, with the slug as written and its byte histogram.
    private var byLength: [Int: [(key: [UInt8], slug: String, histogram: Histogram)]] = [:]

    init(_ slugs: [String]) {
        for slug in Set(slugs) {
            let bytes = Array(slug.lowercased().utf8)
            byLength[bytes.count, default: []].append((bytes, slug, Histogram(bytes)))
        }
    }

    /// The nearest slug within a third of the target's length (at least 2 edits, at most 8).
    func suggest(for target: String) -> String? {
        let slugged = WikiLinks.slug(target)
        let key = Array((slugged.isEmpty ? target.lowercased() : slugged).utf8)
        guard !key.isEmpty else { return nil }
        let histogram = Histogram(key)
        let limit = min(8, max(2, key.count / 3))
        var best: (distance: Int, slug: String)?
        for length in max(1, key.count - limit)...(key.count + limit) {
            for (candidate, slug, candidateHistogram) in byLength[length] ?? [] {
                let bound = min(limit, best?.distance ?? limit)
                guard abs(candidate.count - key.count) <= bound,
                      histogram.editsAtLeast(candidateHistogram) <= bound,
                      let d = Self.distance(key, candidate, limit: bound) else { continue }
                if best == nil || d < best!.distance || (d == best!.distance && slug < best!.slug) { best = (d, slug) }
            }
        }
        return best?.slug
    }

    /// Byte counts in 32 buckets: a lower bound on the edit distance of two strings costs
    /// 32 subtractions, and rules out most slugs before the distance table.
    struct Histogram {
        private var counts = [Int16](repeating: 0, count: 32)

        init(_ bytes: [UInt8]) {
            for b in bytes { counts[Int(b & 31)] += 1 }
        }

        /// An edit changes at most one count up and one down, so the edits needed are at
        /// least the larger of the total surplus and the total deficit.
        func editsAtLeast(_ other: Histogram) -> Int {
            var surplus = 0, deficit = 0
            for k in 0..<32 {
                let d = Int(counts[k]) - Int(other.counts[k])
                if d > 0 { surplus += d } else { deficit -= d }
            }
            return max(surplus, deficit)
        }
    }

    /// Levenshtein distance, or nil once it exceeds `limit`.
    ///
    /// Only the diagonal band of width `2 × limit + 1` is computed (Ukkonen): a cell
    /// further off the diagonal is already more than `limit` edits away. With 20,000
    /// slugs and thousands of missing targets, the full table made `kb check` crawl.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        if a == b { return 0 }
        let n = a.count, m = b.count
        guard abs(n - m) <= limit else { return nil }
        guard n > 0, m > 0 else { return max(n, m) }
        let outside = limit + 1
        // Cells never written stay `outside`: the band moves right one column per row.
        var previous = [Int](repeating: outside, count: m + 1)
        var current = [Int](repeating: outside, count: m + 1)
        for j in 0...min(m, limit) { previous[j] = j }
        for i in 1...n {
            let lo = max(1, i - limit), hi = min(m, i + limit)
            current[lo - 1] = lo == 1 ? min(i, outside) : outside
            var rowMin = current[lo - 1]
            for j in lo...hi {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                let v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost, outside)
                current[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return nil }
            swap(&previous, &current)
        }
        let d = previous[m]
        return d <= limit ? d : nil
    }
}
