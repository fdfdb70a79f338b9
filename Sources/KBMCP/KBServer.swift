import KBModel
import MCP
import Foundation

/// `kb mcp`: the index as a Model Context Protocol server on stdin and stdout.
///
/// Read-only: every request opens the index anew, read-only, as `kb search` does, so the
/// server answers while `kb index` rebuilds it and sees new data on the next request.
package enum KBServer {
    package static let instructions = """
        kb answers from a knowledge base of notes made from video and podcast transcripts. \
        search finds claims (or, with said, the words said in transcripts); each claim has an id \
        for quote (the passage said at its cited moment) and jump (the video link at that second). \
        verify tells whether a note's or video's claims are backed by the transcript.
        """

    /// The server, with its handlers, not yet started.
    package static func make(dbPath: String, version: String) async -> Server {
        let server = Server(name: "kb", version: version, title: "kb knowledge base", instructions: instructions,
                            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let tools = ToolBox(dbPath: dbPath)
        let shelf = ResourceShelf(dbPath: dbPath)
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: ToolCatalog.tools) }
        await server.withMethodHandler(CallTool.self) { params in tools.call(params.name, params.arguments ?? [:]) }
        await server.withMethodHandler(ListResources.self) { params in
            do { return try shelf.list(cursor: params.cursor) } catch let error as any KBFailure {
                throw MCPError.internalError("kb: \(error.description)")
            }
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: ResourceShelf.templates)
        }
        await server.withMethodHandler(ReadResource.self) { params in try shelf.read(params.uri) }
        return server
    }

    /// Serves on stdin and stdout until the client closes stdin and has had every answer.
    package static func run(dbPath: String, version: String) async throws {
        let server = await make(dbPath: dbPath, version: version)
        let transport = LineTransport()
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        await transport.drain()
        await server.stop()
    }
}
