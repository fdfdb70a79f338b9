import Foundation
import Testing
import MCP
@testable import KBCommands
@testable import KBMCP

// `kb mcp`'s tools and resources, called in this process (Tests/mcp/test_mcp.py drives the
// binary through the Python SDK). Answers are compared with what the kb binary prints.

/// A corpus of two notes in a temp folder, indexed; returns the folder and the index.
private func indexedNotes() throws -> (URL, String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-mcp-\(UUID().uuidString)")
    try write(folder, "power.md", "Power Plants", """
        Coal power plants burn lignite <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.
        Gas turbines start fast <a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>.
        """)
    try write(folder, "grid.md", "Grids", "The power grid links the plants <a class=\"yt-timestamp\" data-t=\"00:03:00\">[00:03:00]</a>.")
    let db = folder.appendingPathComponent("kb.sqlite").path
    #expect(inProcessExitCode(["index", folder.appendingPathComponent("notes").path, "--db", db, "-q"]) == 0)
    return (folder, db)
}

private func write(_ folder: URL, _ name: String, _ title: String, _ body: String) throws {
    let notes = folder.appendingPathComponent("notes/chan")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    try Data("---\ntitle: \(title)\nvideoId: \(String((title.filter(\.isLetter) + "00000000000").prefix(11)))\n---\n\nFrom: [[chan]] <br/>\n\n\(body)\n".utf8)
        .write(to: notes.appendingPathComponent(name))
}

/// What `kb ARGS --format json` prints, as a JSON value.
private func cliJSON(_ arguments: [String]) throws -> Value {
    let run = try runKB(arguments + ["--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    return try JSONDecoder().decode(Value.self, from: Data(run.stdout.utf8))
}

private func text(_ result: CallTool.Result) -> String {
    result.content.map { if case .text(let text, _, _) = $0 { text } else { "" } }.joined()
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func mcpToolsAnswerWhatTheCommandsPrint() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tools = ToolBox(dbPath: db)
    let search = tools.call("search", ["query": "power", "limit": 5])
    #expect(search.isError != true, "\(text(search))")
    #expect(search.structuredContent?.objectValue?["results"] == (try cliJSON(["search", "power", "--limit", "5", "--db", db])))
    #expect(text(search).contains("Coal **power** plants burn lignite"))
    guard let claim = search.structuredContent?.objectValue?["results"]?.arrayValue?.first?.objectValue?["claim"]?.intValue else {
        Issue.record("no claim in \(String(describing: search.structuredContent))")
        return
    }
    let jump = tools.call("jump", ["ref": .string(String(claim))])
    #expect(jump.structuredContent == (try cliJSON(["jump", String(claim), "--db", db])))
    let figures = tools.call("figures", [:])
    #expect(figures.structuredContent?.objectValue?["results"] == (try cliJSON(["figures", "--db", db])))
    let note = tools.call("note", ["slug": "power"])
    #expect(text(note) == (try runKB(["render", "note", "power", "--db", db])).stdout)
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func mcpToolErrorsAreTheLinesTheCommandsPrint() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tools = ToolBox(dbPath: db)
    for (tool, arguments, command) in [("search", ["query": "\"unclosed"] as [String: Value], ["search", "\"unclosed"]),
                                       ("search", ["query": "power", "channel": "nosuch"], ["search", "power", "--channel", "nosuch"]),
                                       ("quote", ["ref": "424242"], ["quote", "424242"]),
                                       ("note", ["slug": "nosuch"], ["render", "note", "nosuch"])] {
        let result = tools.call(tool, arguments)
        let cli = try runKB(command + ["--db", db])
        #expect(result.isError == true)
        #expect(cli.status != 0 && text(result) + "\n" == cli.stderr, "\(tool): \(text(result)) vs \(cli.stderr)")
    }
    #expect(text(tools.call("search", ["query": "power", "limit": 0])) == "kb: limit must be at least 1")
    #expect(text(tools.call("search", ["query": "power", "colour": "red"])).contains("search takes no argument 'colour'"))
    #expect(tools.call("erase", [:]).isError == true)
    // No index yet: every call says so, as the commands do.
    let missing = ToolBox(dbPath: folder.appendingPathComponent("none.sqlite").path).call("search", ["query": "power"])
    #expect(missing.isError == true && text(missing).contains("no index here yet"))
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func mcpToolsSeeWhatTheNextIndexRunWrote() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    let tools = ToolBox(dbPath: db)
    let before = tools.call("search", ["query": "hydroelectric"])
    #expect(before.structuredContent?.objectValue?["results"]?.arrayValue?.isEmpty == true)
    try write(folder, "dams.md", "Dams", "Hydroelectric dams store water <a class=\"yt-timestamp\" data-t=\"00:04:00\">[00:04:00]</a>.")
    #expect(inProcessExitCode(["index", folder.appendingPathComponent("notes").path, "--db", db, "-q"]) == 0)
    let after = tools.call("search", ["query": "hydroelectric"])
    #expect(after.structuredContent?.objectValue?["results"]?.arrayValue?.count == 1)
}

@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func mcpResourcesArePagedAndReadAsKbRenderWritesThem() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    var shelf = ResourceShelf(dbPath: db)
    shelf.pageSize = 2
    var uris: [String] = []
    var cursor: String?
    repeat {
        let page = try shelf.list(cursor: cursor)
        #expect(page.resources.count <= 2)
        uris += page.resources.map(\.uri)
        cursor = page.nextCursor
    } while cursor != nil
    #expect(uris.contains("kb://note/power") && uris.contains("kb://note/grid") && uris.contains("kb://video/PowerPlants"))
    #expect(Set(uris).count == uris.count)
    let read = try shelf.read("kb://note/power")
    #expect(read.contents.first?.text == (try runKB(["render", "note", "power", "--db", db])).stdout)
    let video = try shelf.read("kb://video/PowerPlants")
    #expect(video.contents.first?.text?.contains("Coal power plants burn lignite") == true)
    #expect(throws: MCPError.self) { try shelf.read("kb://note/nosuch") }
    #expect(throws: MCPError.self) { try shelf.read("http://example.com/") }
}

@Test func mcpLongTextIsCutAtALineEndWithANote() {
    let line = String(repeating: "é", count: 99) + "\n"  // 199 bytes
    let long = String(repeating: line, count: 1_000)
    let (cut, note) = Limits.cut(long, bytes: 1_000)
    #expect(note == "cut at 1 KB: 995 of 199000 bytes shown")
    #expect(cut.hasPrefix(String(repeating: line, count: 5)))
    #expect(cut.hasSuffix("\n… (cut at 1 KB: 995 of 199000 bytes shown)\n"))
    #expect(Limits.cut("short\n", bytes: 1_000) == ("short\n", nil))
    // One long line: cut inside it, never inside a character.
    let (oneLine, _) = Limits.cut(String(repeating: "é", count: 1_000), bytes: 101)
    #expect(oneLine.hasPrefix(String(repeating: "é", count: 50) + "\n…"))
}

/// `kb mcp` runs kb-mcp from beside kb, which answers JSON-RPC on stdin and stdout, one message
/// a line; when stdin closes, it answers what it has read, then ends.
@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func kbMcpAnswersOnStdioUntilItsInputEnds() throws {
    let (folder, db) = try indexedNotes()
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kbBinaryPath)
    process.arguments = ["mcp", "--db", db]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    // Never hang the suite: a server still running after 20 s is stopped (and fails below).
    DispatchQueue.global().asyncAfter(deadline: .now() + 20) { if process.isRunning { process.terminate() } }
    let requests = [
        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":"lignite"}}}"#,
    ]
    input.fileHandleForWriting.write(Data(requests.map { $0 + "\n" }.joined().utf8))
    try input.fileHandleForWriting.close()
    let lines = output.fileHandleForReading.readDataToEndOfFile().split(separator: UInt8(ascii: "\n"))
    process.waitUntilExit()
    #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    let replies = try lines.map { try JSONDecoder().decode(Value.self, from: $0).objectValue ?? [:] }
    let byID = Dictionary(replies.map { ($0["id"]?.intValue ?? 0, $0["result"]?.objectValue ?? [:]) }, uniquingKeysWith: { a, _ in a })
    #expect(replies.count == 2)
    #expect(byID[1]?["serverInfo"]?.objectValue?["name"] == "kb")
    #expect(byID[1]?["capabilities"]?.objectValue?["tools"] != nil)
    let hits = byID[2]?["structuredContent"]?.objectValue?["results"]?.arrayValue
    #expect(hits?.count == 1 && hits?.first?.objectValue?["note"] == "chan/power.md")
}

