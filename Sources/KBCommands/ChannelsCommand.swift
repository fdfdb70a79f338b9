import KBModel
import KBStore
import KBAnswers
import ArgumentParser
import Foundation

struct Channels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channels",
        abstract: "List the channels and shows the notes come from, with note and video counts.",
        discussion: """
            A channel is the name a note's `From: [[name]]` line gives (usually its folder). Names \
            that are one show are listed once, with the others after "also": the same display name \
            (a From link's label or the index page's title), or at least half of the videos of \
            the one with fewer (and at least 3) in common, as a wiki's notes of a show and the \
            show's own folder share its videos. `--channel` of kb search takes any of the names \
            and finds the notes of all of them.
            """)

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try guarded {
            let all = try Store(path: database.path, readOnly: true).channels()
            switch format {
            case .json: try Output.printJSON(all.map(ChannelJSON.init))
            case .text: Output.printText(ChannelText.channels(all))
            }
        }
    }
}
