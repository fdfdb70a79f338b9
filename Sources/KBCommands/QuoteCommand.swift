import KBModel
import KBStore
import KBQuery
import KBAnswers
import ArgumentParser
import Foundation

struct QuoteSaid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quote",
        abstract: "Show the words said at a cited moment, from the video's transcripts.",
        discussion: """
            REF is read as by kb jump: a claim id from kb search (then every time the claim \
            cites), VIDEO@TIME or NOTE@TIME. For each moment kb prints the transcript passage \
            under way at that second and those starting up to --context seconds after it, with \
            speaker, times and links, from every transcript of the video.

            Examples:
              kb quote 42
              kb quote pE3KKUKXcTM@14:23 --context 60
            """)

    @Argument(help: "A claim id, VIDEO@TIME or NOTE@TIME.")
    var ref: String

    @Option(help: ArgumentHelp("Seconds of transcript to show after each moment.", valueName: "seconds"))
    var context: Int = Quote.defaultContext

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard context >= 0 else { throw ValidationError("--context cannot be negative") }
    }

    func run() throws {
        try guarded {
            let store = try Store(path: database.path, readOnly: true)
            let quote = try Quote.at(ref, context: context, in: store)
            switch format {
            case .json: try Output.printJSON(QuoteJSON(quote))
            case .text: Output.printText(QuoteText.text(quote))
            }
        }
    }
}
