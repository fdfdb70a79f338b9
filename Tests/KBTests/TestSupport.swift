import Foundation
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// `<a class="yt-timestamp" data-t="T">[T]</a>`, the anchor the notes cite with.
func anchor(_ t: String) -> String {
    "<a class=\"yt-timestamp\" data-t=\"\(t)\">[\(t)]</a>"
}

/// A note's text with frontmatter (3 lines plus the closing fence) and a blank line.
func noteText(title: String = "Test Note", videoID: String? = "vidAAAAAAAA", _ body: String) -> String {
    var front = "---\ntitle: \(title)\n"
    if let videoID { front += "videoId: \(videoID)\n" }
    return front + "---\n\n" + body
}

/// Extracts a note from text, as the indexer would.
func extract(_ text: String, path: String = "test_note.md") -> Note {
    NoteExtractor.extract(path: path, text: text)
}

/// A fresh folder under the system temp dir; `cleanup()` removes it.
struct TempFolder {
    let url: URL

    init(_ prefix: String = "kb-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// Writes a file, creating its folders.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, data: Data(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, data: Data) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path(relative))
    }

    /// A store at `kb.sqlite` in this folder with the notes under `notes` indexed.
    func indexedStore(_ notes: String = "notes") throws -> Store {
        let store = try Store(path: path("kb.sqlite"))
        _ = try Indexer(store: store).run(paths: [path(notes)])
        return store
    }

    func cleanup() {
        _ = chmod(url.path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
}

extension Store {
    /// Rows of a query, for assertions on internal tables.
    func sql(_ query: String, _ args: SQLBindable...) throws -> [Row] {
        let statement = try db.prepare(query)
        return try statement.rows(arguments: args)
    }

    func count(_ query: String, _ args: SQLBindable...) throws -> Int {
        let statement = try db.prepare(query)
        return Int(try statement.rows(arguments: args).first?.int(0) ?? -1)
    }

    /// Where each link of the note at `path` resolved: target → resolved note's path (nil when unresolved).
    func resolvedLinks(from path: String) throws -> [String: String?] {
        var out: [String: String?] = [:]
        for row in try sql("""
            SELECT l.target, r.path FROM links l JOIN notes n ON n.id = l.source
            LEFT JOIN notes r ON r.id = l.resolved WHERE n.path = ? ORDER BY l.id
            """, path) {
            out[row.string(0) ?? ""] = .some(row.string(1))
        }
        return out
    }
}
