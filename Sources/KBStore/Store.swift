import KBModel
import KBExtract
import Foundation

/// The index: the only place that speaks SQL.
///
/// One `Store` is one connection; use it from one thread. Writers take
/// `BEGIN IMMEDIATE` transactions, so readers in other processes keep reading the
/// last committed state while an index is built (WAL).
public final class Store {
    package let db: Database
    public let path: String
    /// `claim_lengths` rows whose claims were written in this transaction.
    var lengthChunksToRefresh = Set<Int64>()
    /// The first `passages` row written in this transaction whose text `passages_fts` has
    /// not had yet (Store+Transcripts, `indexPendingPassages`).
    var firstPassageToIndex: Int64?
    /// The index's tokenizer, for search (Store+Search); made on first use.
    lazy var tokenizer: FTSTokenizer? = try? FTSTokenizer(db: db)
    /// `kb_rank`'s state on this connection (the last query's idf, for search).
    let ranking: ClaimRank.Connection

    /// Opens the index at `path`, creating it (and its folder) unless `readOnly`.
    ///
    /// A file that is not a kb index is refused; an index from an older schema is
    /// emptied so that the next `kb index` rebuilds it. A read-only connection maps the
    /// file into memory unless `mapsFile` is false (`Database`).
    public init(path: String, readOnly: Bool = false, mapsFile: Bool = true) throws {
        self.path = path
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.index(path: path, message: "no index here yet: run kb index first")
            }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw StoreError.index(path: path, message: "cannot create the index folder: \(error.localizedDescription)")
                }
            }
        }
        db = try Database(path: path, readOnly: readOnly, mapsFile: mapsFile)
        ranking = try ClaimRank.register(on: db)
        try migrate(readOnly: readOnly)
        if !readOnly {
            try db.execute(Schema.createIndexes)
            setTextIndexMemory()
        }
    }

    /// Lets FTS5 gather `Schema.ftsHashBytes` of new terms in memory before it writes them
    /// out, on indexes that do not have it yet.
    ///
    /// Why: by default FTS5 writes a new segment each time its pending terms pass 1 MB, and
    /// merges segments as they pile up; transcripts are the bulk of what kb writes (85 MB of
    /// text in the 1,000-hour bench) and that merging cost about a fifth of writing their text
    /// index in the sqlite3 shell (docs/performance.md, "Transcripts"). `hashsize` is an
    /// FTS5 configuration option (fts5_config.c) that SQLite's documentation does not list; it is
    /// stored in the table's `_config` row, so it is set once per index. An SQLite that refused
    /// it would only be slower, so a failure is ignored. `textIndexesGatherTermsInMemory` checks it.
    private func setTextIndexMemory() {
        for table in ["passages_fts", "claims_fts"] {
            // Only where the table is known to lack it (a failed look leaves the table alone).
            guard (try? db.rows("SELECT 1 FROM \(table)_config WHERE k = 'hashsize'").isEmpty) == true else { continue }
            try? db.transaction {
                try db.run("INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', ?)", Schema.ftsHashBytes)
            }
        }
    }

    private func migrate(readOnly: Bool) throws {
        // One statement, so one snapshot: read one by one, a search opening the index while
        // `kb index` created it could see no application id and then the new tables, and
        // call the index "not a kb index".
        let state = try db.rows("""
            SELECT (SELECT application_id FROM pragma_application_id) AS application_id,
                   (SELECT user_version FROM pragma_user_version) AS user_version,
                   (SELECT count(*) FROM sqlite_master WHERE type = 'table') AS tables
            """).first
        let appID = state?.int("application_id") ?? 0
        let version = Int(state?.int("user_version") ?? 0)
        let tableCount = state?.int("tables") ?? 0
        if appID != Schema.applicationID {
            guard tableCount == 0 else { throw StoreError.index(path: path, message: "not a kb index") }
            guard !readOnly else { throw StoreError.index(path: path, message: "no index here yet: run kb index first") }
            try db.transaction {
                try db.execute(Schema.create)
                try db.execute("PRAGMA application_id = \(Schema.applicationID)")
                try db.setUserVersion(Schema.version)
            }
            return
        }
        if version > Schema.version {
            throw StoreError.index(path: path, message: "written by a newer kb (schema \(version), this kb reads \(Schema.version))")
        }
        if version < Schema.version {
            guard !readOnly else {
                throw StoreError.index(path: path, message: "the index is from an older kb: run kb index to rebuild it")
            }
            // Everything in the index comes from the notes, so an old index is rebuilt, not converted.
            try db.transaction { try recreateTables() }
        }
    }

    /// Runs `body` in one write transaction.
    public func write<T>(_ body: () throws -> T) throws -> T {
        do {
            return try db.transaction(immediate: true) {
                let result = try body()
                try indexPendingPassages()
                try refreshClaimLengths()
                return result
            }
        } catch {
            // Rolled back: what was pending went with it.
            firstPassageToIndex = nil
            lengthChunksToRefresh.removeAll()
            throw error
        }
    }

    /// Runs `body` (which opens its own transactions) with foreign-key checks off.
    ///
    /// For the batch writes of `Indexer`: each inserted row would cost a lookup of
    /// its parent, which `save` has just written, and `save` deletes a note's old rows
    /// itself rather than through cascades. The setting is this connection's only.
    public func withoutForeignKeyChecks<T>(_ body: () throws -> T) throws -> T {
        try db.execute("PRAGMA foreign_keys=OFF")
        let result: T
        do {
            result = try body()
        } catch {
            // The body's error is the one to report; the checks come back if they can.
            try? db.execute("PRAGMA foreign_keys=ON")
            throw error
        }
        // Later writes on this connection (links, speakers) rely on the cascades.
        try db.execute("PRAGMA foreign_keys=ON")
        return result
    }

    /// Runs `body` (which opens its own transactions) with the secondary indexes
    /// dropped, then builds them in one pass.
    ///
    /// For the first build of an index: SQLite sorts a table's rows once to build an
    /// index far faster than it can insert them into one as they come. Should the run
    /// die in between, the next open for writing creates what is missing.
    /// `keeping` names indexes left in place for what reads the tables meanwhile.
    public func withIndexesDeferred<T>(if condition: Bool = true, keeping: Set<String> = [], _ body: () throws -> T) throws -> T {
        guard condition else { return try body() }
        try write {
            for name in Schema.indexNames where !keeping.contains(name) { try db.execute("DROP INDEX IF EXISTS \(name)") }
        }
        let result: T
        do {
            result = try body()
        } catch {
            try? write { try db.execute(Schema.createIndexes) }
            throw error
        }
        try write { try db.execute(Schema.createIndexes) }
        return result
    }

    /// Whether a second connection can open this index (not one in memory).
    public var canOpenAgain: Bool { Self.isFile(path) }

    /// Whether `path` names a file, not SQLite's in-memory (`:memory:`) or temporary ("") database.
    package static func isFile(_ path: String) -> Bool { !path.isEmpty && path != ":memory:" }

    /// Starts `read` on another thread through a read connection of its own (not mapping the
    /// file, as `ReadConnections`), so that this one stays free meanwhile. An index in memory
    /// cannot be opened twice: there `read` runs now, on this connection.
    package func readInBackground<Value: Sendable>(_ read: @escaping @Sendable (Store) throws -> Value)
        -> BackgroundJob<Result<Value, Error>> {
        guard canOpenAgain else {
            let done = Result { try read(self) }
            return BackgroundJob { done }
        }
        let path = self.path
        return BackgroundJob { Result { try read(Store(path: path, readOnly: true, mapsFile: false)) } }
    }

    /// Read connections of their own for worker threads (`ReadConnections`); for an index in
    /// memory, which cannot be opened again, this connection, for this thread only.
    package func readConnections() -> ReadConnections {
        canOpenAgain ? ReadConnections(path: path) : ReadConnections(only: self)
    }

    /// `work(connection, k)` for each part k in `0..<parts`, done ahead on the other cores,
    /// each thread reading through a connection of its own (`readConnections`), and handed
    /// to this thread in order (`OrderedWork`, at most `ahead` parts done and not taken),
    /// which does parts itself rather than wait. For an index in memory every part is done
    /// on this thread, on this connection, when `next()` asks for it. The caller stops it
    /// (`stop()`) when it ends early.
    package func readAhead<Value: Sendable>(parts: Int, ahead: Int, _ work: @escaping @Sendable (Store, Int) throws -> Value)
        -> OrderedWork<Result<Value, Error>> {
        let connections = readConnections()
        let helpers = canOpenAgain ? max(0, ProcessInfo.processInfo.activeProcessorCount - 1) : 0
        return OrderedWork(parts: parts, ahead: ahead, helpers: helpers) { k in
            Result { try connections.with { try work($0, k) } }
        }
    }

    /// Runs `body` in one read transaction, so that its queries see one state.
    public func read<T>(_ body: () throws -> T) throws -> T {
        try db.transaction(immediate: false, body)
    }
}

