/// A note as the index holds it.
public struct ReportNote: Sendable, Hashable {
    public var id: Int64
    public var path: String
    public var slug: String
    public var title: String?
    public var videoID: String?
    public var channel: String?
    public var channelName: String?
    public var aliases: [String]
    /// The other frontmatter keys, as a JSON object.
    public var frontmatter: String?

    public var displayTitle: String { title.flatMap { $0.isEmpty ? nil : $0 } ?? slug }
    /// A channel index page lists videos and has no video of its own.
    public var isChannelPage: Bool { videoID == nil && channel == nil && slug == folder }
    /// The folder the note sits in (its channel in the newer layout).
    public var folder: String? {
        let parts = path.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : nil
    }
}

/// A cited moment.
public struct ReportMoment: Sendable, Hashable {
    public var seconds: Int?
    public var raw: String
    public var form: Timestamp.Form
    /// The video a `url` citation names; nil means the note's video.
    public var video: String?
}

/// A wiki-link as stored, with the note it resolved to.
public struct ReportLink: Sendable, Hashable {
    public var target: String
    public var heading: String?
    public var label: String?
    public var embed: Bool
    public var resolved: Int64?
    /// 1-based line in the linking note.
    public var line: Int = 0

    public var displayText: String {
        WikiLink(target: target, heading: heading, label: label, isEmbed: embed, line: 0).displayText
    }
}

/// A claim with everything a report shows of it.
public struct ReportClaim: Sendable, Hashable {
    public var id: Int64
    public var note: Int64
    public var section: [String]
    public var ordinal: Int
    public var text: String
    public var markdown: String
    public var line: Int
    public var lead: String?
    public var speaker: String?
    public var notePath: String
    public var noteSlug: String
    public var noteTitle: String?
    public var video: String?
    public var channel: String?
    public var moments: [ReportMoment]
    public var links: [ReportLink]
    public var figures: [Figure]
    /// `markdown` with its links pointed at a site's pages, once `Renderer.pointingLinksAtSite`
    /// made it: a claim shows on several pages of a site, its links are rewritten once.
    public var siteMarkdown: String? = nil

    /// The first readable second the claim cites in `video`.
    public func firstSecond(in video: String?) -> Int? {
        moments.first { $0.seconds != nil && ($0.video ?? self.video) == video }?.seconds
    }
}

/// A video: listed by a channel index page, named by notes, or both.
public struct ReportVideo: Sendable, Hashable {
    public var id: String
    public var title: String?
    public var channel: String?
    public var notes: [Int64] = []
    public var speakers: [String] = []

    public var displayTitle: String { title ?? id }
}

public struct ReportSpeaker: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var videos: [String] = []
}

/// A link from a note, with the claim it sits in.
public struct ReportBacklink: Sendable, Hashable {
    public var source: Int64
    public var claim: Int64?
    public var link: ReportLink
}
