import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// Inputs the fuzzer (scripts/fuzz) found, each run exactly as the fuzz target runs them:
// through the reader, the extractor and the HTML renderer, as bytes and as lossy text.

/// `Tests/FuzzRegressions`: outside the test target, so SwiftPM does not take the files as sources.
private let regressionFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

private let regressionFiles: [String] = {
    ((try? FileManager.default.contentsOfDirectory(atPath: regressionFolder.path)) ?? []).sorted()
}()

@Test(arguments: regressionFiles)
func fuzzRegressionDoesNotCrash(_ name: String) throws {
    let data = try Data(contentsOf: regressionFolder.appendingPathComponent(name))
    if let text = try? NoteReader.decode(data, displayPath: name) {
        let note = NoteExtractor.extract(path: "fuzz/" + name, text: text.text)
        let lines = text.text.reduce(1) { $0 + ($1 == "\n" || $1 == "\r\n" || $1 == "\r" ? 1 : 0) }
        for claim in note.claims { #expect((1...lines).contains(claim.line)) }
        _ = Markdown.html(text.text)
    }
    let lossy = String(decoding: data, as: UTF8.self)
    _ = NoteExtractor.extract(path: name, text: lossy)
    _ = try? FTSQuery.matchExpression(for: lossy)
}

@Test func fuzzRegressionsAreThere() {
    #expect(regressionFiles.count >= 2)
}

/// The figure parser's candidates can overlap when junk splits a number; it used to
/// build a reversed range and trap (found by scripts/fuzz).
@Test func figuresOfANumberSplitByJunk() {
    let junk = String(repeating: "\u{FFFD}", count: 92)
    _ = FigureExtractor().figures(in: "He spent 18 months and over 1\(junk)20 investor meetings to close his round.")
    _ = FigureExtractor().figures(in: "It costs $5 or 1\(junk)20 to 30 of them.")
}
