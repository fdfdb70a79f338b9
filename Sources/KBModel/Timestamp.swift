/// A citation of a moment in a video, as written after a claim.
///
/// `seconds` is nil when the citation cannot be read unambiguously; `raw` always
/// keeps the source text so that nothing is lost.
public struct Timestamp: Hashable, Sendable, Codable {
    /// How the citation was written.
    public enum Form: String, Hashable, Sendable, Codable, CaseIterable {
        /// `<a class="yt-timestamp" data-t="00:14:23">[00:14:23]</a>`
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
    /// 1-based line in the note file.
    public var line: Int
    /// The video a `url` citation names, when it names one.
    public var videoID: String?

    public init(seconds: Int?, raw: String, form: Form, line: Int, videoID: String? = nil) {
        self.seconds = seconds
        self.raw = raw
        self.form = form
        self.line = line
        self.videoID = videoID
    }
}
