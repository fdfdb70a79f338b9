import KBModel
import KBExtract
import KBStore
import KBIndex
import ArgumentParser
import Foundation

/// `kb eval alignment GOLD.jsonl`: how well kb verify places and judges cited claims.
struct AlignmentEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alignment",
        abstract: "Score claim-transcript alignment (kb verify) on a gold JSONL file (fields as in ALIGNMENT.md).",
        discussion: """
            Indexes the gold notes' folders and the corpus's transcripts into a temporary index, \
            then reports verdict accuracy, alignment accuracy (kb's passage starts within the gold \
            passage ±20 s), detection F1 (drifted or unsupported flagged) and speaker accuracy.
            """)

    @Argument(help: "Gold JSONL file.")
    var gold: String

    @Option(help: "Corpus folder the gold paths are relative to (default: ../corpus beside the gold file).")
    var corpus: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Also list the claims kb got wrong.")
    var errors = false

    func run() throws {
        try guarded {
            let gold = try AlignmentEvaluation.loadGold(path: gold)
            let root = CorpusWalker.absolutePath(corpus ?? URL(fileURLWithPath: self.gold).deletingLastPathComponent()
                .appendingPathComponent("../corpus").standardizedFileURL.path)
            guard FileManager.default.fileExists(atPath: root) else { throw CommandError.usage("\(root): no corpus folder") }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-eval-alignment-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var s = try AlignmentEvaluation.run(gold, corpus: root, database: folder.appendingPathComponent("kb.sqlite").path)
            if !errors { s.misses = [] }
            switch format {
            case .json: try Output.printJSON(s)
            case .text:
                print("claims: \(s.claims)  (not found in the index: \(s.notFound))")
                print(String(format: "verdicts   accuracy %.3f  %d/%d", s.verdictAccuracy, s.verdictsCorrect, s.claims))
                print(String(format: "alignment  accuracy %.3f  %d/%d", s.alignmentAccuracy, s.alignedCorrect, s.alignable))
                print(String(format: "detection  P %.3f  R %.3f  F1 %.3f  (%d flagged, %d in gold, %d both)",
                             s.detectionPrecision, s.detectionRecall, s.detectionF1, s.flagged, s.goldFlagged, s.flaggedTrue))
                print(String(format: "speakers   accuracy %.3f  %d/%d", s.speakerAccuracy, s.speakersCorrect, s.speakersTotal))
                for m in s.misses {
                    print("  \(m.path):\(m.line) \(m.prefix)… expected \(m.expected), got \(m.got)"
                          + (m.passage.map { " at \($0)" } ?? "") + (m.gold.map { " (gold \($0))" } ?? "")
                          + (m.score.map { String(format: " score %.2f", $0) } ?? ""))
                }
            }
        }
    }
}
