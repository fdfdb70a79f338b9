import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// `<repo>/../shared/corpus`, found from this file's place in the repository.
private let corpusRoot: String = {
    let repo = URL(fileURLWithPath: #filePath)  // <repo>/Tests/KBTests/this.swift
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return CorpusWalker.absolutePath(repo.appendingPathComponent("../shared/corpus").path)
}()

private var corpusExists: Bool {
    FileManager.default.fileExists(atPath: corpusRoot + "/seed-wiki")
        && FileManager.default.fileExists(atPath: corpusRoot + "/channels")
}

/// Every `.md` under `root` that the walker would list, as absolute paths.
private func markdownFiles(under root: String) -> [String] {
    guard let walker = FileManager.default.enumerator(
        at: URL(fileURLWithPath: root), includingPropertiesForKeys: nil,
        options: [.skipsHiddenFiles]) else { return [] }
    var out: [String] = []
    for case let url as URL in walker where url.pathExtension.lowercased() == "md" {
        let relative = String(url.path.dropFirst(URL(fileURLWithPath: root).path.count))
        out.append(root + relative)
    }
    return out.sorted()
}

private func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// One index build over seed-wiki and channels; every assertion reads it.
@Test(.enabled(if: corpusExists, "the shared corpus is not at <repo>/../shared/corpus"))
func realCorpusIndexesEveryCitation() throws {
    let folder = try TempFolder("kb-corpus")
    defer { folder.cleanup() }
    let roots = [corpusRoot + "/seed-wiki", corpusRoot + "/channels"]
    let store = try Store(path: folder.path("kb.sqlite"))
    let first = try Indexer(store: store).run(paths: roots)
    let files = roots.flatMap(markdownFiles(under:))
    #expect(files.count > 800, "the corpus holds 251 + 611 notes")
    #expect(first.failed == 0, "\(first.errors.prefix(5))")
    #expect(first.indexed == files.count)
    #expect(first.totals.notes == files.count)

    // Anchors in each file = timestamps of form 'anchor' for its note, file by file.
    var indexed: [String: Int] = [:]
    for row in try store.sql("""
        SELECT n.file, count(t.id) FROM notes n
        LEFT JOIN timestamps t ON t.note = n.id AND t.form = 'anchor' GROUP BY n.id
        """) {
        indexed[row.string(0) ?? ""] = Int(row.int(1) ?? 0)
    }
    var mismatches: [String] = []
    for file in files {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let expected = occurrences(of: "yt-timestamp", in: text)
        let got = indexed[file]
        if got != expected { mismatches.append("\(file): \(expected) anchors in the file, \(got.map(String.init) ?? "no note") in the index") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) files differ; first: \(mismatches.first ?? "")")

    // The seed note's Three Gorges claim cites 880 s.
    let rows = try store.sql("""
        SELECT c.text, t.seconds FROM claims c JOIN notes n ON n.id = c.note
        LEFT JOIN timestamps t ON t.claim = c.id
        WHERE n.slug = 'investments_and_economic_strategies_in_tech_development' AND c.text LIKE '%Three Gorges%'
        """)
    #expect(!rows.isEmpty)
    #expect(rows.contains { $0.int(1) == 880 }, "\(rows.map { "\($0.string(0) ?? "") @ \($0.int(1).map(String.init) ?? "nil")" })")

    // A second run reads nothing new.
    let second = try Indexer(store: store).run(paths: roots)
    #expect(second.indexed == 0)
    #expect(second.unchanged == files.count)
    #expect(second.removed == 0)
    #expect(second.failed == 0)
}
