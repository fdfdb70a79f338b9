import KBModel
import KBExtract
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

/// A wiki-link as stored, with the note it resolved to.
public struct ReportLink: Sendable, Hashable {
    public var target: String
    public var heading: String?
    public var label: String?
    public var embed: Bool
    public var resolved: Int64?
    /// 1-based line in the linking note.
    public var line: Int = 0

    package init(target: String, heading: String?, label: String?, embed: Bool, resolved: Int64?, line: Int = 0) {
        self.target = target
        self.heading = heading
        self.label = label
        self.embed = embed
        self.resolved = resolved
        self.line = line
    }

    public var displayText: String {
        WikiLink(target: target, heading: heading, label: label, isEmbed: embed, line: 0).displayText
    }
}

/// A claim with everything a report shows of it.
///
/// The strings and lists sit in one shared object: a site passes each claim through
/// several pages, groupings and sorts, and copying a dozen strings and arrays each time
/// cost a tenth of its time. A copy now retains one object.
public struct ReportClaim: Sendable, Hashable {
    private final class Fields: Sendable, Hashable {
        let section: [String]
        let text: String
        let markdown: String
        let lead: String?
        let speaker: String?
        let notePath: String
        let noteSlug: String
        let noteTitle: String?
        let video: String?
        let channel: String?
        let moments: [Moment]
        let links: [ReportLink]
        let figures: [Figure]

        init(section: [String], text: String, markdown: String, lead: String?, speaker: String?, notePath: String,
             noteSlug: String, noteTitle: String?, video: String?, channel: String?, moments: [Moment],
             links: [ReportLink], figures: [Figure]) {
            self.section = section
            self.text = text
            self.markdown = markdown
            self.lead = lead
            self.speaker = speaker
            self.notePath = notePath
            self.noteSlug = noteSlug
            self.noteTitle = noteTitle
            self.video = video
            self.channel = channel
            self.moments = moments
            self.links = links
            self.figures = figures
        }

        static func == (a: Fields, b: Fields) -> Bool {
            a === b || (a.section == b.section && a.text == b.text && a.markdown == b.markdown && a.lead == b.lead
                && a.speaker == b.speaker && a.notePath == b.notePath && a.noteSlug == b.noteSlug
                && a.noteTitle == b.noteTitle && a.video == b.video && a.channel == b.channel
                && a.moments == b.moments && a.links == b.links && a.figures == b.figures)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(text)
            hasher.combine(markdown)
            hasher.combine(notePath)
        }
    }

    public var id: Int64
    public var note: Int64
    public var ordinal: Int
    public var line: Int
    private let fields: Fields
    /// `markdown` with its links pointed at a site's pages, once `Renderer.pointingLinksAtSite`
    /// made it: a claim shows on several pages of a site, its links are rewritten once.
    public var siteMarkdown: String? = nil
    /// What `kb index` found against the transcripts, when it flagged the claim: drifted
    /// (with where it is said) or unsupported, per video it cites.
    public var flags: [ClaimFlag] = []

    public var section: [String] { fields.section }
    public var text: String { fields.text }
    public var markdown: String { fields.markdown }
    public var lead: String? { fields.lead }
    public var speaker: String? { fields.speaker }
    public var notePath: String { fields.notePath }
    public var noteSlug: String { fields.noteSlug }
    public var noteTitle: String? { fields.noteTitle }
    public var video: String? { fields.video }
    public var channel: String? { fields.channel }
    public var moments: [Moment] { fields.moments }
    public var links: [ReportLink] { fields.links }
    public var figures: [Figure] { fields.figures }

    public init(id: Int64, note: Int64, section: [String], ordinal: Int, text: String, markdown: String, line: Int,
                lead: String?, speaker: String?, notePath: String, noteSlug: String, noteTitle: String?,
                video: String?, channel: String?, moments: [Moment], links: [ReportLink], figures: [Figure]) {
        self.id = id
        self.note = note
        self.ordinal = ordinal
        self.line = line
        fields = Fields(section: section, text: text, markdown: markdown, lead: lead, speaker: speaker,
                        notePath: notePath, noteSlug: noteSlug, noteTitle: noteTitle, video: video, channel: channel,
                        moments: moments, links: links, figures: figures)
    }

    /// The first readable second the claim cites in `video`.
    public func firstSecond(in video: String?) -> Int? {
        let own = self.video
        return moments.first { $0.seconds != nil && ($0.video ?? own) == video }?.seconds
    }
}

/// A claim the transcripts do not back as cited (docs/verify.md).
public struct ClaimFlag: Sendable, Hashable {
    public var video: String
    /// `drifted` or `unsupported`.
    public var verdict: String
    /// For `drifted`: the second where it is said.
    public var suggested: Int?
}

/// A video: listed by a channel index page, named by notes, or both.
public struct ReportVideo: Sendable, Hashable {
    public var id: String
    public var title: String?
    public var channel: String?
    public var notes: [Int64] = []
    public var speakers: [String] = []

    public var displayTitle: String { title ?? id }

    package init(id: String, title: String?, channel: String?, notes: [Int64] = [], speakers: [String] = []) {
        self.id = id
        self.title = title
        self.channel = channel
        self.notes = notes
        self.speakers = speakers
    }
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
