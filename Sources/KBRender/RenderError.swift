import KBModel

/// What the render layer throws of its own: a page it cannot write. (A name a report is asked
/// for and the index lacks is the store's `StoreError`.)
public enum RenderError: KBFailure, Hashable {
    /// `path` could not be written; `reason` is the system's, lower-cased.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }

    public var isRequestProblem: Bool { false }
}
