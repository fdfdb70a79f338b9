import KBModel
import KBExtract
import CSQLite

// A small wrapper over the libsqlite3 C API, after GRDB's Core/Statement.swift and
// Core/DatabaseError.swift. Raw handles stay private to this file so that nothing
// else can finalize, close or outlive them by accident.

/// One SQLite value, copied out of the library.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that can be bound to a statement parameter.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

extension Int: SQLBindable {
    public var sqlValue: SQLValue { .int(Int64(self)) }
}

extension Int64: SQLBindable {
    public var sqlValue: SQLValue { .int(self) }
}

extension Int32: SQLBindable {
    public var sqlValue: SQLValue { .int(Int64(self)) }
}

extension Double: SQLBindable {
    public var sqlValue: SQLValue { .double(self) }
}

extension String: SQLBindable {
    public var sqlValue: SQLValue { .text(self) }
}

/// Stored as 0 or 1, as SQLite has no boolean type.
extension Bool: SQLBindable {
    public var sqlValue: SQLValue { .int(self ? 1 : 0) }
}

extension Array: SQLBindable where Element == UInt8 {
    public var sqlValue: SQLValue { .blob(self) }
}

/// `nil` binds SQL NULL.
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue {
        switch self {
        case .none: return .null
        case .some(let wrapped): return wrapped.sqlValue
        }
    }
}

// SQLITE_TRANSIENT is a C macro cast Swift cannot import; it tells SQLite to copy
// the bytes, because Swift buffers only live for the duration of the closure.
private var sqliteTransient: sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// Builds the error for a failed call; `db` supplies the message and the extended code.
private func sqliteError(
    _ code: Int32, db: OpaquePointer?, sql: String?, path: String, message: String? = nil
) -> KBError {
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

    /// Opens (creating unless readOnly) the file; ":memory:" works.
    ///
    /// Read-write connections use WAL, `synchronous=NORMAL` and foreign keys. The
    /// file's header is read before returning, so a file that is not a database
    /// fails here with `KBError.index` rather than at some later query.
    public init(path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 10_000) throws {
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
            throw KBError.database(code: SQLITE_RANGE, message: "user_version must fit in 32 bits", sql: sql)
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
        guard let create = api.pointee.xCreateFunction else { throw KBError.database(code: SQLITE_ERROR, message: "this SQLite has no FTS5", sql: nil) }
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
            throw KBError.database(code: rc, message: "this SQLite has no FTS5", sql: sql)
        }
        return api
    }
}

// SQLite keeps the type string's address until the statement has run: it must be static.
private let fts5APIPointerType: StaticString = "fts5_api_ptr"

/// One prepared SQL statement.
///
/// Not Sendable, like the connection it belongs to.
public final class Statement {
    // nil once finalized: a cached statement is finalized when its Database goes
    // away, and later use must throw rather than touch freed memory.
    private var handle: OpaquePointer?
    private let path: String

    /// The SQL text this statement was prepared from.
    public let sql: String

    fileprivate init(db: OpaquePointer, sql: String, path: String, persistent: Bool) throws {
        self.sql = sql
        self.path = path
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        // Check the tail while the C string is still alive.
        let (rc, extra): (Int32, Bool) = sql.withCString { text in
            let rc = sqlite3_prepare_v3(db, text, -1, flags, &statement, &tail)
            guard rc == SQLITE_OK, let tail, tail.pointee != 0 else { return (rc, false) }
            // Preparing the rest yields no statement when only whitespace or comments remain.
            var next: OpaquePointer?
            let nextRC = sqlite3_prepare_v2(db, tail, -1, &next, nil)
            sqlite3_finalize(next)
            return (rc, nextRC != SQLITE_OK || next != nil)
        }
        guard rc == SQLITE_OK else {
            throw sqliteError(rc, db: db, sql: sql, path: path)
        }
        guard let statement else {
            throw KBError.database(code: SQLITE_MISUSE, message: "no SQL statement to prepare", sql: sql)
        }
        if extra {
            sqlite3_finalize(statement)
            throw KBError.database(
                code: SQLITE_MISUSE,
                message: "prepare takes one statement; use execute for several",
                sql: sql)
        }
        self.handle = statement
    }

    deinit {
        sqlite3_finalize(handle)
    }

    fileprivate func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    private func liveHandle() throws -> OpaquePointer {
        guard let handle else {
            throw KBError.database(code: SQLITE_MISUSE, message: "statement used after its database was closed", sql: sql)
        }
        return handle
    }

    private func error(_ rc: Int32) -> KBError {
        sqliteError(rc, db: handle.flatMap { sqlite3_db_handle($0) }, sql: sql, path: path)
    }

    /// Number of columns each row has.
    public var columnCount: Int {
        handle.map { Int(sqlite3_column_count($0)) } ?? 0
    }

