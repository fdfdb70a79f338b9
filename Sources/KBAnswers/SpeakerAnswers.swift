import KBModel
import KBStore
import KBQuery

/// `kb speakers` as text.
package enum SpeakerText {
    /// Every speaker: videos, claims, and where a transcript names them.
    package static func speakers(_ all: [SpeakerSummary]) -> String {
        var out = ""
        for s in all {
            out += "\(s.name)\t\(s.videos.count) videos\t\(s.claims) claims"
            // Only when a transcript says so: the notes are the source kb always had.
            if s.sources != ["notes"] { out += "\t(" + s.sources.joined(separator: ", ") + ")" }
            out += "\n"
        }
        return out
    }

    /// One speaker's claims, by video.
    package static func claims(_ claims: [SpeakerClaim]) -> String {
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
        return String(out.drop(while: { $0 == "\n" }))
    }
}

package struct SpeakerJSON: Encodable {
    var name: String
    var videos: [String]
    var claims: Int
    /// `notes`, `transcript`, or both.
    var sources: [String]

    package init(_ s: SpeakerSummary) {
        name = s.name
        videos = s.videos
        claims = s.claims
        sources = s.sources
    }
}

package struct SpeakerClaimJSON: Encodable {
    var claim: Int64
    var speaker: String
    var note: String
    var title: String
    var video: String?
    var video_title: String?
    var line: Int
    var text: String
    var timestamps: [MomentJSON]

    package init(_ c: SpeakerClaim) {
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
