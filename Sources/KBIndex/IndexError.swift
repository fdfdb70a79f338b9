import KBModel

/// What the indexing layer throws of its own: an index it cannot lock or make a folder for, a
/// note `kb verify --fix` cannot rewrite, a gold file `kb eval` cannot read. Files that cannot
/// be read while indexing are not errors but diagnostics of the run (`ReadError`).
public enum IndexError: KBFailure, Hashable {
    /// The index at `path` cannot be used for this run (its lock, its folder).
    case index(path: String, message: String)
    /// A note that could not be rewritten.
    case cannotFix(Diagnostic)
    /// A gold file that cannot be read, at the line that is wrong when there is one.
    case gold(Diagnostic)

    public var description: String {
        switch self {
        case .index(let path, let m): return "\(path): \(m)"
        case .cannotFix(let d), .gold(let d): return d.description
        }
    }

    public var isRequestProblem: Bool { false }
}
