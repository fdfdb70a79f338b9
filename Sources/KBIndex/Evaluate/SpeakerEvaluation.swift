import KBModel
import KBExtract
import KBStore
import KBQuery
import KBTranscripts
import Foundation

/// One hand-labelled note from speakers-dev.jsonl (see SPEAKERS.md for the fields).
public struct GoldSpeakerNote: Hashable, Sendable, Codable {
    public struct Attribution: Hashable, Sendable, Codable {
        public var line: Int
        public var prefix: String
        public var speaker: String
    }
    public var path: String
    public var video: String
    public var speakers: [String]
    public var mentioned: [String]?
    public var attributions: [Attribution]
}

/// Note-level speaker P/R/F1 and attribution accuracy.
public struct SpeakerScores: Sendable, Codable, Hashable {
    public struct NoteError: Sendable, Codable, Hashable {
        public var path: String
        public var missing: [String]
        public var spurious: [String]
    }
    public struct AttributionError: Sendable, Codable, Hashable {
        public var path: String
        public var line: Int
        public var prefix: String
        public var expected: String
        /// What the extractor said; nil when it attributed nothing, "(no sentence)" when no sentence matched.
        public var got: String?
    }

    public var notes: Int
    public var truePositives: Int
    public var predicted: Int
    public var gold: Int
    public var attributionsCorrect: Int
    public var attributionsTotal: Int
    /// Gold attributions whose sentence was not found at its line.
    public var sentencesNotFound: Int
    public var noteErrors: [NoteError]
    public var attributionErrors: [AttributionError]
    /// The same scores for each channel (the folder holding the gold note), by name; empty inside a channel's own scores.
    public var channels: [String: SpeakerScores] = [:]

