import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import ArgumentParser

/// The `kb` root command.
public struct KB: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "A knowledge base of claims from video and podcast transcript notes.",
        version: "0.1.0",
        subcommands: [Index.self, SearchClaims.self, JumpTo.self, Figures.self, Speakers.self, Render.self,
                      Check.self, Parse.self, Eval.self]
    )

    public init() {}
}
