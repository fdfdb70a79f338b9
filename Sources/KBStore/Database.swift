import KBModel
import KBExtract
import CSQLite

// A small wrapper over the libsqlite3 C API, after GRDB's Core/Database.swift,
// Core/Statement.swift, Core/Row.swift and Core/DatabaseError.swift, in three files:
// this one (the connection, transactions, FTS5 registration and errors), Statement.swift
// and Row.swift. Raw handles stay private to their type so that nothing else can
// finalize, close or outlive them by accident.

/// Builds the error for a failed call; `db` supplies the message and the extended code.
func sqliteError(
    _ code: Int32, db: OpaquePointer?, sql: String?, path: String, message: String? = nil
) -> StoreError {
    var extended = code
    if let db {
        // The connection's extended code is more precise when it describes this failure.
        let last = sqlite3_extended_errcode(db)
        if last & 0xFF == code & 0xFF { extended = last }
    }
    switch extended & 0xFF {
    case SQLITE_NOTADB:
        return .index(path: path, message: "not a kb index (not an SQLite database)")
    case SQLITE_CORRUPT:
        return .index(path: path, message: "the index is damaged: run kb index --rebuild")
    default:
        let text = message
            ?? db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(extended))
        return .database(code: extended, message: text, sql: sql)
    }
}

/// Runs one or more parameterless statements on a raw handle, discarding any rows.
private func exec(_ db: OpaquePointer, _ sql: String, path: String) throws {
    var errorMessage: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(db, sql, nil, nil, &errorMessage)
    defer { sqlite3_free(errorMessage) }
    if rc != SQLITE_OK {
        throw sqliteError(rc, db: db, sql: sql, path: path, message: errorMessage.map { String(cString: $0) })
    }
}

/// One connection to an SQLite file.
///
/// Not Sendable: a connection belongs to one thread at a time (it is opened with
/// SQLITE_OPEN_NOMUTEX), so open one per thread or task that needs it.
public final class Database {
    private let handle: OpaquePointer
    private var statementCache: [String: Statement] = [:]

    /// The path the connection was opened with.
    public let path: String

    /// How much of the index file a read-only connection maps into memory.
    static let readMapBytes = 1 << 30

