/// A parsed note: frontmatter, channel, claims and every link it holds.
public struct Note: Hashable, Sendable, Codable {
    /// Path relative to the indexed root, `/`-separated.
    public var path: String
    /// The file stem, the name other notes link to.
    public var slug: String
    public var title: String?
    public var videoID: String?
    /// Slug of the channel or show named by the `From:` line.
    public var channel: String?
    /// Display name of the channel when the `From:` link has a label.
    public var channelName: String?
    public var aliases: [String]
    /// Frontmatter keys other than title, videoId and aliases, as JSON text.
    public var extraFrontmatter: String?
    public var claims: [Claim]
    /// Links outside claims: the `From:` line, index lists, headings.
    public var otherLinks: [WikiLink]
    /// Citations outside claims (headings, index pages); kept so that none is lost.
    public var otherTimestamps: [Moment]
    /// Videos listed by a channel index page (`### [Title](https://www.youtube.com/watch?v=ID)`).
    public var videos: [VideoEntry]
    /// Every heading in order, with or without claims under it: what a rendered note's
    /// structure is made from.
    public var headings: [Heading]
    public var warnings: [Diagnostic]

    public init(path: String, slug: String, title: String? = nil, videoID: String? = nil,
                channel: String? = nil, channelName: String? = nil, aliases: [String] = [],
                extraFrontmatter: String? = nil, claims: [Claim] = [], otherLinks: [WikiLink] = [],
                otherTimestamps: [Moment] = [], videos: [VideoEntry] = [], headings: [Heading] = [],
                warnings: [Diagnostic] = []) {
        self.path = path
        self.slug = slug
        self.title = title
        self.videoID = videoID
        self.channel = channel
        self.channelName = channelName
        self.aliases = aliases
        self.extraFrontmatter = extraFrontmatter
        self.claims = claims
        self.otherLinks = otherLinks
        self.otherTimestamps = otherTimestamps
        self.videos = videos
        self.headings = headings
        self.warnings = warnings
    }

    /// Every link of the note, claims' first.
    public var allLinks: [WikiLink] { claims.flatMap(\.links) + otherLinks }
    /// Every citation of the note, claims' first.
    public var allTimestamps: [Moment] { claims.flatMap(\.timestamps) + otherTimestamps }
}

/// A heading of a note: its level (1 to 6 as written), its text as a section title, its line.
public struct Heading: Hashable, Sendable, Codable {
    public var level: Int
    public var title: String
    public var line: Int

    public init(level: Int, title: String, line: Int) {
        self.level = level
        self.title = title
        self.line = line
    }
}

/// A video as listed on a channel index page.
public struct VideoEntry: Hashable, Sendable, Codable {
    public var videoID: String
    public var title: String
    /// Link targets of the notes listed under the video.
    public var noteTargets: [String]
    public var line: Int

    public init(videoID: String, title: String, noteTargets: [String], line: Int) {
        self.videoID = videoID
        self.title = title
        self.noteTargets = noteTargets
        self.line = line
    }
}