// MARK: - Writing notes

/// What the index knows of a file, to decide whether it must be read again.
public struct FileRecord: Sendable, Hashable {
    /// What the file was read as: a note or a transcript (their ids are in different tables).
    public enum Kind: String, Sendable, Hashable {
        case note, transcript
    }

    public var kind: Kind = .note
    public var id: Int64
    public var file: String
    public var path: String
    public var size: Int
    public var mtime: Int64
    public var hash: String
    /// What other notes' links can resolve to; a change means links are resolved anew.
    public var linkKeys: String
    /// The note's video, whose speakers change when the note does.
    public var videoID: String?
}

extension Store {
    /// Every indexed file, notes and transcripts, by absolute path.
    public func fileRecords() throws -> [String: FileRecord] {
        var records: [String: FileRecord] = [:]
        try db.prepare("SELECT id, file, path, size, mtime, hash, slug, title, aliases, video_id FROM notes").forEachRow([]) { row in
            let file = row.string("file") ?? ""
            records[file] = FileRecord(
                id: row.int("id") ?? 0, file: file, path: row.string("path") ?? "", size: Int(row.int("size") ?? -1),
                mtime: row.int("mtime") ?? -1, hash: row.string("hash") ?? "",
                linkKeys: Self.linkKeys(slug: row.string("slug") ?? "", title: row.string("title"), aliases: row.string("aliases")),
                videoID: row.string("video_id"))
        }
        try db.prepare("SELECT id, file, path, size, mtime, hash, video_id FROM transcripts").forEachRow([]) { row in
            let file = row.string("file") ?? ""
            records[file] = FileRecord(
                kind: .transcript, id: row.int("id") ?? 0, file: file, path: row.string("path") ?? "", size: Int(row.int("size") ?? -1),
                mtime: row.int("mtime") ?? -1, hash: row.string("hash") ?? "", linkKeys: "", videoID: row.string("video_id"))
        }
        return records
    }

