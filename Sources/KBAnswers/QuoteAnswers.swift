import KBModel
import KBStore
import KBQuery

/// `kb quote` as text.
package enum QuoteText {
    package static func text(_ quote: Quote) -> String {
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
package struct QuoteJSON: Encodable {
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

    package init(_ quote: Quote) {
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
