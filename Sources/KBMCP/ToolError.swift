import KBModel

/// What the MCP server throws of its own: a tool call whose arguments the tool cannot take
/// (a name it does not have, a value of the wrong type or range). Reported, like every
/// `KBFailure` of the layers below, as a tool error whose text is the `kb: …` line.
public enum ToolError: KBFailure, Hashable {
    case argument(String)

    public var description: String {
        switch self { case .argument(let m): return m }
    }

    public var isRequestProblem: Bool { true }
}
