import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// The shared dev gold set sits next to the repository: `<repo>/../shared/gold/figures-dev.jsonl`.
private let devGold: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/KBTests/<file> → repo root
    return url.deletingLastPathComponent().appendingPathComponent("shared/gold/figures-dev.jsonl").path
}()

@Test(.enabled(if: FileManager.default.fileExists(atPath: devGold), "dev gold set not present"))
func figureExtractorMeetsDevFloor() throws {
    let gold = try FigureEvaluation.loadGold(path: devGold)
    let extractor = FigureExtractor()
    let scores = FigureEvaluation.evaluate(gold) { extractor.figures(in: $0) }
    if ProcessInfo.processInfo.environment["KB_FIGURE_ERRORS"] != nil {
        for l in FigureScores.Level.allCases {
            let p = scores.score(l)
            print(l.rawValue, p.precision, p.recall, p.f1, "\(p.truePositives)/\(p.predicted)/\(p.gold)")
        }
        print("years", scores.yearsAsQuantity, "names", scores.modelNameFalsePositives)
        for m in scores.misses {
            print("\n" + m.sentence)
            for x in m.missing { print("  - missed  \(x)") }
            for x in m.spurious { print("  + extra   \(x)") }
        }
    }
    for l in FigureScores.Level.allCases {
        #expect(scores.score(l).f1 >= 0.85, "\(l.rawValue) F1 \(scores.score(l).f1)")
    }
    #expect(scores.yearsAsQuantity == 0)
}

@Test func evaluationMatchesOneToOneWithTolerance() {
    let g = GoldSentence(path: nil, line: nil, sentence: "x", figures: [
        GoldFigure(surface: "a", kind: "money", low: 5, high: 5, bound: "eq", approx: false, unit: "USD"),
        GoldFigure(surface: "b", kind: "money", low: 5, high: 5, bound: "eq", approx: true, unit: "USD"),
    ])
    let pred = [Figure(start: 0, end: 1, surface: "a", kind: .money, low: 5.000001, high: 5.000001, unit: "USD")]
    let s = FigureEvaluation.evaluate([g]) { _ in pred }
    #expect(s.score(.value).truePositives == 1)
    #expect(s.score(.value).gold == 2)
    #expect(s.score(.all).truePositives == 1)
    #expect(FigureEvaluation.close(nil, nil))
    #expect(!FigureEvaluation.close(nil, 1))
    #expect(!FigureEvaluation.close(1, 1.1))
}
