import Foundation
import Synchronization
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// Issue 6 with the kb binary: kills, concurrent processes, a run as an unprivileged
// user. Quick versions; scripts/kill-test does the 50 kills (docs/reliability.md).

private struct Workspace {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-rel-\(UUID().uuidString)")
    var path: String { url.path }
    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

    func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// `count` notes of a few dozen claims each, every one mentioning granite.
    func corpus(_ count: Int, folder: String = "notes") throws {
        for i in 0..<count {
            var body = "From: [[chan\(i % 7)]] <br/>\n\n"
            for s in 0..<6 {
                body += "## Section \(s)\n\n"
                for k in 0..<5 {
                    body += "* **Point \(k):** Granite block \(i)-\(s)-\(k) was cut to 3.5 m and cost $\(k + 2) million <a class=\"yt-timestamp\" data-t=\"00:\(10 + s):\(10 + k)\">[00:\(10 + s):\(10 + k)]</a>. See [[note_\((i + k) % count)]].\n"
                }
                body += "\n"
            }
            try write("\(folder)/c\(i % 5)/note_\(i).md", "---\ntitle: Note \(i)\nvideoId: vid\(String(format: "%08d", i))\n---\n\n" + body)
        }
    }

    func cleanup() {
        _ = chmod(path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
}

private func start(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kbBinaryPath)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// Checks an index a killed run left: it opens, passes integrity_check, answers a
/// search, and every note in it is complete: as many claims and full-text rows as a
/// fresh parse of its file gives.
private func checkKilledIndex(_ db: String, root: String) throws {
    guard FileManager.default.fileExists(atPath: db),
          (try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int ?? 0) > 0 else { return }
    let store: Store
    do {
        store = try Store(path: db, readOnly: true)
    } catch let error as StoreError {
        // Killed before the schema was committed: there is no index yet.
        #expect(error.description.contains("no index here yet"), "\(error)")
        return
    }
    #expect(try store.db.rows("PRAGMA integrity_check").first?.string(0) == "ok")
    _ = try store.search(SearchRequest(query: "granite", limit: 5))
    let notes = try store.db.rows("SELECT id, file, path FROM notes")
    for row in notes {
        let id = row.int(0)!, file = row.string(1)!, path = row.string(2)!
        let text = try NoteReader.readText(atPath: file, displayPath: path).text
        let expected = NoteExtractor.extract(path: path, text: text).claims.count
        #expect(try store.db.scalarInt("SELECT count(*) FROM claims WHERE note = ?", id) == Int64(expected), "\(path)")
        #expect(try store.db.scalarInt("SELECT count(*) FROM claims_fts_docsize WHERE id IN (SELECT id FROM claims WHERE note = ?)", id) == Int64(expected))
    }
}

@Test(.enabled(if: kbBinaryExists, "build kb first"))
func indexSurvivesSIGKILL() throws {
    let w = try Workspace()
    defer { w.cleanup() }
    try w.corpus(200)
    let db = w.path("index/kb.sqlite")
    // How long a whole run takes, to kill inside it.
    let started = Date()
    #expect(try runKB(["index", w.path("notes"), "--db", w.path("probe.sqlite"), "-q"]).status == 0)
    let full = Date().timeIntervalSince(started)
    var generator = SystemRandomNumberGenerator()
    for round in 0..<3 {
        for suffix in ["", "-wal", "-shm", ".links-pending"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let process = try start(["index", w.path("notes"), "--db", db])
        let delay = [0.05, 0.4, 0.8][round] * full + Double.random(in: 0...0.1, using: &generator) * full
        usleep(UInt32(delay * 1_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // The kernel released the lock with the process.
        #expect(!IndexLock.isHeld(databasePath: db))
        try checkKilledIndex(db, root: w.path("notes"))
        // The next run finishes the work.
        let resumed = try runKB(["index", w.path("notes"), "--db", db, "--format", "json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let store = try Store(path: db, readOnly: true)
        #expect(try store.totals() == (try Store(path: w.path("probe.sqlite"), readOnly: true).totals()))
    }
}

/// What the writer of `searchesRunWhileAnIndexIsBuilt` is doing, shared with the reader.
private final class WriterState: Sendable {
    private struct Runs { var running = false, finished = 0, seen = 0 }
    private let runs = Mutex(Runs())
    let readerCaughtUp = DispatchSemaphore(value: 0)

    func set(running: Bool) {
        runs.withLock { runs in
            runs.running = running
            if !running { runs.finished += 1 }
        }
    }
    var isRunning: Bool { runs.withLock { $0.running } }
    /// Whether a run has finished that the reader has not searched after yet (marked seen).
    func takeUnseenRun() -> Bool {
        runs.withLock { runs in
            guard runs.seen < runs.finished else { return false }
            runs.seen += 1
            return true
        }
    }
}

@Test(.enabled(if: kbBinaryExists, "build kb first"))
func searchesRunWhileAnIndexIsBuilt() throws {
    let w = try Workspace()
    defer { w.cleanup() }
    try w.corpus(300)
    let db = w.path("index/kb.sqlite")
    // Three writers one after the other: a full build, then two rounds of edits. After each,
    // the writer waits until the reader has searched and rendered the finished state, so the
    // reader sees at least three states however fast or loaded the machine is; searches
    // during the runs happen as the timing allows, and every one must be right.
    let state = WriterState()
    let writerDone = DispatchSemaphore(value: 0)
    let writer = Thread {
        func index() {
            state.set(running: true)
            _ = try? runKB(["index", w.path("notes"), "--db", db, "-q"])
            state.set(running: false)
            _ = state.readerCaughtUp.wait(timeout: .now() + 300)
        }
        index()
        for round in 0..<2 {
            for i in stride(from: round, to: 300, by: 3) {
                let file = w.path("notes/c\(i % 5)/note_\(i).md")
                if let h = FileHandle(forWritingAtPath: file) {
                    h.seekToEndOfFile()
                    h.write(Data("\nOne more granite sentence in round \(round).\n".utf8))
                    h.closeFile()
                }
            }
            index()
        }
        writerDone.signal()
    }
    writer.start()
    var searches = 0, searchesDuringWrites = 0, renders = 0, lastCount = 0
    var errors: [String] = [], afterRuns: [Int] = []
    // Until the writer is done (bounded by five minutes, for a loaded machine); the
    // assertions below wait for the writer either way.
    let deadline = Date().addingTimeInterval(300)
    while Date() < deadline, !writer.isFinished {
        let unseenRun = state.takeUnseenRun()
        let writing = state.isRunning
        do {
            let store = try Store(path: db, readOnly: true)
            let hits = try store.search(SearchRequest(query: "granite", limit: 100_000))
            for hit in hits.prefix(50) where !hit.text.lowercased().contains("granite") { errors.append("wrong hit: \(hit.text)") }
            // Notes are only added or grow: a search never sees fewer claims than the one before.
            if hits.count < lastCount { errors.append("went back from \(lastCount) to \(hits.count) hits") }
            lastCount = hits.count
            searches += 1
            if writing { searchesDuringWrites += 1 }
            // Reports read the same snapshot machinery: a topic page renders mid-write too.
            if unseenRun || (searches % 3 == 0 && !hits.isEmpty) {
                let renderer = try Renderer(store: store, options: RenderOptions(), plan: nil)
                let page = renderer.output(try renderer.topicPage(query: "granite"))
                if !page.lowercased().contains("granite") { errors.append("topic page without its topic") }
                renders += 1
            }
            if unseenRun { afterRuns.append(hits.count) }
        } catch let error as StoreError {
            if !error.description.contains("no index here yet") { errors.append(error.description) }
        }
        if unseenRun { state.readerCaughtUp.signal() }
        usleep(10_000)
    }
    writerDone.wait()
    #expect(errors.isEmpty, "\(errors.prefix(5))")
    #expect(!errors.contains { $0.contains("locked") })
    // The searches saw the index grow: one state after each run, each larger than the last.
    #expect(afterRuns.count == 3 && afterRuns == afterRuns.sorted() && Set(afterRuns).count == 3, "\(afterRuns)")
    #expect(renders >= 3)
    // A run of 300 notes lasts far longer than the 10 ms between searches.
    #expect(searchesDuringWrites >= 1)
    if ProcessInfo.processInfo.environment["KB_TEST_REPORT"] != nil {
        print("searches: \(searches), while indexing: \(searchesDuringWrites), renders: \(renders)")
    }
    // And through the binary, while nothing runs.
    let run = try runKB(["search", "granite", "--db", db, "--limit", "1"])
    #expect(run.status == 0, "\(run.stderr)")
}

@Test(.enabled(if: kbBinaryExists, "build kb first"))
func aSecondIndexWaitsOrSaysAnotherIsRunning() throws {
    let w = try Workspace()
    defer { w.cleanup() }
    try w.corpus(5)
    let db = w.path("index/kb.sqlite")
    let held = try IndexLock(databasePath: db)

    let refused = try runKB(["index", w.path("notes"), "--db", db, "--no-wait"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("waiting for another kb index on \(db)…"))
    #expect(refused.stderr.contains("kb: \(db): another kb index is still running on this index"))

    // Without --no-wait it waits, says so once, and runs when the lock is free.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kbBinaryPath)
    process.arguments = ["index", w.path("notes"), "--db", db]
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    usleep(700_000)
    #expect(process.isRunning, "waits while another run holds the lock")
    held.release()
    process.waitUntilExit()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0)
    #expect(stderr.components(separatedBy: "waiting for another kb index").count == 2, "\(stderr)")
    #expect(try Store(path: db, readOnly: true).totals().notes == 5)
}

private let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Root reads through chmod 000, so permission errors are tested as `nobody`.
@Test(.enabled(if: kbBinaryExists && geteuid() == 0 && setpriv != nil, "needs root, setpriv and the kb binary"))
func permissionDeniedIsReportedNeverTakenAsDeleted() throws {
    let w = try Workspace()
    defer { w.cleanup() }
    try w.write("notes/a.md", "---\ntitle: A\n---\n\nAlpha granite.\n")
    try w.write("notes/b.md", "---\ntitle: B\n---\n\nBeta granite.\n")
    try w.write("notes/sub/c.md", "---\ntitle: C\n---\n\nGamma granite.\n")
    try FileManager.default.createDirectory(atPath: w.path("index"), withIntermediateDirectories: true)
    #expect(chmod(w.path("index"), 0o777) == 0)
    let asNobody = [setpriv!, "--reuid=65534", "--regid=65534", "--clear-groups"]
    let db = w.path("index/kb.sqlite")
    func index() throws -> KBRun {
        try runKB(Array(asNobody.dropFirst()) + [kbBinaryPath, "index", w.path("notes"), "--db", db], executable: asNobody[0])
    }
    let first = try index()
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("3 indexed"))

    #expect(chmod(w.path("notes/a.md"), 0o000) == 0)
    #expect(chmod(w.path("notes/sub"), 0o000) == 0)
    defer { _ = chmod(w.path("notes/sub"), 0o755) }
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: w.path("notes/a.md"))
    let second = try index()
    #expect(second.status == 1)
    #expect(second.stderr.contains("error: a.md: cannot read: permission denied"), "\(second.stderr)")
    #expect(second.stderr.contains("error: sub: cannot read folder: permission denied"), "\(second.stderr)")
    #expect(second.stdout.contains("0 removed"), "\(second.stdout)")
    #expect(try Store(path: db, readOnly: true).totals().notes == 3)
}

/// `--rebuild` used to delete the files, and a search holding them open then failed
/// with "disk I/O error" (found by a search loop against rebuilds). It now empties
/// the index in one transaction.
@Test(.enabled(if: kbBinaryExists, "build kb first"))
func searchesRunWhileAnIndexIsRebuilt() throws {
    let w = try Workspace()
    defer { w.cleanup() }
    try w.corpus(150)
    let db = w.path("index/kb.sqlite")
    #expect(try runKB(["index", w.path("notes"), "--db", db, "-q"]).status == 0)
    let writerDone = DispatchSemaphore(value: 0)
    let writer = Thread {
        for _ in 0..<3 { _ = try? runKB(["index", w.path("notes"), "--db", db, "-q", "--rebuild"]) }
        writerDone.signal()
    }
    writer.start()
    var searches = 0, errors: [String] = []
    let deadline = Date().addingTimeInterval(300)
    // One connection kept open across rebuilds, as a long search or a server would.
    let kept = try Store(path: db, readOnly: true)
    while Date() < deadline, searches < 5_000, !writer.isFinished {
        for store in [kept, try Store(path: db, readOnly: true)] {
            do {
                _ = try store.search(SearchRequest(query: "granite", limit: 10))
                searches += 1
            } catch {
                errors.append("\(error)")
            }
        }
        usleep(5_000)
    }
    // The count is only 150 once the last rebuild is done: wait for it (the race that
    // failed a loaded full run, asserting while a rebuild was still writing).
    writerDone.wait()
    #expect(errors.isEmpty, "\(errors.prefix(3))")
    #expect(searches > 10)
    #expect(try Store(path: db, readOnly: true).totals().notes == 150)
}

@Test(.enabled(if: kbBinaryExists, "build kb first"))
func rebuildReplacesADamagedOrForeignFile() throws {
    let w = try Workspace()
    defer { w.cleanup() }
    try w.corpus(3)
    let db = w.path("kb.sqlite")
    try w.write("kb.sqlite", String(repeating: "not a database\n", count: 100))
    let refused = try runKB(["index", w.path("notes"), "--db", db])
    #expect(refused.status == 1)
    #expect(refused.stderr == "kb: \(db): not a kb index (not an SQLite database)\n")
    let rebuilt = try runKB(["index", w.path("notes"), "--db", db, "--rebuild", "-q"])
    #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
    #expect(try Store(path: db, readOnly: true).totals().notes == 3)
}
