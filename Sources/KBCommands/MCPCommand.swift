import KBModel
import ArgumentParser
import Foundation

struct ServeMCP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the index to assistants as a Model Context Protocol server on stdin and stdout.",
        discussion: """
            An assistant starts kb mcp and talks JSON-RPC with it (the Model Context Protocol, \
            over stdio). Tools: search, quote, jump, figures, speakers, verify (of a note or a \
            video) and note, each taking the options of its command and answering what the \
            command prints with --format json (in "results" when it is a list) and as text. \
            Resources: kb://note/SLUG, kb://video/ID (the timeline) and kb://transcript/ID (the \
            annotated transcript), in markdown as kb render writes them.

            A tool's error is a tool error holding the line kb would print. A limit is at most \
            100 results, a text at most 100 KB; a cut answer says so. Read-only: the index is \
            opened anew for each request, so kb mcp keeps answering while kb index rebuilds it \
            and sees the new data on the next request. README.md shows an assistant's configuration.

            The server is the program kb-mcp, built beside kb (swift build builds both); kb mcp \
            finds the index as every command does and runs it.
            """)

    @OptionGroup var database: DatabaseOption

    func run() throws {
        try guarded {
            let server = try Self.serverProgram()
            let arguments = [server, "--db", database.path, "--kb-version", KB.configuration.version]
            let argv = arguments.map { strdup($0) } + [nil]
            execv(server, argv)
            throw CommandError.failure("cannot run \(server): \(String(cString: strerror(errno)))")
        }
    }

    /// kb-mcp beside this kb (symbolic links followed), else on PATH.
    static func serverProgram() throws -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let beside = (me as NSString).deletingLastPathComponent + "/kb-mcp"
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/kb-mcp"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CommandError.failure("kb mcp runs kb-mcp, which is neither beside \(me) nor on PATH (swift build builds it)")
    }
}
