import KBModel

/// What the commands throw of their own: arguments they cannot take (exit 64), and what
/// they cannot do on this machine (exit 1: a program to open links, the MCP server binary).
enum CommandError: KBFailure, Hashable {
    case usage(String)
    case failure(String)

    var description: String {
        switch self { case .usage(let m), .failure(let m): return m }
    }

    var isRequestProblem: Bool {
        if case .usage = self { return true }
        return false
    }
}
