/// A cited moment of a video: one citation, as written after a claim.
///
/// The one type for a citation everywhere: the extractor makes it, the store keeps and
/// returns it, search, jump and the reports show it. `seconds` is nil when the citation
/// cannot be read unambiguously; `raw` always keeps the source text so that nothing is lost.
public struct Moment: Hashable, Sendable, Codable {
    /// How the citation was written.
    public enum Form: String, Hashable, Sendable, Codable, CaseIterable {
        /// `<a class="yt-timestamp" data-t="00:14:23">[00:14:23]</a>` (TimestampAnchor)
        case anchor
        /// A bare `[00:16:34]`.
        case bracket
        /// A wiki-link holding a time, `[[01:07:01]]`.
        case wikilink
        /// A markdown link to `youtube.com/watch?v=ID&t=399` or `youtu.be/ID?t=399`.
        case url
    }

    public var seconds: Int?
    public var raw: String
    public var form: Form
    /// 1-based line in the note file; 0 where a reader did not ask for it.
    public var line: Int
    /// The video the citation itself names (a `url` citation); nil means the note's video.
    public var video: String?

    public init(seconds: Int?, raw: String, form: Form, line: Int = 0, video: String? = nil) {
        self.seconds = seconds
        self.raw = raw
        self.form = form
        self.line = line
        self.video = video
    }

    /// The video this moment is in, for a claim of a note about `noteVideo`.
    public func video(noteVideo: String?) -> String? { video ?? noteVideo }

    /// The link that opens the video at this second; nil when the time is unreadable or
    /// neither the citation nor its note names a video. The one URL rule of a citation.
    public func url(noteVideo: String?) -> String? {
        guard let seconds, let video = video(noteVideo: noteVideo) else { return nil }
        return YouTubeURL.watch(video, seconds: seconds)
    }
}
