import KBModel
import KBExtract
/// The kinds of transcript file kb reads (docs/transcripts.md).
public enum TranscriptFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// SubRip `.srt`: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`.
    case srt
    /// WebVTT `.vtt`, YouTube's rolling automatic captions included.
    case vtt
    /// Speaker-turn text or markdown (Rev/Otter style): `Name (HH:MM:SS):` paragraphs.
    case turns
    /// Whisper's JSON output: `{"text", "language", "segments": [...]}`.
    case whisper
}

/// Where a transcript's video id came from, most trusted first.
public enum VideoIDSource: String, Hashable, Sendable, Codable {
    /// Frontmatter `video_id` / `videoId` / `videoID`.
    case frontmatter
    /// The `v=` (or `youtu.be/ID`) of frontmatter `youtube_url` / `url`.
    case youtubeURL
    /// A yt-dlp file name: `Title [VIDEOID].en.vtt`.
    case fileNameBrackets
    /// A file stem that is an 11-character YouTube id: `pE3KKUKXcTM.en.srt`.
    case fileStem
}

/// One word with its own time, as YouTube's automatic captions and Whisper give them.
public struct TimedWord: Hashable, Sendable, Codable {
    public var text: String
    public var start: Double
    public var end: Double

    public init(text: String, start: Double, end: Double) {
        self.text = text
        self.start = start
        self.end = end
    }
}

/// A readable unit of a transcript: a sentence, a short speaker turn, or a window of about
/// 20 seconds where the text has no punctuation (docs/transcripts.md, "Passages").
public struct Passage: Hashable, Sendable, Codable {
    /// 0-based position in the transcript.
    public var ordinal: Int
    /// Seconds from the start of the video; `start <= end`.
    public var start: Double
    public var end: Double
    /// The speaker's label as the file writes it (`Lenny`, `Speaker 1`); nil when the file names none.
    public var speaker: String?
    /// Plain text: tags removed, entities decoded, white space collapsed.
    public var text: String
    /// 1-based line of the file where the passage's text starts; nil for JSON.
    public var line: Int?
    /// 0-based speaker turn the passage belongs to: a turn paragraph of a speaker-turn file
    /// (`(HH:MM:SS):` continuations start their own), or in cue formats a run of cues by the
    /// same speaker (the whole file when no speaker is named). Passages never cross turns.
    public var turn: Int
    /// The passage's words with their own times, when the file gives word times; else empty.
    public var words: [TimedWord]

    public init(ordinal: Int, start: Double, end: Double, speaker: String? = nil, text: String,
                line: Int? = nil, turn: Int = 0, words: [TimedWord] = []) {
        self.ordinal = ordinal
        self.start = start
        self.end = end
        self.speaker = speaker
        self.text = text
        self.line = line
        self.turn = turn
        self.words = words
    }
}

/// A transcript file read into values: what it is of, who speaks, and its passages.
public struct Transcript: Hashable, Sendable, Codable {
    /// Path as given to the reader (relative to the indexed root); names the file in diagnostics.
    public var path: String
    /// The YouTube video id; nil when neither the file nor its name says (with a warning).
    public var videoID: String?
    public var videoIDSource: VideoIDSource?
    public var format: TranscriptFormat
    /// Language code (`en`) from the file (`Language:`, Whisper's `language`, frontmatter
    /// `language`) or its name (`x.en.srt`); nil when unknown.
    public var language: String?
    /// Frontmatter `title`, or the title part of a yt-dlp file name.
    public var title: String?
    /// Frontmatter `guest`, when there is one.
    public var guest: String?
    /// Length of the video in seconds when the file states it (frontmatter `duration_seconds`
    /// or `duration`, Whisper's `duration`); nil when unknown or stated as 0.
    public var duration: Double?
    /// Where the transcript ends: its stated duration, else its last passage's end (the
    /// same rule as `AlignTranscript.end`, which the store's rows give the aligner).
    public var end: Double { max(duration ?? 0, passages.map(\.end).max() ?? 0) }
    /// Speakers' labels as written, in order of first appearance.
    public var speakers: [String]
    public var passages: [Passage]
    /// How many cues (SubRip, WebVTT), speaker turns (turn files) or segments (Whisper) the file held.
    public var cues: Int
    /// Warnings with `file:line`; the transcript was read despite them.
    public var diagnostics: [Diagnostic]

    public init(path: String, videoID: String? = nil, videoIDSource: VideoIDSource? = nil, format: TranscriptFormat,
                language: String? = nil, title: String? = nil, guest: String? = nil, duration: Double? = nil,
                speakers: [String] = [], passages: [Passage] = [], cues: Int = 0, diagnostics: [Diagnostic] = []) {
        self.path = path
        self.videoID = videoID
        self.videoIDSource = videoIDSource
        self.format = format
        self.language = language
        self.title = title
        self.guest = guest
        self.duration = duration
        self.speakers = speakers
        self.passages = passages
        self.cues = cues
        self.diagnostics = diagnostics
    }
}
