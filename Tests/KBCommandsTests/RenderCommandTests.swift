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
import KBTestSupport


@Test func renderIsRegisteredWithHelp() {
    #expect(KB.configuration.subcommands.contains { $0 == Render.self })
    let help = Render.helpMessage()
    for word in ["note SLUG", "topic QUERY", "speaker NAME", "video ID", "hub SLUG", "site", "--timestamps", "--html", "--out"] {
        #expect(help.contains(word), "help lacks \(word)")
    }
}

/// Help goes to 80-column terminals: the lines a discussion lays out itself (indented
/// tables, examples) must fit, or argument-parser re-wraps them mid-row.
@Test func laidOutHelpLinesFitEightyColumns() {
    for command in KB.configuration.subcommands {
        let help = command.helpMessage(columns: 80)
        let lines = Set(help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        for line in command.configuration.discussion.split(separator: "\n") where line.hasPrefix(" ") {
            #expect(line.count <= 80, "\(command._commandName): \(line)")
            #expect(lines.contains(String(line)), "\(command._commandName) help re-wraps: \(line)")
        }
    }
}

@Test func renderUsageErrorsExit64() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-render-cli-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let notes = folder.appendingPathComponent("notes")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    try Data("---\ntitle: One\nvideoId: vidAAAAAAAA\n---\n\nA claim <a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>.\n".utf8)
        .write(to: notes.appendingPathComponent("one.md"))
    let db = folder.appendingPathComponent("kb.sqlite").path
    #expect(inProcessExitCode(["index", notes.path, "--db", db, "--quiet"]) == 0)
    #expect(inProcessExitCode(["render", "site", "--db", db]) == 64)
    #expect(inProcessExitCode(["render", "note", "--db", db]) == 64)
    #expect(inProcessExitCode(["render", "note", "nowhere", "--db", db]) == 64)
    #expect(inProcessExitCode(["render", "speaker", "Nobody", "--db", db]) == 64)
    #expect(inProcessExitCode(["render", "video", "nope", "--db", db]) == 64)
    #expect(inProcessExitCode(["render", "note", "one", "--db", db, "--timestamps", "sideways"]) == 64)
    let out = folder.appendingPathComponent("site").path
    #expect(inProcessExitCode(["render", "site", "--out", out, "--html", "--db", db]) == 0)
    #expect(FileManager.default.fileExists(atPath: out + "/note-one.html"))
    #expect(try LinkChecker.check(folder: out).broken.isEmpty)
    #expect(inProcessExitCode(["render", "note", "one", "--out", out, "--db", db]) == 0)
    #expect(FileManager.default.fileExists(atPath: out + "/one.md"))
}
