import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index notes into the search index, reading only what changed.",
        discussion: """
            Reads every .md file under each PATH (default: notes/), and the transcripts there: \
            .srt, .vtt, Whisper .json, and .md or .txt files that are mostly speaker turns \
            (docs/transcripts.md). A second run reads only files \
            whose size or time changed and re-parses only those whose content changed; files that \
            are gone leave the index, but never files under a folder that could not be read. \
            Prints what happened: files indexed (transcripts among them), unchanged, removed and \
            failed; the notes, claims, timestamps (and how many are unreadable), links (and how \
            many are unresolved), transcripts and passages the index now holds; warnings and time taken.

            A README.md directly in a folder given (any case) describes the corpus and is \
            skipped, with a line on stderr; deeper down, or given as a file, it is a note. A \
            .kbignore in a folder given lists, in gitignore's syntax, files and folders under it \
            not to index (#, *, **, ?, trailing / for folders, leading / for the folder itself, \
            ! to re-include). A folder with no note or transcript says "no notes under PATH".

            The index is --db, else $KB_DB, else the nearest index/kb.sqlite in the current \
            folder or a parent, else index/kb.sqlite here (created with its folder). A run that \
            fails before indexing anything leaves no new index or index folder behind.

            A second kb index on the same index waits for the first to finish (it says so on \
            stderr), or with --no-wait fails at once. Searches run meanwhile and see the last \
            committed state.

            Exit status: 0 when every file was indexed (warnings allowed), 1 when some failed \
            (the rest is still indexed), 64 on a usage error.
            """)

    @Argument(help: "Folders or files to index.", completion: .directory)
    var paths: [String] = ["notes"]

    @OptionGroup var database: DatabaseOption

    @Flag(help: "Delete the index and build it again from scratch.")
    var rebuild = false

    @Flag(help: "When another kb index runs on the same index, fail at once instead of waiting for it.")
    var noWait = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// How many warnings text output lists before it only counts them.
    static let warningsShown = 20

    func run() throws {
        let db = database.path
        var failedFiles = false
        try guarded {
            // Folders and files this run makes are taken back when it fails with nothing indexed.
            let fresh = try FreshIndex(databasePath: db)
            let report: IndexReport
            do {
                report = try index(into: db)
            } catch {
                fresh.undo()
                throw error
            }
            failedFiles = report.failed > 0
            if failedFiles { fresh.undo() }
            printNotices(report)
            switch format {
            case .json: try Output.printJSON(IndexJSON(report))
            case .text: printText(report)
            }
        }
        if failedFiles { throw ExitCode.failure }
    }

    /// Runs the indexer on the index at `db`, holding its lock; the store and the lock are
    /// closed when it returns.
    private func index(into db: String) throws -> IndexReport {
        // One kb index per index at a time: the next waits (or, with --no-wait, fails).
        let lock = try IndexLock(databasePath: db, timeout: noWait ? 0 : nil) { Output.printError($0) }
        defer { lock.release() }
        let store: Store
        if rebuild {
            // Emptied in place, so that searches running meanwhile never lose their file;
            // a file that does not open as a kb index is deleted instead.
            if let existing = try? Store(path: db), existing.passesQuickCheck, (try? existing.removeAll()) != nil {
                store = existing
            } else {
                try Self.removeIndex(at: db)
                store = try Store(path: db)
            }
        } else {
            store = try Store(path: db)
        }
        var indexer = Indexer(store: store)
        let bar = ProgressBar(verb: "indexing", noun: "notes", quiet: quiet)
        indexer.progress = { done, total in
            bar.update(done, of: total)
            if done >= total { bar.phase("indexing: resolving links and speakers…") }
        }
        defer { bar.finish() }
        return try indexer.run(paths: paths)
    }

    /// One line on stderr for each README passed over (not with --quiet or in JSON) and each
    /// folder without notes (not with --quiet).
    private func printNotices(_ r: IndexReport) {
        guard !quiet else { return }
        if format == .text {
            for readme in r.skippedReadmes { Output.printError("kb: \(readme) skipped: a folder's README is not a note") }
        }
        for folder in r.foldersWithoutNotes { Output.printError("kb: no notes under \(folder)") }
    }

    private func printText(_ r: IndexReport) {
        for e in r.errors { Output.printError("kb: error: \(e)") }
        guard !quiet else { return }
        for w in r.warnings.prefix(Self.warningsShown) { Output.printError("kb: warning: \(w)") }
        if r.warnings.count > Self.warningsShown {
            Output.printError("kb: warning: … and \(r.warnings.count - Self.warningsShown) more (kb index --format json lists them all)")
        }
        let t = r.totals
        let ofWhich = r.transcriptsIndexed > 0 ? " (\(r.transcriptsIndexed) transcripts)" : ""
        print("files: \(r.indexed) indexed\(ofWhich), \(r.unchanged) unchanged, \(r.removed) removed, \(r.failed) failed")
        let transcripts = t.transcripts > 0 ? ", \(t.transcripts) transcripts (\(t.passages) passages)" : ""
        print("index: \(t.notes) notes, \(t.claims) claims, \(t.timestamps) timestamps (\(t.unreadableTimestamps) unreadable), \(t.links) links (\(t.unresolvedLinks) unresolved)\(transcripts)")
        print("\(r.warnings.count) warnings, \(String(format: "%.2f", r.seconds)) s")
    }

    static func removeIndex(at path: String) throws {
        for suffix in ["", "-wal", "-shm", ".links-pending"] {
            let file = path + suffix
            guard FileManager.default.fileExists(atPath: file) else { continue }
            do {
                try FileManager.default.removeItem(atPath: file)
            } catch {
                throw CommandError.failure("\(file): cannot delete for --rebuild: \(error.localizedDescription)")
            }
        }
    }
}

/// The JSON `kb index --format json` prints.
struct IndexJSON: Encodable {
    var indexed, unchanged, removed, failed, claims, timestamps: Int
    var unreadable_timestamps, links, unresolved_links, notes: Int
    /// Transcripts read this run (of `indexed`), and what the index holds.
    var transcripts_indexed, transcripts, passages: Int
    var warnings: [DiagnosticJSON]
    var errors: [DiagnosticJSON]
    var seconds: Double

    init(_ r: IndexReport) {
        indexed = r.indexed
        unchanged = r.unchanged
        removed = r.removed
        failed = r.failed
        notes = r.totals.notes
        claims = r.totals.claims
        timestamps = r.totals.timestamps
        unreadable_timestamps = r.totals.unreadableTimestamps
        links = r.totals.links
        unresolved_links = r.totals.unresolvedLinks
        transcripts_indexed = r.transcriptsIndexed
        transcripts = r.totals.transcripts
        passages = r.totals.passages
        warnings = r.warnings.map(DiagnosticJSON.init)
        errors = r.errors.map(DiagnosticJSON.init)
        seconds = (r.seconds * 1000).rounded() / 1000
    }
}

struct DiagnosticJSON: Encodable {
    var file: String
    var line: Int?
    var message: String
    init(_ d: Diagnostic) {
        file = d.file
        line = d.line
        message = d.message
    }
}