    package static func linkKeys(slug: String, title: String?, aliases: String?) -> String {
        [slug, title ?? "", aliases ?? ""].joined(separator: "\u{1F}")
    }

    /// Records a new size and time for a file whose content did not change.
    public func touch(_ id: Int64, size: Int, mtime: Int64) throws {
        try db.run("UPDATE notes SET size = ?, mtime = ? WHERE id = ?", size, mtime, id)
    }

    /// Removes a note and everything that came from it.
    ///
    /// Its rows are deleted one table at a time rather than by the foreign keys' cascade:
    /// `kb index` writes with foreign-key checks off (`withoutForeignKeyChecks`), and a
    /// note read again as a transcript is removed there.
    public func delete(_ id: Int64) throws {
        try deleteContent(ofNote: id)
        try db.run("UPDATE links SET resolved = NULL WHERE resolved = ?", id)
        try db.run("DELETE FROM notes WHERE id = ?", id)
    }

    /// Everything that came from a note's text, leaving the note's row.
    private func deleteContent(ofNote id: Int64) throws {
        try db.run("DELETE FROM claims_fts WHERE rowid IN (SELECT id FROM claims WHERE note = ?)", id)
        try db.run("DELETE FROM alignments WHERE claim IN (SELECT id FROM claims WHERE note = ?)", id)
        for table in ["figures", "timestamps", "links", "mentions", "claims", "videos", "headings", "warnings"] {
            let column = table == "links" ? "source" : (table == "videos" ? "index_note" : "note")
            try db.run("DELETE FROM \(table) WHERE \(column) = ?", id)
        }
    }

