import KBModel
import KBMCP
import ArgumentParser
import Foundation

struct ServeMCP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the index to assistants as a Model Context Protocol server on stdin and stdout.",
        discussion: """
            An assistant starts kb mcp and talks JSON-RPC with it (the Model Context Protocol, \
            over stdio). Tools: search, quote, jump, figures, speakers, verify and note, each \
            taking the arguments of its command and answering what the command prints with \
            --format json (in "results" when it is a list) and as text. Resources: \
            kb://note/SLUG, kb://video/ID (the timeline) and kb://transcript/ID (the annotated \
            transcript), in markdown as kb render writes them.

            A tool's error is a tool error holding the line kb would print. A limit is at most \
            100 results, a text at most 100 KB; a cut answer says so. Read-only: the index is \
            opened anew for each request, so kb mcp keeps answering while kb index rebuilds it \
            and sees the new data on the next request. README.md shows an assistant's configuration.
            """)

    @OptionGroup var database: DatabaseOption

    func run() throws {
        let path = database.path
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await KBServer.run(dbPath: path, version: KB.configuration.version) } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw KBError.other("the MCP server stopped: \(error)") }
    }

    /// How the server's task ended, read once it has.
    private final class Outcome: @unchecked Sendable {
        var error: Error?
    }
}
