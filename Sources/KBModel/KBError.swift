/// Every error kb reports; each prints as one line that says what and where.
public enum KBError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A note file that could not be read or parsed at all.
    case file(Diagnostic)
    /// Something the user typed that kb cannot take (exit 64).
    case usage(String)
    /// The index file is not a kb index, or is damaged.
    case index(path: String, message: String)
    /// SQLite reported an error; `code` is the extended result code.
    case database(code: Int32, message: String, sql: String?)
    /// Anything else, said plainly.
    case other(String)

    public var description: String {
        switch self {
        case .file(let d): return d.description
        case .usage(let m): return m
        case .index(let path, let m): return "\(path): \(m)"
        case .database(let code, let m, _): return "database error \(code): \(m)"
        case .other(let m): return m
        }
    }
}
