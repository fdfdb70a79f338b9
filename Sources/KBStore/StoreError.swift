import KBModel

/// What the store layer throws: an index file it cannot use, an SQLite failure, search text
/// it cannot turn into a query, or a name (of a note, video, speaker, channel or link target)
/// that the index does not have, or has more than once.
public enum StoreError: KBFailure, Hashable {
    /// The index file is not a kb index, is damaged, or is from another kb.
    case index(path: String, message: String)
    /// SQLite reported an error; `code` is the extended result code.
    case database(code: Int32, message: String, sql: String?)
    /// Search text that cannot be searched (FTSQuery), said as the user should fix it.
    case query(String)
    /// No such name in the index; `nearest` are the closest names it has, `hint` says where
    /// to look when there are none.
    case unknownName(NameKind, String, nearest: [String], hint: String?)
    /// A name that several things answer to, all of them listed; `hint` says how to choose.
    case ambiguousName(NameKind, String, candidates: [String], hint: String)

    public var description: String {
        switch self {
        case .index(let path, let m): return "\(path): \(m)"
        case .database(let code, let m, _): return "database error \(code): \(m)"
        case .query(let m): return m
        case .unknownName(let kind, let typed, let nearest, let hint):
            let tail = nearest.isEmpty ? hint.map { " (\($0))" } ?? "" : "; did you mean \(nearest.joined(separator: ", "))?"
            return "no \(kind.rawValue) called '\(typed)' in the index" + tail
        case .ambiguousName(let kind, let typed, let candidates, let hint):
            return "'\(typed)' names \(candidates.count) \(kind.plural): \(candidates.joined(separator: ", ")); \(hint)"
        }
    }

    public var isRequestProblem: Bool {
        switch self {
        case .index, .database: return false
        case .query, .unknownName, .ambiguousName: return true
        }
    }
}

/// The kinds of names a user types, each with one resolver in Store+Names.swift.
public enum NameKind: String, Sendable, Hashable {
    case note, video, speaker, channel
    case linkTarget = "note or link target"

    var plural: String { self == .linkTarget ? "notes" : rawValue + "s" }
}