    public var precision: Double { predicted == 0 ? (gold == 0 ? 1 : 0) : Double(truePositives) / Double(predicted) }
    public var recall: Double { gold == 0 ? 1 : Double(truePositives) / Double(gold) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    public var attributionAccuracy: Double { attributionsTotal == 0 ? 1 : Double(attributionsCorrect) / Double(attributionsTotal) }
}

/// Runs the speaker extractor over a corpus, video by video, and scores it against gold notes.
public enum SpeakerEvaluation {
    public static func loadGold(path: String) throws -> [GoldSpeakerNote] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw IndexError.gold(Diagnostic(file: path, message: "cannot read gold file"))
        }
        var out: [GoldSpeakerNote] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated()
        where !line.allSatisfy({ $0.isWhitespace }) {
            do { out.append(try JSONDecoder().decode(GoldSpeakerNote.self, from: Data(line.utf8))) } catch {
                throw IndexError.gold(Diagnostic(file: path, line: n + 1, message: "\(error)"))
            }
        }
        return out
    }

    /// The result of analysing a whole corpus: each note's path with its video's analysis.
    public struct CorpusRun: Sendable {
        public var notes: [String: (note: Note, video: String, analysis: SpeakerAnalysis, index: Int)] = [:]
        public var videos = 0
        public var seconds = 0.0
        public var titles: [String: String] = [:]
        public var inputs: [String: [SpeakerInput]] = [:]
    }

    /// Reads every note under `root` (transcripts are passed over, as `kb index` reads them as
    /// transcripts), groups notes by videoId across folders, takes titles from channel index
    /// pages and analyses each video.
    public static func run(corpus root: String, extractor: SpeakerExtractor = SpeakerExtractor()) -> CorpusRun {
        let listing = CorpusWalker.list([root])
        var notes: [Note] = []
        var titles: [String: String] = [:]
        for f in listing.files {
            guard let data = FileManager.default.contents(atPath: f.file) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            // A transcript is not a note: its speakers come from its labels, as when indexing.
            if TranscriptReader.format(path: f.path, text: text) != nil { continue }
            let note = NoteExtractor.extract(path: f.path, text: text)
            for v in note.videos where titles[v.videoID] == nil { titles[v.videoID] = v.title }
            if note.videoID != nil { notes.append(note) }
        }
        var byVideo: [String: [Note]] = [:]
        for n in notes { byVideo[n.videoID!, default: []].append(n) }
        var run = CorpusRun()
        let start = Date()
        for (video, group) in byVideo.sorted(by: { $0.key < $1.key }) {
            let inputs = group.map(input)
            run.inputs[video] = inputs
            run.titles[video] = titles[video]
            let analysis = extractor.analyze(videoTitle: titles[video], notes: inputs)
            for (i, n) in group.enumerated() { run.notes[n.path] = (n, video, analysis, i) }
        }
        run.seconds = Date().timeIntervalSince(start)
        run.videos = byVideo.count
        return run
    }

    public static func input(_ note: Note) -> SpeakerInput {
        SpeakerInput(title: note.title, sentences: note.claims.map { SpeakerSentence(line: $0.line, text: $0.text, lead: $0.lead) })
    }

    /// Lowercase letters and digits only.
    static func normalized(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    /// The same name, or the same surname and first initial.
    public static func sameName(_ a: String, _ b: String) -> Bool {
        if normalized(a) == normalized(b) { return true }
        let wa = a.split(separator: " ").map(String.init), wb = b.split(separator: " ").map(String.init)
        guard wa.count >= 2, wb.count >= 2 else { return false }
        return normalized(wa.last!) == normalized(wb.last!) && wa[0].lowercased().first == wb[0].lowercased().first
    }

    /// One-to-one matches between predicted and gold names.
    static func matches(_ pred: [String], _ gold: [String]) -> (tp: Int, missing: [String], spurious: [String]) {
        var used = Array(repeating: false, count: pred.count)
        var missing: [String] = []
        for g in gold {
            if let i = pred.indices.first(where: { !used[$0] && sameName(pred[$0], g) }) { used[i] = true } else { missing.append(g) }
        }
        let spurious = pred.indices.filter { !used[$0] }.map { pred[$0] }
        return (gold.count - missing.count, missing, spurious)
    }

    /// The channel a gold note counts for: the folder that holds it ("channels/acme/x.md" → "acme").
    public static func channel(of path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : "."
    }

    /// The scores over all gold notes, with the scores of each channel in `channels`.
    public static func evaluate(_ gold: [GoldSpeakerNote], run: CorpusRun) -> SpeakerScores {
        var all = score(gold, run: run)
        for (name, notes) in Dictionary(grouping: gold, by: { channel(of: $0.path) }) {
            all.channels[name] = score(notes, run: run)
        }
        return all
    }

    static func score(_ gold: [GoldSpeakerNote], run: CorpusRun) -> SpeakerScores {
        var s = SpeakerScores(notes: gold.count, truePositives: 0, predicted: 0, gold: 0, attributionsCorrect: 0,
                              attributionsTotal: 0, sentencesNotFound: 0, noteErrors: [], attributionErrors: [])
        for g in gold {
            let found = run.notes[g.path]
            let predicted = found?.analysis.speakers ?? []
            let m = matches(predicted, g.speakers)
            s.truePositives += m.tp
            s.predicted += predicted.count
            s.gold += g.speakers.count
            if !m.missing.isEmpty || !m.spurious.isEmpty {
                s.noteErrors.append(.init(path: g.path, missing: m.missing, spurious: m.spurious))
            }
            for a in g.attributions {
                s.attributionsTotal += 1
                guard let found else {
                    s.sentencesNotFound += 1
                    s.attributionErrors.append(.init(path: g.path, line: a.line, prefix: a.prefix, expected: a.speaker, got: "(no note)"))
                    continue
                }
                let want = normalized(a.prefix)
                let claims = found.note.claims.enumerated().filter { $0.element.line == a.line }.map { ($0.offset, normalized(VideoPeople.body(SpeakerSentence(line: $0.element.line, text: $0.element.text, lead: $0.element.lead)))) }
                guard let (k, _) = claims.first(where: { $0.1.hasPrefix(want) || !$0.1.isEmpty && want.hasPrefix($0.1) }) else {
                    s.sentencesNotFound += 1
                    s.attributionErrors.append(.init(path: g.path, line: a.line, prefix: a.prefix, expected: a.speaker, got: "(no sentence)"))
                    continue
                }
                let got = found.analysis.notes[found.index].attributions[k]
                if let got, sameName(got, a.speaker) { s.attributionsCorrect += 1 } else {
                    s.attributionErrors.append(.init(path: g.path, line: a.line, prefix: a.prefix, expected: a.speaker, got: got))
                }
            }
        }
        return s
    }
}
