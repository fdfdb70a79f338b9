import KBModel
import KBExtract
import CSQLite

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

/// One prepared SQL statement.
///
/// Not Sendable, like the connection it belongs to.
public final class Statement {
    // nil once finalized: a cached statement is finalized when its Database goes
    // away, and later use must throw rather than touch freed memory.
    private var handle: OpaquePointer?
    private let path: String
    /// `columns`, once read.
    private var cachedColumns: RowColumns?

    /// The SQL text this statement was prepared from.
    public let sql: String

    /// Use `Database.prepare` or `Database.cached`.
    init(db: OpaquePointer, sql: String, path: String, persistent: Bool) throws {
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
            throw StoreError.database(code: SQLITE_MISUSE, message: "no SQL statement to prepare", sql: sql)
        }
        if extra {
            sqlite3_finalize(statement)
            throw StoreError.database(
                code: SQLITE_MISUSE,
                message: "prepare takes one statement; use execute for several",
                sql: sql)
        }
        self.handle = statement
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// For the connection's statement cache when the connection goes away.
    func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    private func liveHandle() throws -> OpaquePointer {
        guard let handle else {
            throw StoreError.database(code: SQLITE_MISUSE, message: "statement used after its database was closed", sql: sql)
        }
        return handle
    }

    private func error(_ rc: Int32) -> StoreError {
        sqliteError(rc, db: handle.flatMap { sqlite3_db_handle($0) }, sql: sql, path: path)
    }

    /// Number of columns each row has.
    public var columnCount: Int {
        handle.map { Int(sqlite3_column_count($0)) } ?? 0
    }

    /// Column names, in order.
    public var columnNames: [String] { columns.names }

    /// The result's column names, read from SQLite on first use and then kept: every row
    /// of every run of the statement shares them, so reading by name costs a lookup per
    /// column read, never a `sqlite3_column_name` per row. (SQLite re-prepares a statement
    /// after a schema change, which could rename the columns of a `SELECT *`; kb's
    /// statements list their columns.)
    public var columns: RowColumns {
        if let cachedColumns { return cachedColumns }
        guard let handle else { return RowColumns(names: []) }
        let columns = RowColumns(names: (0..<sqlite3_column_count(handle)).map { i in
            sqlite3_column_name(handle, i).map { String(cString: $0) } ?? ""
        })
        cachedColumns = columns
        return columns
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

    private func argumentCountError(expected: Int, got: Int) -> StoreError {
        StoreError.database(code: SQLITE_RANGE,
                         message: "statement takes \(expected) argument\(expected == 1 ? "" : "s"), got \(got)", sql: sql)
    }

    func clearBindings() {
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
        guard let handle else { return }
        // One cursor for every row: the handle and the names stay the same.
        let cursor = RowCursor(handle: handle, columns: columns)
        while try step() {
            try body(cursor)
        }
    }

    /// The row the last `step()` returned true for, copied out.
    public func currentRow() -> Row {
        guard let handle else { return Row(columns: RowColumns(names: []), values: []) }
        let count = sqlite3_column_count(handle)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for i in 0..<count {
            values.append(SQLValue(column: i, of: handle))
        }
        return Row(columns: columns, values: values)
    }
}