/// Without kb-mcp beside kb or on PATH, `kb mcp` says what is missing, on one line.
@Test(.enabled(if: kbBinaryExists, "build kb first: swift build"))
func kbMcpSaysWhenTheServerProgramIsMissing() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-alone-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let alone = folder.appendingPathComponent("kb").path
    try FileManager.default.copyItem(atPath: kbBinaryPath, toPath: alone)
    let run = try runKB(["mcp", "--db", folder.appendingPathComponent("kb.sqlite").path], executable: alone,
                        environment: ["PATH": "/usr/bin:/bin"])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("kb: kb mcp runs kb-mcp, which is neither beside ") && run.stderr.split(separator: "\n").count == 1)
}

/// The server's JSON reader gives the values the SDK's own decoding gives.
@Test func mcpJSONReaderAgreesWithTheSDKsDecoding() throws {
    let texts = [
        #"{"a": [1, -2, 3.5, 1e3, 2.0, 1e+27, -0.25, 0, 9007199254740993], "b": {"c": null, "d": true, "e": false}, "f": [], "g": {}}"#,
        #"["plain", "tab\there", "quote \" and \\ and \/", "é ünïcödé 🙂", "\u00e9\ud83d\ude42", "line\nend", ""]"#,
        #"  {"nested": [[{"x": [{"y": "z"}]}]], "score": -4.4947, "seconds": 842}  "#,
    ]
    for text in texts {
        let data = Data(text.utf8)
        #expect(try JSONValueReader.read(data) == JSONDecoder().decode(Value.self, from: data), "\(text)")
    }
    for bad in [#"{"a": }"#, #"[1, 2"#, #""unclosed"#, #"{"a": 1} x"#, #"tru"#] {
        #expect(throws: (any Error).self) { try JSONValueReader.read(Data(bad.utf8)) }
    }
}
