import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser
import Foundation

/// The `kb` root command.
public struct KB: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "A knowledge base of claims from video and podcast transcript notes.",
        version: "0.1.0",
        subcommands: [Index.self, SearchClaims.self, JumpTo.self, QuoteSaid.self, VerifyClaims.self, Figures.self, Speakers.self, Channels.self, Render.self,
                      ServeMCP.self, Check.self, Parse.self, Eval.self]
    )

    public init() {}

    /// The entry point: like `main()`, but an error in what was typed is one line on stderr
    /// with the same `kb:` prefix as every other error (argument-parser writes "Error:" and
    /// the usage), and a pointer to the command's help. Exit 64 as before.
    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            // Help and version requests are not errors: argument-parser prints them as usual.
            guard code != .success, !(error is ExitCode) else { exit(withError: error) }
            let message = Self.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
            let subcommand = arguments.first { !$0.hasPrefix("-") }.flatMap { name in
                configuration.subcommands.first { $0._commandName == name }.map { _ in name }
            }
            let help = subcommand.map { "kb help \($0)" } ?? "kb --help"
            Output.printError("kb: \(firstLine) (\(help))")
            Foundation.exit(code.rawValue)
        }
    }
}
