import ArgumentParser
import Foundation
import Testing
@testable import KBCommands
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

private struct Corpus {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-check-\(UUID().uuidString)")
    var path: String { url.path }

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

    func write(_ relative: String, _ text: String) throws { try write(relative, data: Data(text.utf8)) }

    func write(_ relative: String, data: Data) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

private func note(_ title: String, video: String, _ body: String) -> String {
    "---\ntitle: \(title)\nvideoId: \(video)\n---\n\n\(body)\n"
}

private let cite = "<a class=\"yt-timestamp\" data-t=\"00:14:23\">[00:14:23]</a>"

/// A corpus with one problem of each kind.
private func messyCorpus() throws -> Corpus {
    let c = try Corpus()
    try c.write("chan/lighthouse_keepers.md", note("Lighthouse keepers", video: "vidLIGHT001", "Keepers trimmed wicks \(cite). See [[lighthose_keepers]] and [[harbor_pilots]]."))
    try c.write("chan/harbor_pilots.md", note("Harbor pilots", video: "vidHARBOR01", "Pilots guided ships <a class=\"yt-timestamp\" data-t=\"01:00:17:51\">[01:00:17:51]</a>."))
    try c.write("chan/harbor_pilots_copy.md", note("Harbor Pilots", video: "vidHARBOR01", "Pilots guided ships again \(cite)."))
    try c.write("chan/mojibake.md", note("Mojibake", video: "vidMOJI0001", "Pascalâ€™s wager \(cite)."))
    try c.write("chan/empty_body.md", note("Empty body", video: "vidEMPTY001", ""))
    try c.write("chan/latin1.md", data: Data("caf".utf8) + Data([0xE9, 0x0A]))
    return c
}

@Test func checkFindsEachKindOfProblem() throws {
    let c = try messyCorpus()
    defer { c.cleanup() }
    let report = CorpusCheck.run(paths: [c.path])
    #expect(report.files == 6)
    let lines = report.findings.map(\.description)
    #expect(lines.contains("chan/lighthouse_keepers.md:6: warning: unresolved link [[lighthose_keepers]] (did you mean [[lighthouse_keepers]]?)"), "\(lines)")
    #expect(lines.contains("chan/harbor_pilots.md:6: error: unreadable timestamp <a class=\"yt-timestamp\" data-t=\"01:00:17:51\">[01:00:17:51]</a>"))
    #expect(lines.contains("chan/harbor_pilots.md: error: video vidHARBOR01 and title \"Harbor pilots\" are also claimed by chan/harbor_pilots_copy.md"))
    #expect(lines.contains("chan/harbor_pilots_copy.md: error: video vidHARBOR01 and title \"Harbor Pilots\" are also claimed by chan/harbor_pilots.md"))
    #expect(lines.contains("chan/mojibake.md:6: warning: mojibake repaired: \"â€™\" read as \"’\""))
    #expect(lines.contains("chan/empty_body.md: error: empty note: no sentence to index"))
    #expect(lines.contains("chan/latin1.md:1: error: not valid UTF-8"))
    // [[harbor_pilots]] resolves: no finding.
    #expect(!lines.contains { $0.contains("[[harbor_pilots]]") })
    #expect(report.errors == 5)
    #expect(report.warnings == 2)
    #expect(Set(report.findings.map(\.kind)) == [.unresolvedLink, .unreadableTimestamp, .duplicateNote, .mojibake, .emptyNote, .unreadableFile])
}

@Test func nearestSlugSuggestion() {
    let nearest = NearestName(["gpu_rental_economics", "dram_scaling_slowdown", "power_constraints", "DRAM_Notes"])
    #expect(nearest.nearest(to: CorpusCheck.slugKey("gpu_rental_economic")) == "gpu_rental_economics")
    #expect(nearest.nearest(to: CorpusCheck.slugKey("GPU Rental Economics")) == "gpu_rental_economics")
    #expect(nearest.nearest(to: CorpusCheck.slugKey("dram_scalling_slowdown")) == "dram_scaling_slowdown")
    #expect(nearest.nearest(to: CorpusCheck.slugKey("dram notes")) == "DRAM_Notes")
    #expect(nearest.nearest(to: CorpusCheck.slugKey("something_else_entirely")) == nil)
    #expect(nearest.nearest(to: CorpusCheck.slugKey("")) == nil)
    #expect(NearestName.distance(Array("kitten".utf8), Array("sitting".utf8), limit: 5) == 3)
    #expect(NearestName.distance(Array("kitten".utf8), Array("sitting".utf8), limit: 2) == nil)
}

@Test func nearestNamesComeClosestFirstThenInNameOrder() {
    let nearest = NearestName(["Ada Lovelace", "Ada Lovelase", "Alan Turing", "Ada Lovelake"])
    #expect(nearest.nearest(to: "ada lovelace", limit: 3) == ["Ada Lovelace", "Ada Lovelake", "Ada Lovelase"])
    #expect(nearest.nearest(to: "Ada Lovelacx", limit: 2) == ["Ada Lovelace", "Ada Lovelake"])
    #expect(nearest.nearest(to: "Grace Hopper", limit: 3).isEmpty)
}


@Test(.enabled(if: kbBinaryExists, "build kb first"))
func checkExitsOneOnErrorsOnly() throws {
    // Through the binary: in process, the findings it prints would land in the test log.
    let messy = try messyCorpus()
    defer { messy.cleanup() }
    let run = try runKB(["check", messy.path, "--quiet"])
    #expect(run.status == 1)
    #expect(run.stdout.contains("chan/empty_body.md: error: empty note"))

    let clean = try Corpus()
    defer { clean.cleanup() }
    try clean.write("a.md", note("Alpha", video: "vidALPHA001", "Alpha text \(cite). See [[nowhere_at_all]]."))
    // An unresolved link is only a warning.
    #expect(try runKB(["check", clean.path, "--quiet"]).status == 0)
}

@Test(.enabled(if: kbBinaryExists, "build kb first"))
func checkJSON() throws {
    let c = try messyCorpus()
    defer { c.cleanup() }
    let run = try runKB(["check", c.path, "--format", "json"])
    #expect(run.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["files"] as? Int == 6)
    #expect(object["errors"] as? Int == 5)
    #expect(object["warnings"] as? Int == 2)
    let findings = try #require(object["findings"] as? [[String: Any]])
    let link = try #require(findings.first { $0["kind"] as? String == "unresolved-link" })
    #expect(link["file"] as? String == "chan/lighthouse_keepers.md")
    #expect(link["line"] as? Int == 6)
    #expect(link["severity"] as? String == "warning")
    #expect(link["suggestion"] as? String == "lighthouse_keepers")

    let text = try runKB(["check", c.path])
    #expect(text.status == 1)
    #expect(text.stderr == "6 files: 5 errors, 2 warnings\n")
    #expect(text.stdout.split(separator: "\n").count == 7)
}

@Test func bandedDistanceAgreesWithTheFullTable() {
    // The plain O(n·m) Levenshtein table, as the reference.
    func full(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abc_".utf8)
    for _ in 0..<3_000 {
        let a = (0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let b = (0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let limit = Int.random(in: 0...5, using: &generator)
        let expected = full(a, b)
        #expect(NearestName.distance(a, b, limit: limit) == (expected <= limit ? expected : nil), "\(a) \(b) \(limit)")
        // The byte-count bound that skips slugs never exceeds the true distance.
        #expect(NearestName.Histogram(a).editsAtLeast(NearestName.Histogram(b)) <= expected, "\(a) \(b)")
    }
}
