// The MCP server `kb mcp` runs: kb-mcp --db FILE [--kb-version V]. kb resolves the index
// (--db, KB_DB, the nearest index/kb.sqlite) and executes this program from beside itself.
import KBMCP
import Foundation

var arguments = ArraySlice(CommandLine.arguments.dropFirst())
var db: String?
var version = "0.1.0"
while let name = arguments.popFirst() {
    guard let value = arguments.popFirst(), name == "--db" || name == "--kb-version" else {
        FileHandle.standardError.write(Data("kb-mcp: usage: kb-mcp --db FILE (kb mcp runs it)\n".utf8))
        exit(64)
    }
    if name == "--db" { db = value } else { version = value }
}
guard let db else {
    FileHandle.standardError.write(Data("kb-mcp: usage: kb-mcp --db FILE (kb mcp runs it)\n".utf8))
    exit(64)
}
do {
    try await KBServer.run(dbPath: db, version: version)
} catch {
    FileHandle.standardError.write(Data("kb: the MCP server stopped: \(error)\n".utf8))
    exit(1)
}