    /// Column names, in order.
    public var columnNames: [String] {
        guard let handle else { return [] }
        return (0..<sqlite3_column_count(handle)).map { i in
            sqlite3_column_name(handle, i).map { String(cString: $0) } ?? ""
        }
    }

    /// Replaces all bindings with `args`, resetting the statement first.
    ///
    /// The count must match the statement's parameters: SQLite would silently
    /// leave a missing one NULL, which hides bugs.
    public func bind(_ args: [SQLBindable]) throws {
        let handle = try liveHandle()
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard args.count == expected else { throw argumentCountError(expected: expected, got: args.count) }
        for (offset, arg) in args.enumerated() {
            try bind(arg.sqlValue, at: Int32(offset + 1), handle)
        }
    }

    private func bind(_ value: SQLValue, at index: Int32, _ handle: OpaquePointer) throws {
        let rc: Int32
        switch value {
        case .null:
            rc = sqlite3_bind_null(handle, index)
        case .int(let v):
            rc = sqlite3_bind_int64(handle, index, v)
        case .double(let v):
            rc = sqlite3_bind_double(handle, index, v)
        case .text(let s):
            if s.isEmpty {
                // A nil pointer would bind NULL instead of the empty string.
                rc = sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            } else {
                // Pass the byte count so the text is never cut at an embedded NUL.
                var s = s
                rc = s.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        sqlite3_bind_text64(
                            handle, index, chars.baseAddress, UInt64(chars.count),
                            sqliteTransient, UInt8(SQLITE_UTF8))
                    }
                }
            }
        case .blob(let bytes):
            if bytes.isEmpty {
                // bind_blob with a nil pointer would store NULL, not an empty blob.
                rc = sqlite3_bind_zeroblob(handle, index, 0)
            } else {
                rc = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob64(handle, index, raw.baseAddress, UInt64(raw.count), sqliteTransient)
                }
            }
        }
        if rc != SQLITE_OK { throw error(rc) }
    }

    private func argumentCountError(expected: Int, got: Int) -> KBError {
        KBError.database(code: SQLITE_RANGE,
                         message: "statement takes \(expected) argument\(expected == 1 ? "" : "s"), got \(got)", sql: sql)
    }

    fileprivate func clearBindings() {
        if let handle { sqlite3_clear_bindings(handle) }
    }

    /// Advances one row: true when a row is ready to read, false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let handle = try liveHandle()
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw error(rc)
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() {
        // reset repeats the last step's error code, which step already reported.
        if let handle { sqlite3_reset(handle) }
    }

    /// Runs the statement to completion with the given arguments.
    ///
    /// A parameter pack rather than `[SQLBindable]`: each argument is bound from its
    /// own type, with no existential box to allocate, retain and release. The index
    /// writes a dozen rows per claim through here.
    public func execute<each Value: SQLBindable>(_ args: repeat each Value) throws {
        let handle = try liveHandle()
        defer { reset() }
        sqlite3_reset(handle)
        var index: Int32 = 0
        for arg in repeat each args {
            index += 1
            try bind(arg.sqlValue, at: index, handle)
        }
        let expected = sqlite3_bind_parameter_count(handle)
        guard index == expected else { throw argumentCountError(expected: Int(expected), got: Int(index)) }
        while try step() {}
    }

    /// Runs the statement to completion with an argument array.
    public func execute(arguments args: [SQLBindable]) throws {
        defer { reset() }
        try bind(args)
        while try step() {}
    }

    /// All rows the statement yields with the given arguments.
    public func rows(_ args: SQLBindable...) throws -> [Row] {
        try rows(arguments: args)
    }

    /// All rows the statement yields with an argument array.
    public func rows(arguments args: [SQLBindable]) throws -> [Row] {
        defer { reset() }
        try bind(args)
        var result: [Row] = []
        while try step() { result.append(currentRow()) }
        return result
    }

    /// Streams rows to `body` without collecting them; the statement is reset afterwards.
    ///
    /// `body` reads the columns it wants straight from the statement: no row is copied
    /// (a report reads millions of rows, and a `Row` is an array and a string per column).
    public func forEachRow(_ args: [SQLBindable], _ body: (RowCursor) throws -> Void) throws {
        defer { reset() }
        try bind(args)
        while try step() {
            guard let handle else { return }
            try body(RowCursor(handle: handle))
        }
    }

    /// The row the last `step()` returned true for, copied out.
    public func currentRow() -> Row {
        guard let handle else { return Row(values: []) }
        let count = sqlite3_column_count(handle)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for i in 0..<count {
            values.append(Self.value(handle, i))
        }
        return Row(values: values)
    }

    private static func value(_ handle: OpaquePointer, _ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL:
            return .null
        case SQLITE_INTEGER:
            return .int(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT:
            return .double(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            // text before bytes, as SQLite documents; nil only for empty text or out of memory.
            guard let text = sqlite3_column_text(handle, i) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        default:  // SQLITE_BLOB
            guard let blob = sqlite3_column_blob(handle, i) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        }
    }
}

