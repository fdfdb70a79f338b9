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
    /// The time the video likely means when the written one is impossible (`ImpossibleTime`:
    /// `07:37:00` in a 20-minute video → 457): links go there, the written time stays shown.
    /// Set by the store when it reads citations for answers; nil otherwise.
    public var likely: Int?

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
        return YouTubeURL.watch(video, seconds: likely ?? seconds)
    }
}

extension Moment {
    /// The citation's source text with its time changed to `seconds`, in the form it was
    /// written and nothing else changed (`kb verify --fix`): every time inside it (an
    /// anchor's `data-t` and its text, a bracket's, a wiki-link's) is rewritten with as many
    /// parts as it had (`14:23` stays minutes and seconds when under an hour), and a URL's
    /// `t=` value is rewritten in its own unit (`t=863`, `t=863s`, `t=14m23s` → seconds with
    /// `s`). Nil when the text holds no time to rewrite.
    public func retimed(to seconds: Int) -> String? {
        let scalars = Array(raw.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < scalars.count && ("0"..."9").contains(scalars[k]) }
        while i < scalars.count {
            // `t=` (after ? or &) in a URL.
            if form == .url, scalars[i] == "t", i + 1 < scalars.count, scalars[i + 1] == "=",
               i > 0, scalars[i - 1] == "?" || scalars[i - 1] == "&" || scalars[i - 1] == "#" {
                var j = i + 2
                while j < scalars.count, isDigit(j) || "hms".unicodeScalars.contains(scalars[j]) { j += 1 }
                if j > i + 2 {
                    out.append(contentsOf: "t=\(seconds)s".unicodeScalars)
                    changed = true
                    i = j
                    continue
                }
            }
            // A clock: digit groups joined by colons (`14:23`, `00:14:23`, `43:00:00`).
            if form != .url, isDigit(i), i == 0 || !isDigit(i - 1) {
                var j = i
                var parts = 1
                while j < scalars.count, isDigit(j) || (scalars[j] == ":" && isDigit(j + 1)) {
                    if scalars[j] == ":" { parts += 1 }
                    j += 1
                }
                if parts >= 2 {
                    let clock = TimeText.clock(seconds)
                    let text = parts == 2 && seconds < 3600 ? String(clock.dropFirst(3)) : clock
                    out.append(contentsOf: text.unicodeScalars)
                    changed = true
                    i = j
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return changed ? String(out) : nil
    }
}