    /// Writes a note, replacing what the index held for its file. Keeps the note's
    /// id, so links from other notes stay resolved. Call inside `write`.
    @discardableResult
    public func save(_ note: Note, file: NoteFile, hash: String, existing: Int64?) throws -> Int64 {
        let aliases = note.aliases.isEmpty ? nil : Self.jsonArray(note.aliases)
        let now = Int64(Date().timeIntervalSince1970)
        let id: Int64
        if let existing {
            id = existing
            try deleteContent(ofNote: id)
            try db.run("""
                UPDATE notes SET path = ?, slug = ?, title = ?, video_id = ?, channel = ?, channel_name = ?,
                    aliases = ?, frontmatter = ?, hash = ?, size = ?, mtime = ?, indexed_at = ? WHERE id = ?
                """, file.path, note.slug, note.title, note.videoID, note.channel, note.channelName,
                aliases, note.extraFrontmatter, hash, file.size, file.mtime, now, id)
        } else {
            try db.run("""
                INSERT INTO notes(file, path, slug, title, video_id, channel, channel_name, aliases, frontmatter,
                    hash, size, mtime, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, file.file, file.path, note.slug, note.title, note.videoID, note.channel, note.channelName,
                aliases, note.extraFrontmatter, hash, file.size, file.mtime, now)
            id = db.lastInsertRowID
        }

        let title = note.title ?? note.slug
        // Looked up once per note: finding a cached statement hashes its SQL text.
        let insert = try Inserts(db)
        for claim in note.claims {
            let section = claim.section.joined(separator: Self.sectionSeparator)
            try insert.claim.execute(id, section, claim.ordinal, claim.text, claim.markdown, claim.line, claim.lead)
            let claimID = db.lastInsertRowID
            try insert.fts.execute(claimID, claim.text, title, section)
            lengthChunksToRefresh.insert(claimID >> ClaimRank.chunkShift)
            try saveTimestamps(claim.timestamps, note: id, claim: claimID, insert.timestamp)
            try saveFigures(claim.figures, note: id, claim: claimID, insert.figure)
            try saveLinks(claim.links, note: id, claim: claimID, insert.link)
        }
        try saveTimestamps(note.otherTimestamps, note: id, claim: nil, insert.timestamp)
        try saveLinks(note.otherLinks, note: id, claim: nil, insert.link)
        let insertVideo = try db.cached("INSERT OR IGNORE INTO videos(video_id, title, channel, index_note, line) VALUES (?, ?, ?, ?, ?)")
        for video in note.videos {
            try insertVideo.execute(video.videoID, video.title, note.channel ?? Self.folderName(file.path), id, video.line)
        }
        let insertHeading = try db.cached("INSERT INTO headings(note, line, level, title) VALUES (?, ?, ?, ?)")
        for h in note.headings { try insertHeading.execute(id, h.line, h.level, h.title) }
        let insertWarning = try db.cached("INSERT INTO warnings(note, line, message) VALUES (?, ?, ?)")
        for w in note.warnings { try insertWarning.execute(id, w.line, w.message) }
        return id
    }

    /// Copies the length of each claim written in this transaction from the FTS index
    /// into `claim_lengths`, which `kb_rank` reads; every `write` ends with it.
    func refreshClaimLengths() throws {
        guard !lengthChunksToRefresh.isEmpty else { return }
        let read = try db.cached("SELECT id, sz FROM claims_fts_docsize WHERE id >= ? AND id < ?")
        let save = try db.cached("INSERT OR REPLACE INTO claim_lengths(chunk, lengths) VALUES (?, ?)")
        for chunk in lengthChunksToRefresh.sorted() {
            let first = chunk << ClaimRank.chunkShift
            var lengths = [UInt16](repeating: 0, count: ClaimRank.chunkSize)
            try read.forEachRow([first, first + Int64(ClaimRank.chunkSize)]) { row in
                let total = ClaimRank.totalTokens(docsize: row.blob("sz") ?? [])
                // 0 means unknown: kb_rank then asks FTS5, as for a claim too long for 16 bits.
                lengths[Int((row.int("id") ?? first) - first)] = UInt16(exactly: total) ?? 0
            }
            try save.execute(chunk, ClaimRank.encode(lengths))
        }
        lengthChunksToRefresh.removeAll()
    }

    /// Joins a claim's heading path in the `section` column.
    public static let sectionSeparator = " › "

    /// A `section` column split at `sectionSeparator`, as `components(separatedBy:)`
    /// splits it (between Characters, keeping empty parts), but found over the bytes:
    /// Foundation's search compared Characters, and a site splits every section it shows.
    static func sectionPath(_ column: String) -> [String] {
        let separator = Array(sectionSeparator.utf8)
        let utf8 = column.utf8
        var parts: [String] = []
        var partStart = column.startIndex
        var i = utf8.startIndex
        while let hit = utf8[i...].firstIndex(of: separator[0]) {
            let end = utf8.index(hit, offsetBy: separator.count, limitedBy: utf8.endIndex) ?? utf8.endIndex
            if utf8[hit..<end].elementsEqual(separator), let from = hit.samePosition(in: column),
               let to = end.samePosition(in: column) {
                parts.append(String(column[partStart..<from]))
                partStart = to
                i = end
            } else {
                i = utf8.index(after: hit)
            }
        }
        parts.append(String(column[partStart...]))
        return parts
    }

    /// The statements `save` runs per claim.
    private struct Inserts {
        let claim, fts, timestamp, figure, link: Statement

        init(_ db: Database) throws {
            claim = try db.cached("INSERT INTO claims(note, section, ordinal, text, markdown, line, lead) VALUES (?, ?, ?, ?, ?, ?, ?)")
            fts = try db.cached("INSERT INTO claims_fts(rowid, text, title, section) VALUES (?, ?, ?, ?)")
            timestamp = try db.cached("INSERT INTO timestamps(note, claim, seconds, raw, form, line, video_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
            figure = try db.cached("""
                INSERT INTO figures(claim, note, ordinal, start, end, surface, kind, low, high, unit, bound, approx,
                    per, per_qty, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            link = try db.cached("INSERT INTO links(source, claim, target, heading, label, embed, line) VALUES (?, ?, ?, ?, ?, ?, ?)")
        }
    }

    private func saveTimestamps(_ stamps: [Moment], note: Int64, claim: Int64?, _ insert: Statement) throws {
        for t in stamps { try insert.execute(note, claim, t.seconds, t.raw, t.form.rawValue, t.line, t.video) }
    }

    private func saveFigures(_ figures: [Figure], note: Int64, claim: Int64, _ insert: Statement) throws {
        guard !figures.isEmpty else { return }
        var ids: [Int64] = []
        for (i, f) in figures.enumerated() {
            try insert.execute(claim, note, i, f.start, f.end, f.surface, f.kind.rawValue, f.low, f.high, f.unit,
                               f.bound.rawValue, f.approx, f.per, f.perQuantity, f.subject)
            ids.append(db.lastInsertRowID)
        }
        // "from X to Y": each side points at the other, once both have ids.
        for (i, f) in figures.enumerated() {
            if let other = f.linkedTo, ids.indices.contains(other) {
                try db.run("UPDATE figures SET linked = ? WHERE id = ?", ids[other], ids[i])
            }
        }
    }

    private func saveLinks(_ links: [WikiLink], note: Int64, claim: Int64?, _ insert: Statement) throws {
        for l in links { try insert.execute(note, claim, l.target, l.heading, l.label, l.isEmbed, l.line) }
    }

    private static func folderName(_ path: String) -> String? {
        let parts = path.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : nil
    }

    /// Ids as one JSON array, to bind to a single parameter read by `json_each(?)`: a
    /// statement for any number of ids, prepared once.
    package static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    package static func jsonArray(_ strings: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: strings)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeJSONArray(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8),
              let list = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return list
    }
}

// MARK: - Resolving links

extension Store {
    /// Resolves wiki-links to notes with one lookup map, in the order the notes'
    /// generator implies: exact file stem; the target's slug; case-folded stem;
    /// a note's title or alias. Among several matches the linking note's own folder
    /// wins. `sources` limits the work to links from those notes and links still
    /// unresolved; nil resolves every link, `page` links at a time. Returns how many
    /// links changed.
    @discardableResult
    public func resolveLinks(sources: Set<Int64>?, page pageSize: Int = 8192) throws -> Int {
        var resolver = LinkResolver()
        try db.prepare("SELECT id, file, slug, title, aliases FROM notes").forEachRow([]) { row in
            resolver.add(id: row.int("id") ?? 0, slug: row.string("slug") ?? "", title: row.string("title"),
                         aliases: Self.decodeJSONArray(row.string("aliases")), folder: LinkResolver.folder(of: row.string("file") ?? ""))
        }
        var updates: [(Int64, Int64?)] = []
        let visit: (RowCursor) throws -> Void = { row in
            let linkID = row.int("id") ?? 0
            let source = row.int("source") ?? 0
            let target = row.string("target") ?? ""
            let current = row.int("resolved")
            let resolved = target.isEmpty ? source : resolver.resolve(target, fromNote: source)
            if resolved != current { updates.append((linkID, resolved)) }
        }
        let update = try db.cached("UPDATE links SET resolved = ? WHERE id = ?")
        var changed = 0
        func apply() throws {
            for (id, resolved) in updates { try update.execute(resolved, id) }
            changed += updates.count
            updates.removeAll(keepingCapacity: true)
        }
        if let sources {
            let query = try db.prepare("SELECT id, source, target, resolved FROM links WHERE source = ?")
            for source in sources { try query.forEachRow([source], visit) }
            try db.prepare("SELECT id, source, target, resolved FROM links WHERE resolved IS NULL").forEachRow([], visit)
            try apply()
        } else {
            // A page of links at a time, its changes written before the next is read: the
            // changes of every link at once took 38 MB at 100,000 notes.
            let page = try db.prepare("SELECT id, source, target, resolved FROM links WHERE id > ? ORDER BY id LIMIT ?")
            var after: Int64 = 0
            while true {
                var last: Int64?
                try page.forEachRow([after, Int64(pageSize)]) { row in
                    last = row.int("id")
                    try visit(row)
                }
                try apply()
                guard let last else { break }
                after = last
            }
        }
        return changed
    }
}

/// The lookup map behind link resolution.
package struct LinkResolver {
    /// The notes a key names: most keys name one, kept without an array of its own.
    private struct Matches {
        var first: Int64
        var more: [Int64] = []

        var all: [Int64] { [first] + more }
    }

    package init() {}

    private var stems: [String: Matches] = [:]
    private var folded: [String: Matches] = [:]
    private var titles: [String: Matches] = [:]
    /// Titles and aliases put through the slug rule.
    private var titleSlugs: [String: Matches] = [:]
    /// Each note's folder, as a number `folderIndex` gives it: a folder holds many notes.
    private var folderOf: [Int64: Int32] = [:]
    private var folderIndex: [String: Int32] = [:]

    private static func add(_ id: Int64, to map: inout [String: Matches], at key: String) {
        if map[key] == nil { map[key] = Matches(first: id) } else { map[key]!.more.append(id) }
    }

    /// `derived`, or `original` when they are equal: the two then share one storage.
    private static func shared(_ derived: String, _ original: String) -> String {
        derived == original ? original : derived
    }

    package mutating func add(id: Int64, slug: String, title: String?, aliases: [String], folder: String) {
        if let k = folderIndex[folder] {
            folderOf[id] = k
        } else {
            let k = Int32(folderIndex.count)
            folderIndex[folder] = k
            folderOf[id] = k
        }
        Self.add(id, to: &stems, at: slug)
        Self.add(id, to: &folded, at: Self.shared(WikiLinks.fold(slug), slug))
        for name in [title].compactMap({ $0 }) + aliases {
            Self.add(id, to: &titles, at: Self.shared(WikiLinks.fold(name), name))
            let slugged = WikiLinks.slug(name)
            if !slugged.isEmpty { Self.add(id, to: &titleSlugs, at: Self.shared(slugged, slug)) }
        }
    }

    /// The folder of a note's absolute file path, as links compare them: like
    /// `NSString.deletingLastPathComponent` on such paths, without its bridging (which,
    /// for every note of a 20,000-note index, took most of a one-file re-index).
    package static func folder(of file: String) -> String {
        guard let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == file.utf8.startIndex ? "/" : String(file[..<slash])
    }

    package func resolve(_ target: String, from folder: String) -> Int64? {
        resolve(target, fromFolder: folderIndex[folder])
    }

    /// `resolve(_:from:)` from the folder of note `source`, which must have been added.
    package func resolve(_ target: String, fromNote source: Int64) -> Int64? {
        resolve(target, fromFolder: folderOf[source])
    }

    private func resolve(_ target: String, fromFolder folder: Int32?) -> Int64? {
        guard let matches = matches(target) else { return nil }
        guard !matches.more.isEmpty else { return matches.first }
        let ids = matches.all
        return ids.first { folder != nil && folderOf[$0] == folder } ?? ids.min()
    }

    /// Every note `target` names by the first rule that names any: its slug as written, as a
    /// slug, case-folded, then a title or alias, as written or as a slug. A link chooses among
    /// them by folder (`resolve`); a name a user types lists them (`Store.resolveNote`).
    package func candidates(_ target: String) -> [Int64] {
        matches(target)?.all ?? []
    }

    private func matches(_ target: String) -> Matches? {
        let slugged = WikiLinks.slug(target)
        let lower = WikiLinks.fold(target)
        let rules = [stems[target], stems[slugged], folded[lower], titles[lower],
                     slugged.isEmpty ? nil : titleSlugs[slugged]]
        for case let matches? in rules { return matches }
        return nil
    }
}

// MARK: - Counts

/// What the index holds.
public struct IndexTotals: Sendable, Hashable, Codable {
    public var notes = 0
    public var claims = 0
    public var timestamps = 0
    public var unreadableTimestamps = 0
    public var links = 0
    public var unresolvedLinks = 0
    public var transcripts = 0
    public var passages = 0