    /// Opens (creating unless readOnly) the file; ":memory:" works.
    ///
    /// Read-write connections use WAL, `synchronous=NORMAL` and foreign keys; read-only
    /// ones map up to `readMapBytes` of the file into memory, unless `mapsFile` is false (a
    /// worker that reads much of the index: mapped pages count in its memory). The
    /// file's header is read before returning, so a file that is not a database
    /// fails here with `StoreError.index` rather than at some later query.
    public init(path: String, readOnly: Bool = false, mapsFile: Bool = true, busyTimeoutMilliseconds: Int32 = 10_000) throws {
        _ = Self.configureLibrary
        var db: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, access | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let error = sqliteError(rc, db: db, sql: nil, path: path)
            sqlite3_close_v2(db)  // SQLite may hand back a handle even when open fails
            throw error
        }
        do {
            sqlite3_extended_result_codes(db, 1)
            sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
            // SQLite opens lazily; reading the header surfaces NOTADB/CORRUPT now.
            try exec(db, "PRAGMA schema_version", path: path)
            if !readOnly {
                // A 64 MB page cache: an index of tens of thousands of notes has b-trees
                // far larger than the 2 MB default, and batch writes re-read evicted pages.
                try exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536",
                         path: path)
            } else if mapsFile {
                // Reads through memory mapping (SQLite's mmap_size, up to 1 GB of the file) rather
                // than a pread per page: a `kb search --said` reads some 300 pages, and the
                // calls were about 1.5 ms of its 11 to 12 ms (docs/performance.md, "`--said`
                // within 2×, again"). Readers only: a write still goes through the pager.
                // `readConnectionsMapTheFile` checks it is on.
                try exec(db, "PRAGMA mmap_size=\(Self.readMapBytes)", path: path)
            }
        } catch {
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.path = path
    }

    /// Process-wide settings, which SQLite takes only before its first connection.
    private static let configureLibrary: Void = {
        _ = kb_sqlite3_disable_memory_statistics()
    }()

    deinit {
        for statement in statementCache.values { statement.finalize() }
        // close_v2 defers the real close until statements the caller still holds are finalized.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters; rows are discarded.
    public func execute(_ sql: String) throws {
        try exec(handle, sql, path: path)
    }

    /// Prepares a fresh statement; the SQL must hold exactly one statement.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(db: handle, sql: sql, path: path, persistent: false)
    }

    /// A prepared statement reused across calls with the same SQL text.
    ///
    /// It is reset and its bindings cleared before it is returned, so a caller
    /// still iterating an earlier use of the same SQL loses its place: collect
    /// rows first, or use `prepare` for nested queries.
    public func cached(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let statement = try Statement(db: handle, sql: sql, path: path, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement to completion with the given arguments.
    public func run(_ sql: String, _ args: SQLBindable...) throws {
        try cached(sql).execute(arguments: args)
    }

    /// All rows of one statement, run with the given arguments.
    public func rows(_ sql: String, _ args: SQLBindable...) throws -> [Row] {
        try cached(sql).rows(arguments: args)
    }

    /// The first column of the first row as an integer; nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ args: SQLBindable...) throws -> Int64? {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(args)
        guard try statement.step() else { return nil }
        return statement.currentRow().int(0)
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if anything throws.
    ///
    /// `immediate` takes the write lock at BEGIN, so writers wait on the busy
    /// timeout up front instead of failing with SQLITE_BUSY halfway through;
    /// readers pass false. Transactions do not nest: BEGIN inside one throws.
    public func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        let result: T
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            // Some errors (e.g. SQLITE_FULL) already rolled back; a second ROLLBACK would fail.
            if sqlite3_get_autocommit(handle) == 0 {
                sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            }
            throw error
        }
        return result
    }

    /// `PRAGMA user_version`, the schema version kb keeps in the file header.
    public var userVersion: Int {
        get throws { Int(try scalarInt("PRAGMA user_version") ?? 0) }
    }

    /// Sets `PRAGMA user_version`; it is a signed 32-bit field in the file header.
    public func setUserVersion(_ v: Int) throws {
        let sql = "PRAGMA user_version = \(v)"
        guard let _ = Int32(exactly: v) else {
            throw StoreError.database(code: SQLITE_RANGE, message: "user_version must fit in 32 bits", sql: sql)
        }
        try execute(sql)
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE (`sqlite3_changes`).
    public var changes: Int { Int(sqlite3_changes(handle)) }
}

extension Database {
    /// Registers an FTS5 auxiliary function on this connection (`fts5_api.xCreateFunction`).
    ///
    /// `context` is retained until the connection closes; the function reaches it
    /// through `xUserData`.
    func createFTS5Function(_ name: String, context: AnyObject, _ function: fts5_extension_function) throws {
        let api = try fts5API()
        guard let create = api.pointee.xCreateFunction else { throw StoreError.database(code: SQLITE_ERROR, message: "this SQLite has no FTS5", sql: nil) }
        let retained = Unmanaged.passRetained(context).toOpaque()
        let rc = create(api, name, retained, function) { Unmanaged<AnyObject>.fromOpaque($0!).release() }
        guard rc == SQLITE_OK else { throw sqliteError(rc, db: handle, sql: nil, path: path) }
    }

    /// The connection's FTS5 API (valid while the connection is open).
    func fts5API() throws -> UnsafeMutablePointer<fts5_api> {
        let sql = "SELECT fts5(?1)"
        var statement: OpaquePointer?
        var rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK else { throw sqliteError(rc, db: handle, sql: sql, path: path) }
        defer { sqlite3_finalize(statement) }
        // The documented way to the FTS5 API: `fts5(?1)` writes it through a bound pointer.
        var api: UnsafeMutablePointer<fts5_api>?
        withUnsafeMutablePointer(to: &api) { slot in
            sqlite3_bind_pointer(statement, 1, slot, fts5APIPointerType.utf8Start.withMemoryRebound(to: CChar.self, capacity: 1) { $0 }, nil)
            rc = sqlite3_step(statement)
        }
        guard rc == SQLITE_ROW, let api, api.pointee.iVersion >= 2 else {
            throw StoreError.database(code: rc, message: "this SQLite has no FTS5", sql: sql)
        }
        return api
    }
}

// SQLite keeps the type string's address until the statement has run: it must be static.
private let fts5APIPointerType: StaticString = "fts5_api_ptr"
