import ArgumentParser
import Foundation
import KBCore

/// Hidden `kb eval`: scores extractors against hand-labelled gold sets.
public struct Eval: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score extractors against gold sets.",
        shouldDisplay: false,
        subcommands: [Figures.self]
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
}
