import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

/// Hidden `kb eval`: scores extractors against hand-labelled gold sets.
public struct Eval: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score extractors against gold sets.",
        shouldDisplay: false,
        subcommands: [Figures.self, Speakers.self, SearchEval.self, AlignmentEval.self]
    )

    public init() {}

    /// `kb eval figures GOLD.jsonl`: micro P/R/F1 of the figure extractor at each matching level.
    public struct Figures: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "figures",
            abstract: "Score the figure extractor on a gold JSONL file."
        )

        public enum Format: String, ExpressibleByArgument, Sendable { case text, json }

        @Argument(help: "Gold JSONL file (fields as in the gold README).")
        var gold: String

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        @Flag(help: "Also list misses and false positives at the strictest level.")
        var errors = false

        public init() {}

        public func run() throws {
            let sentences = try FigureEvaluation.loadGold(path: gold)
            let extractor = FigureExtractor()
            var scores = FigureEvaluation.evaluate(sentences) { extractor.figures(in: $0) }
            if !errors { scores.misses = [] }
            switch format {
            case .json:
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(scores), as: UTF8.self))
            case .text:
                print(Self.table(scores))
                if errors {
                    for m in scores.misses {
                        print("\n" + m.sentence)
                        for x in m.missing { print("  - missed  \(x)") }
                        for x in m.spurious { print("  + extra   \(x)") }
                    }
                }
            }
        }

        static func table(_ s: FigureScores) -> String {
            var lines = ["sentences: \(s.sentences)", "level                           P      R      F1     tp/pred/gold"]
            for l in FigureScores.Level.allCases {
                let p = s.score(l)
                let name = l.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)
                lines.append(name + String(format: "  %.3f  %.3f  %.3f  %d/%d/%d", p.precision, p.recall, p.f1, p.truePositives, p.predicted, p.gold))
            }
            lines.append("years scored as quantities: \(s.yearsAsQuantity)")
            lines.append("model-name false positives: \(s.modelNameFalsePositives)")
            return lines.joined(separator: "\n")
        }
    }

    /// `kb eval speakers GOLD.jsonl`: note-level speaker P/R/F1 and attribution accuracy.
    public struct Speakers: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "speakers",
            abstract: "Score the speaker extractor on gold JSONL files, overall and per channel."
        )

        public enum Format: String, ExpressibleByArgument, Sendable { case text, json }

        @Argument(help: "Gold JSONL files (fields as in SPEAKERS.md), scored together.")
        var gold: [String]

        @Option(help: "Corpus folder the gold paths are relative to (default: ../corpus beside the first gold file).")
        var corpus: String?

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        @Flag(help: "Also list wrong speakers and attributions.")
        var errors = false

        @Flag(help: .hidden)
        var dump = false

        public init() {}

        public func run() throws {
            guard let first = gold.first else { throw CommandError.usage("kb eval speakers: name a gold file") }
            let notes = try gold.flatMap { try SpeakerEvaluation.loadGold(path: $0) }
            let root = corpus ?? URL(fileURLWithPath: first).deletingLastPathComponent()
                .appendingPathComponent("../corpus").standardizedFileURL.path
            guard FileManager.default.fileExists(atPath: root) else { throw CommandError.usage("\(root): no corpus folder") }
            let run = SpeakerEvaluation.run(corpus: root)
            if dump {
                for (video, inputs) in run.inputs.sorted(by: { $0.key < $1.key }) {
                    let a = SpeakerExtractor().analyze(videoTitle: run.titles[video], notes: inputs)
                    let attributed = a.notes.flatMap(\.attributions).compactMap { $0 }.count
                    if let explain = ProcessInfo.processInfo.environment["KB_SPEAKERS_EXPLAIN"] {
                        // KB_SPEAKERS_EXPLAIN=all: every person found, not only the speakers.
                        for l in SpeakerExtractor().explain(videoTitle: run.titles[video], notes: inputs) where explain == "all" || l.hasPrefix("S") { print("      " + l) }
                    }
                    if ProcessInfo.processInfo.environment["KB_SPEAKERS_ATTRIBUTIONS"] != nil {
                        for (n, note) in a.notes.enumerated() {
                            for (k, who) in note.attributions.enumerated() { if let who { print("  @ \(who)\t\(inputs[n].sentences[k].text.prefix(90))") } }
                        }
                    }
                    print("\(video)\t\(run.titles[video] ?? "-")\t\(a.speakers.joined(separator: "; "))\tattr=\(attributed)\tmentions=\(Set(a.notes.flatMap(\.mentions)).sorted().prefix(8).joined(separator: ", "))")
                }
                return
            }
            var s = SpeakerEvaluation.evaluate(notes, run: run)
            if !errors {
                s.noteErrors = []; s.attributionErrors = []
                for k in s.channels.keys { s.channels[k]?.noteErrors = []; s.channels[k]?.attributionErrors = [] }
            }
            switch format {
            case .json:
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(s), as: UTF8.self))
            case .text:
                print("notes: \(s.notes)  (corpus: \(run.notes.count) notes, \(run.videos) videos, analysed in \(String(format: "%.2f", run.seconds)) s)")
                print(String(format: "speakers     P %.3f  R %.3f  F1 %.3f  tp/pred/gold %d/%d/%d", s.precision, s.recall, s.f1, s.truePositives, s.predicted, s.gold))
                print(String(format: "attributions accuracy %.3f  %d/%d  (sentences not found: %d)", s.attributionAccuracy, s.attributionsCorrect, s.attributionsTotal, s.sentencesNotFound))
                print("per channel:")
                for (name, c) in s.channels.sorted(by: { $0.key < $1.key }) {
                    print("  " + name.padding(toLength: max(16, name.count), withPad: " ", startingAt: 0) + String(format: " notes %3d  speakers P %.3f R %.3f F1 %.3f  attributions %.3f %d/%d",
                                 c.notes, c.precision, c.recall, c.f1, c.attributionAccuracy, c.attributionsCorrect, c.attributionsTotal))
                }
                if errors {
                    for e in s.noteErrors {
                        print("\n" + e.path)
                        for x in e.missing { print("  - missed  \(x)") }
                        for x in e.spurious { print("  + extra   \(x)") }
                        if let video = run.notes[e.path]?.video {
                            print("  title: \(run.titles[video] ?? "-")")
                            for l in SpeakerExtractor().explain(videoTitle: run.titles[video], notes: run.inputs[video] ?? []) where l.hasPrefix("S") { print("    " + l) }
                        }
                    }
                    if !s.attributionErrors.isEmpty { print("") }
                    for e in s.attributionErrors {
                        print("\(e.path):\(e.line) \(e.prefix.debugDescription) want \(e.expected), got \(e.got ?? "nil")")
                    }
                }
            }
        }
    }
}
