import KBModel
import KBStore
import KBQuery
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
            case .text: FileHandle.standardOutput.write(Data(Self.text(quote).utf8))
            }
        }
    }

    static func text(_ quote: Quote) -> String {
        var out = ""
        if let claim = quote.claim, let text = quote.claimText { out += "[\(claim)] \(text)\n" }
        for place in quote.places {
            out += "\(TimeText.clock(place.seconds))  \(place.url)\n"
            if place.transcripts.isEmpty { out += "    (no transcript of this video)\n" }
            for excerpt in place.transcripts {
                out += "  \(excerpt.transcript)\n"
                if excerpt.passages.isEmpty { out += "    (nothing said here)\n" }
                for p in excerpt.passages {
                    out += "    \(TimeText.clock(Int(p.start)))" + (p.speaker.map { " \($0):" } ?? "") + " \(p.text)\n"
                }
            }
        }
        return out
    }
}

/// `kb quote --format json`.
struct QuoteJSON: Encodable {
    struct PassageJSON: Encodable {
        var start: Double
        var end: Double
        var speaker: String?
        var text: String
        var url: String
    }
    struct ExcerptJSON: Encodable {
        var transcript: String
        var passages: [PassageJSON]
    }
    struct PlaceJSON: Encodable {
        var video: String
        var seconds: Int
        var url: String
        var transcripts: [ExcerptJSON]
    }
    var claim: Int64?
    var text: String?
    var moments: [PlaceJSON]

    init(_ quote: Quote) {
        claim = quote.claim
        text = quote.claimText
        moments = quote.places.map { place in
            PlaceJSON(video: place.video, seconds: place.seconds, url: place.url, transcripts: place.transcripts.map { e in
                ExcerptJSON(transcript: e.transcript, passages: e.passages.map {
                    PassageJSON(start: $0.start, end: $0.end, speaker: $0.speaker, text: $0.text,
                                url: YouTubeURL.watch(place.video, seconds: Int($0.start)))
                })
            })
        }
    }
}