    public init() {}
}

extension Store {
    public func totals() throws -> IndexTotals {
        var t = IndexTotals()
        t.notes = Int(try db.scalarInt("SELECT count(*) FROM notes") ?? 0)
        t.claims = Int(try db.scalarInt("SELECT count(*) FROM claims") ?? 0)
        t.timestamps = Int(try db.scalarInt("SELECT count(*) FROM timestamps") ?? 0)
        t.unreadableTimestamps = Int(try db.scalarInt("SELECT count(*) FROM timestamps WHERE seconds IS NULL") ?? 0)
        t.links = Int(try db.scalarInt("SELECT count(*) FROM links") ?? 0)
        t.unresolvedLinks = Int(try db.scalarInt("SELECT count(*) FROM links WHERE resolved IS NULL") ?? 0)
        t.transcripts = Int(try db.scalarInt("SELECT count(*) FROM transcripts") ?? 0)
        t.passages = Int(try db.scalarInt("SELECT count(*) FROM passages") ?? 0)
        return t
    }
}

/// Read-only connections to one index, lent to one thread at a time: for work that reads on
/// several threads while the writing connection writes. Opened when first needed and kept
/// until this is dropped. They do not map the file (`Store.init`'s `mapsFile`): such work
/// reads much of the index, and mapped pages count in the process's memory (at 20,000
/// notes a first build peaked at 576 MB with them mapped).
package final class ReadConnections: @unchecked Sendable {
    private let path: String
    /// The one connection lent, for an index in memory.
    private let only: Store?
    // Guarded by `lock`:
    private let lock = NSLock()
    private var idle: [Store] = []

    init(path: String) {
        self.path = path
        only = nil
    }

    init(only store: Store) {
        path = store.path
        only = store
    }

    /// Runs `body` with a connection no other thread uses meanwhile.
    package func with<T>(_ body: (Store) throws -> T) throws -> T {
        if let only { return try body(only) }
        let store = try lock.withLock { idle.popLast() } ?? Store(path: path, readOnly: true, mapsFile: false)
        defer { lock.withLock { idle.append(store) } }
        return try body(store)
    }
}

