/// What every error kb's layers throw has in common: it prints as one line that says what
/// and where (`description`), and it says whether the *request* is what cannot be answered
/// as given (a name the index lacks, text that cannot be read, options that contradict each
/// other) rather than the files, the index or the machine failing.
///
/// Each layer has one error type of its own, whose cases say what went wrong in that layer's
/// terms: `ReadError` (KBExtract, files), `StoreError` (KBStore: the index, SQLite, names,
/// search text), `QueryError` (KBQuery), `RenderError` (KBRender), `IndexError` (KBIndex),
/// `RequestError` (KBAnswers), `ToolError` (KBMCP) and `CommandError` (KBCommands). None of
/// them knows about exit codes: the command line maps `isRequestProblem` to exit 64 and
/// anything else to 1, the MCP server reports both as tool errors (docs/architecture.md).
public protocol KBFailure: Error, CustomStringConvertible, Sendable {
    /// True when what was asked cannot be answered as given; false when something failed.
    var isRequestProblem: Bool { get }
}
