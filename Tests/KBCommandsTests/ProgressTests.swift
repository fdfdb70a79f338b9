import Foundation
import Testing
@testable import KBCommands

@Test func progressLineHasCountRateAndTimeLeft() {
    #expect(ProgressBar.line(verb: "indexing", noun: "notes", done: 5120, total: 20000, elapsed: 5120.0 / 812)
        == "indexing 5120/20000 notes  812/s  19 s left")
    #expect(ProgressBar.line(verb: "rendering", noun: "pages", done: 100, total: 1000, elapsed: 1)
        == "rendering 100/1000 pages  100/s  9 s left")
}

@Test func progressLineWithoutMeasurementShowsOnlyTheCount() {
    #expect(ProgressBar.line(verb: "indexing", noun: "notes", done: 0, total: 20000, elapsed: 3) == "indexing 0/20000 notes")
    #expect(ProgressBar.line(verb: "indexing", noun: "notes", done: 256, total: 20000, elapsed: 0.01) == "indexing 256/20000 notes")
}

@Test func progressLineWhenDoneHasNoTimeLeft() {
    #expect(ProgressBar.line(verb: "indexing", noun: "notes", done: 20000, total: 20000, elapsed: 10)
        == "indexing 20000/20000 notes  2000/s")
}

@Test func progressTimeLeftUnits() {
    #expect(ProgressBar.timeLeft(0.2) == "1 s")
    #expect(ProgressBar.timeLeft(18) == "18 s")
    #expect(ProgressBar.timeLeft(59.5) == "1 min 00 s")
    #expect(ProgressBar.timeLeft(125) == "2 min 05 s")
    #expect(ProgressBar.timeLeft(3780) == "1 h 03 min")
}

@Test func disabledProgressBarIsInert() {
    let bar = ProgressBar(verb: "indexing", noun: "notes", enabled: false)
    bar.update(1, of: 2)
    bar.phase("x")
    bar.finish()
    #expect(!bar.enabled)
    #expect(!ProgressBar(verb: "indexing", noun: "notes", quiet: true).enabled)
}

/// Piped stderr (as here) gets no progress line from index or render site, even when
/// there are several batches of notes.
@Test(.enabled(if: kbBinaryExists)) func progressIsSilentWhenPiped() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-progress-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let notes = folder.appendingPathComponent("notes")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    for i in 0..<300 {
        try Data("---\ntitle: Note \(i)\nvideoId: vid\(String(format: "%08d", i))\n---\n\nClaim \(i) <a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>.\n".utf8)
            .write(to: notes.appendingPathComponent("n\(i).md"))
    }
    let db = folder.appendingPathComponent("kb.sqlite").path
    let index = try runKB(["index", notes.path, "--db", db])
    #expect(index.status == 0)
    #expect(!index.stderr.contains("\r"))
    #expect(!index.stderr.contains("indexing"))
    let site = try runKB(["render", "site", "--db", db, "--out", folder.appendingPathComponent("site").path])
    #expect(site.status == 0)
    #expect(!site.stderr.contains("\r"))
    #expect(!site.stderr.contains("rendering"))
    #expect(site.stderr.contains("site: "))
    let quiet = try runKB(["render", "site", "--db", db, "--out", folder.appendingPathComponent("site2").path, "--quiet"])
    #expect(quiet.status == 0)
    #expect(quiet.stderr.isEmpty)
}