/// One result row, copied out of SQLite so it outlives its statement.
///
/// The typed getters return nil for NULL and for values that do not convert
/// without loss; an index out of range is a programming error and traps.
/// What a row's readers need: typed getters that return nil for NULL and for values
/// that do not convert without loss.
public protocol SQLRow {
    func int(_ i: Int) -> Int64?
    func double(_ i: Int) -> Double?
    func string(_ i: Int) -> String?
    func bool(_ i: Int) -> Bool?
    func blob(_ i: Int) -> [UInt8]?
    /// Whether column `i` is text (or a blob) whose bytes are `text`'s UTF-8.
    func hasText(_ i: Int, equalTo text: String) -> Bool
}

extension SQLRow {
    public func hasText(_ i: Int, equalTo text: String) -> Bool {
        blob(i).map { $0.elementsEqual(text.utf8) } ?? false
    }
}

/// The current row of a statement, read in place; valid only inside `forEachRow`'s body.
/// Its getters convert exactly as `Row`'s do.
public struct RowCursor: SQLRow {
    fileprivate let handle: OpaquePointer

    private func type(_ i: Int) -> Int32 { sqlite3_column_type(handle, Int32(i)) }

    public func int(_ i: Int) -> Int64? {
        switch type(i) {
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, Int32(i))
        case SQLITE_FLOAT: return Int64(exactly: sqlite3_column_double(handle, Int32(i)))
        default: return nil
        }
    }

    public func double(_ i: Int) -> Double? {
        switch type(i) {
        case SQLITE_FLOAT: return sqlite3_column_double(handle, Int32(i))
        case SQLITE_INTEGER: return Double(sqlite3_column_int64(handle, Int32(i)))
        default: return nil
        }
    }

    public func string(_ i: Int) -> String? {
        switch type(i) {
        case SQLITE_TEXT, SQLITE_BLOB:
            // text before bytes, as SQLite documents; nil only for empty text or out of memory.
            guard let text = sqlite3_column_text(handle, Int32(i)) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(i)))), as: UTF8.self)
        default: return nil
        }
    }

    public func bool(_ i: Int) -> Bool? {
        type(i) == SQLITE_INTEGER ? sqlite3_column_int64(handle, Int32(i)) != 0 : nil
    }

    public func blob(_ i: Int) -> [UInt8]? {
        switch type(i) {
        case SQLITE_BLOB, SQLITE_TEXT:
            guard let bytes = sqlite3_column_blob(handle, Int32(i)) else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, Int32(i)))))
        default: return nil
        }
    }

    /// Compares in place, without making a string: rows in order often repeat a column.
    public func hasText(_ i: Int, equalTo text: String) -> Bool {
        switch type(i) {
        case SQLITE_BLOB, SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, Int32(i)))
            guard count == text.utf8.count else { return false }
            guard count > 0, let bytes = sqlite3_column_blob(handle, Int32(i)) else { return count == 0 }
            return UnsafeRawBufferPointer(start: bytes, count: count).elementsEqual(text.utf8)
        default: return false
        }
    }
}

public struct Row: Sendable, Hashable, SQLRow {
    public let values: [SQLValue]

    public init(values: [SQLValue]) {
        self.values = values
    }

    /// Number of columns.
    public var count: Int { values.count }

    public subscript(_ i: Int) -> SQLValue {
        precondition(values.indices.contains(i), "column \(i) out of range: the row has \(values.count) columns")
        return values[i]
    }

    /// An integer, or a whole-valued double; nil otherwise.
    public func int(_ i: Int) -> Int64? {
        switch self[i] {
        case .int(let v): return v
        case .double(let v): return Int64(exactly: v)
        default: return nil
        }
    }

    /// A double, or an integer widened to one; nil otherwise.
    public func double(_ i: Int) -> Double? {
        switch self[i] {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: return nil
        }
    }

    /// Text, or a blob decoded as UTF-8; nil for NULL and numbers.
    public func string(_ i: Int) -> String? {
        switch self[i] {
        case .text(let s): return s
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }

    /// A nonzero integer is true; nil for anything but an integer.
    public func bool(_ i: Int) -> Bool? {
        switch self[i] {
        case .int(let v): return v != 0
        default: return nil
        }
    }

    /// Bytes of a blob, or of text as UTF-8; nil otherwise.
    public func blob(_ i: Int) -> [UInt8]? {
        switch self[i] {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return nil
        }
    }
}
