import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
import KBAnswers
import ArgumentParser
import Foundation

struct Speakers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speakers",
        abstract: "List the people who speak in the videos, or one speaker's claims.",
        discussion: """
            Speakers are found per video, from the notes that summarize it and the title its channel \
            index page gives it: "a conversation between Dylan Patel and Jon Y.", "Patel argues …", \
            "Dario Amodei (Anthropic CEO) - …". A surname resolves to the full name found for the same \
            video. People a note only mentions are not speakers.

            A transcript's speaker labels count too: a full name as written, a first name or \
            surname alone (`Lenny`) as the one full name around the video that it starts or ends, \
            never a role (`Speaker 1`, `Host`, `MUSIC`); such speakers show "(transcript)". \
            Without NAME: every speaker with their videos and how many claims are attributed to them. \
            With NAME (full name or surname): that speaker's attributed claims, by video, with links.
            """)

    @Argument(help: "A speaker's full name or surname.")
    var name: String?

    @OptionGroup var database: DatabaseOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try guarded {
            let store = try Store(path: database.path, readOnly: true)
            if let name {
                let claims = try store.claims(ofSpeaker: name)
                switch format {
                case .json: try Output.printJSON(claims.map(SpeakerClaimJSON.init))
                case .text: Output.printText(SpeakerText.claims(claims))
                }
            } else {
                let all = try store.speakers()
                switch format {
                case .json: try Output.printJSON(all.map(SpeakerJSON.init))
                case .text: Output.printText(SpeakerText.speakers(all))
                }
            }
        }
    }
}
