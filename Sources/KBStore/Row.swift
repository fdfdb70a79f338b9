import KBModel
import KBExtract
import CSQLite

/// One SQLite value, copied out of the library.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue {
    /// Column `i` of the statement's current row, copied out.
    init(column i: Int32, of handle: OpaquePointer) {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL:
            self = .null
        case SQLITE_INTEGER:
            self = .int(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT:
            self = .double(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            // text before bytes, as SQLite documents; nil only for empty text or out of memory.
            guard let text = sqlite3_column_text(handle, i) else { self = .text(""); return }
            let count = Int(sqlite3_column_bytes(handle, i))
            self = .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        default:  // SQLITE_BLOB
            guard let blob = sqlite3_column_blob(handle, i) else { self = .blob([]); return }
            let count = Int(sqlite3_column_bytes(handle, i))
            self = .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        }
    }
}

/// The names of a statement's result columns, read from SQLite (`sqlite3_column_name`)
/// once per statement and shared by every row it yields, as GRDB's rows share their
/// statement's column names.
///
/// A name is what SQLite calls the column: the `AS` alias when there is one, else the
/// column's own name for a plain column (`c.id` is `id`); give every expression an alias.
/// Names compare exactly (SQLite's are case-insensitive, but kb spells them one way).
public final class RowColumns: Sendable, Hashable {
    /// The names, in column order.
    public let names: [String]
    /// Names several columns share: reading one is an error.
    private let ambiguous: Set<String>

    init(names: [String]) {
        self.names = names
        var seen = Set<String>(), ambiguous = Set<String>()
        for name in names where !seen.insert(name).inserted { ambiguous.insert(name) }
        self.ambiguous = ambiguous
    }

    /// The position of column `name`. A name the statement does not select, or selects
    /// twice, is a programming error: it traps, naming the column.
    ///
    /// A scan of the names rather than a dictionary: a statement has a few dozen columns at
    /// most, and comparing short names (which Swift stores inline) took a third of the time
    /// of hashing one, in the site's loops over every claim, citation and link.
    public func position(of name: String) -> Int {
        guard let i = names.firstIndex(of: name) else {
            preconditionFailure("no column named \"\(name)\": the statement selects \(names)")
        }
        guard ambiguous.isEmpty || !ambiguous.contains(name) else {
            preconditionFailure("several columns are named \"\(name)\": give them aliases (\(names))")
        }
        return i
    }

    public static func == (a: RowColumns, b: RowColumns) -> Bool { a === b || a.names == b.names }

    public func hash(into hasher: inout Hasher) { hasher.combine(names) }
}

/// What a row's readers need: typed getters that return nil for NULL and for values
/// that do not convert without loss, by column name (as the store reads) or by
/// position (the primitives the names resolve to).
public protocol SQLRow {
    /// The names of the row's columns, shared with its statement.
    var columns: RowColumns { get }
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

    // By name: each resolves the name through `columns`, then reads by position.
    // An unknown or ambiguous name traps (`RowColumns.position(of:)`).

    /// Column `name` as an integer, or a whole-valued double; nil otherwise.
    public func int(_ name: String) -> Int64? { int(columns.position(of: name)) }
    /// Column `name` as a double, or an integer widened to one; nil otherwise.
    public func double(_ name: String) -> Double? { double(columns.position(of: name)) }
    /// Column `name` as text, or a blob decoded as UTF-8; nil for NULL and numbers.
    public func string(_ name: String) -> String? { string(columns.position(of: name)) }
    /// Column `name` as a boolean: a nonzero integer is true; nil for anything but an integer.
    public func bool(_ name: String) -> Bool? { bool(columns.position(of: name)) }
    /// Column `name`'s bytes, of a blob or of text as UTF-8; nil otherwise.
    public func blob(_ name: String) -> [UInt8]? { blob(columns.position(of: name)) }
    /// Whether column `name` is text (or a blob) whose bytes are `text`'s UTF-8.
    public func hasText(_ name: String, equalTo text: String) -> Bool {
        hasText(columns.position(of: name), equalTo: text)
    }
}

/// The current row of a statement, read in place; valid only inside `forEachRow`'s body.
/// Its getters convert exactly as `Row`'s do.
public struct RowCursor: SQLRow {
    private let handle: OpaquePointer
    public let columns: RowColumns

    /// For `Statement.forEachRow`: the statement's handle, while it stands on a row, and its names.
    init(handle: OpaquePointer, columns: RowColumns) {
        self.handle = handle
        self.columns = columns
    }

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

/// One result row, copied out of SQLite so it outlives its statement.
///
/// The typed getters return nil for NULL and for values that do not convert
/// without loss; an index out of range is a programming error and traps.
public struct Row: Sendable, Hashable, SQLRow {
    /// The column names, shared with the statement and its other rows.
    public let columns: RowColumns
    public let values: [SQLValue]

    init(columns: RowColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// Number of columns.
    public var count: Int { values.count }

    public subscript(_ i: Int) -> SQLValue {
        precondition(values.indices.contains(i), "column \(i) out of range: the row has \(values.count) columns")
        return values[i]
    }

    /// Column `name`'s value; an unknown or ambiguous name traps.
    public subscript(_ name: String) -> SQLValue {
        values[columns.position(of: name)]
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
