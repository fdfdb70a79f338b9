import KBModel
import KBExtract
import KBStore
import KBQuery
import KBRender
import KBIndex
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
                case .text: printClaims(claims)
                }
            } else {
                let all = try store.speakers()
                switch format {
                case .json: try Output.printJSON(all.map { SpeakerJSON(name: $0.name, videos: $0.videos, claims: $0.claims, sources: $0.sources) })
                case .text:
                    var out = ""
                    for s in all {
                        out += "\(s.name)\t\(s.videos.count) videos\t\(s.claims) claims"
                        // Only when a transcript says so: the notes are the source kb always had.
                        if s.sources != ["notes"] { out += "\t(" + s.sources.joined(separator: ", ") + ")" }
                        out += "\n"
                    }
                    FileHandle.standardOutput.write(Data(out.utf8))
                }
            }
        }
    }

    private func printClaims(_ claims: [SpeakerClaim]) {
        var out = ""
        var video: String?? = .none
        for c in claims {
            if video != .some(c.video) {
                video = .some(c.video)
                out += "\n## \(c.videoTitle ?? c.video ?? "unknown video")\n"
            }
            out += "[\(c.claim)] \(c.text)\n"
            let link = c.timestamps.lazy.compactMap { $0.url(noteVideo: c.video) }.first.map { "  \($0)" } ?? ""
            out += "    \(c.note):\(c.line)\(link)\n"
        }
        FileHandle.standardOutput.write(Data(out.drop(while: { $0 == "\n" }).utf8))
    }
}

struct SpeakerJSON: Encodable {
    var name: String
    var videos: [String]
    var claims: Int
    /// `notes`, `transcript`, or both.
    var sources: [String]
}

struct SpeakerClaimJSON: Encodable {
    var claim: Int64
    var speaker: String
    var note: String
    var title: String
    var video: String?
    var video_title: String?
    var line: Int
    var text: String
    var timestamps: [MomentJSON]

    init(_ c: SpeakerClaim) {
        claim = c.claim
        speaker = c.speaker
        note = c.note
        title = c.title
        video = c.video
        video_title = c.videoTitle
        line = c.line
        text = c.text
        timestamps = MomentJSON.list(c.timestamps, noteVideo: c.video)
    }
}
