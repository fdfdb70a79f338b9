import KBModel

/// What the answers layer throws of its own: options that contradict each other as typed.
/// Names the index lacks are the store's errors, unreadable text the query layer's.
public enum RequestError: KBFailure, Hashable {
    case conflicting(String)

    public var description: String {
        switch self { case .conflicting(let m): return m }
    }

    public var isRequestProblem: Bool { true }
}
