import KBModel
import KBExtract
import Foundation

/// The one entry point: a file's path and bytes (or text) to a `Transcript`, or nil when the
/// file is not a transcript (a note, or a file of another kind).
///
/// Which format (docs/transcripts.md, "Formats"), by content and extension:
/// - text that starts with `WEBVTT` (a byte-order mark and blank lines allowed before) is
///   WebVTT whatever its extension; `.vtt` files without the header are read as WebVTT too;
/// - `.srt` is SubRip; a `.txt` whose first line is a cue number or a timing line is too;
/// - `.json` is Whisper's output when it is an object with a `segments` key;
/// - `.md`, `.markdown` and `.txt` are speaker-turn transcripts when their body is mostly
///   turns (`SpeakerTurnParser`); otherwise nil: a note, left to the note pipeline.
public enum TranscriptReader {
    /// Extensions of the files a transcript may be in.
    public static let extensions: Set<String> = ["srt", "vtt", "json", "md", "markdown", "txt"]

    /// Reads a file's bytes. Nil when it is not a transcript (a `.md`, `.txt` or `.json` that
    /// is not valid UTF-8 is left alone too: for a `.md` the note pipeline reports it).
    ///
    /// Throws `ReadError` when the file is a transcript by its extension but cannot be read
    /// at all: it holds a NUL byte (not text), or its Whisper JSON does not parse. Bytes that
    /// are not UTF-8 in a `.srt` or `.vtt` file are read as U+FFFD with a warning at their
    /// line (the note reader's check), and the rest of the file is read.
    public static func read(path: String, data: Data) throws -> Transcript? {
        let ext = fileExtension(path)
        guard extensions.contains(ext) else { return nil }
        let text: String
        var warning: Diagnostic?
        do {
            text = try NoteReader.checkedText(data, displayPath: path)
        } catch ReadError.unreadable(let d) {
            guard ext == "srt" || ext == "vtt", !data.contains(0) else {
                if ext == "srt" || ext == "vtt" { throw ReadError.unreadable(d) }
                return nil
            }
            var bytes = [UInt8](data)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            text = String(decoding: bytes, as: UTF8.self)
            warning = Diagnostic(file: path, line: d.line, message: d.message + "; bytes that are not UTF-8 are read as U+FFFD")
        }
        guard var transcript = try read(path: path, text: text) else { return nil }
        if let warning { transcript.diagnostics.insert(warning, at: 0) }
        return transcript
    }

    /// Reads a file's text (already checked UTF-8, as `NoteReader` gives it); nil when it is
    /// not a transcript. Throws only for Whisper JSON that does not parse.
    public static func read(path: String, text: String) throws -> Transcript? {
        guard let format = format(path: path, text: text) else { return nil }
        var transcript: Transcript
        var fields: FrontmatterFields?
        switch format {
        case .whisper:
            transcript = try WhisperParser.parse(path: path, text: text)
        case .srt, .vtt, .turns:
            // UTF-8 once read as Windows-1252 ("Pascalâ€™s") is repaired, as in notes.
            let (repaired, mojibake) = Mojibake.repair(text)
            switch format {
            case .srt: transcript = SubRipParser.parse(path: path, text: repaired)
            case .vtt: transcript = WebVTTParser.parse(path: path, text: repaired)
            default: (transcript, fields) = SpeakerTurnParser.parse(path: path, text: repaired)
            }
            transcript.diagnostics.insert(contentsOf: mojibake.map { Diagnostic(file: path, line: $0.line, message: Mojibake.warning($0)) }, at: 0)
        }
        identify(&transcript, fields: fields, text: text)
        return transcript
    }

    /// The transcript format of a file, or nil when it is not a transcript.
    public static func format(path: String, text: String) -> TranscriptFormat? {
        let ext = fileExtension(path)
        guard extensions.contains(ext) else { return nil }
        if ext == "json" { return WhisperParser.looksLikeWhisper(text) ? .whisper : nil }
        let head = firstLines(text, 2)
        if let first = head.first, first.hasPrefix("WEBVTT"), first.count == 6 || first.dropFirst(6).first.map({ $0 == " " || $0 == "\t" }) == true {
            return .vtt
        }
        switch ext {
        case "srt": return .srt
        case "vtt": return .vtt
        case "txt":
            if let first = head.first, first.contains("-->") || (Int(first) != nil && head.count > 1 && head[1].contains("-->")) { return .srt }
            return SpeakerTurnParser.isTranscript(text) ? .turns : nil
        default:
            return SpeakerTurnParser.isTranscript(text) ? .turns : nil
        }
    }

    /// The first `n` lines that are not blank, trimmed, read from the start only.
    private static func firstLines(_ text: String, _ n: Int) -> [String] {
        var out: [String] = []
        var scanned = 0
        for line in text.utf8.split(separator: 10, maxSplits: 64, omittingEmptySubsequences: true) {
            scanned += 1
            if scanned > 64 { break }
            let s = (Substring(line).trimmingWhitespace)
            let clean = s.hasPrefix("\u{FEFF}") ? String(s.dropFirst()) : s
            if clean.isEmpty { continue }
            out.append(clean)
            if out.count == n { break }
        }
        return out
    }

    /// The lower-cased extension of the path's last component.
    public static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Fills the video id (and its source), the language and the title from what the file and
    /// its name say; warns when no video id is found.
    private static func identify(_ transcript: inout Transcript, fields: FrontmatterFields?, text: String) {
        let name = TranscriptVideoID.NameParts(path: transcript.path)
        if transcript.language == nil { transcript.language = name.language }
        if transcript.title == nil { transcript.title = name.title }
        if let id = fields?.videoID {
            transcript.videoID = id
            transcript.videoIDSource = .frontmatter
        } else if let url = fields?.youtubeURL, let id = YouTubeURL.parse(url)?.videoID {
            transcript.videoID = id
            transcript.videoIDSource = .youtubeURL
        } else if let id = name.bracketID {
            transcript.videoID = id
            transcript.videoIDSource = .fileNameBrackets
        } else if let id = name.stemID {
            transcript.videoID = id
            transcript.videoIDSource = .fileStem
        } else {
            let empty = fields?.emptyVideoID == true
            let why = empty ? "its video_id is empty" : fields != nil ? "its frontmatter names no video" : "the file names no video"
            transcript.diagnostics.insert(Diagnostic(file: transcript.path, line: empty ? videoIDLine(text) : nil,
                                                     message: "no video id: \(why), nor does its file name; read without a video"), at: 0)
        }
    }

    /// The line of the frontmatter's video id key, for the warning about its empty value.
    private static func videoIDLine(_ text: String) -> Int? {
        var found: Int?
        ByteLines.forEach(text) { line in
            guard found == nil, line.number <= 300 else { return }
            let c = ByteLines.trimLeading(line.bytes)
            if ByteLines.hasPrefix(c, "video_id:") || ByteLines.hasPrefix(c, "videoId:") || ByteLines.hasPrefix(c, "videoID:") { found = line.number }
        }
        return found
    }
}

/// Builds a transcript from the pieces a parser read.
enum TranscriptAssembly {
    static func transcript(path: String, format: TranscriptFormat, pieces: [TimedPiece], interpolate: Bool,
                           cues: Int, log: DiagnosticLog) -> Transcript {
        var speakers: [String] = []
        var seen = Set<String>()
        for p in pieces {
            if let s = p.speaker, seen.insert(s).inserted { speakers.append(s) }
        }
        var log = log
        if pieces.isEmpty {
            log.add("empty transcripts", line: nil, cues == 0 ? "no cue, turn or segment in the file" : "no text in any of its \(cues) cues, turns or segments")
        }
        return Transcript(path: path, format: format, speakers: speakers,
                          passages: PassageBuilder.passages(pieces, interpolate: interpolate),
                          cues: cues, diagnostics: log.all)
    }
}

/// Finds a video id in a transcript's file name (docs/transcripts.md, "Which video").
enum TranscriptVideoID {
    /// What a file name says: `Title [VIDEOID].en.vtt`, `pE3KKUKXcTM.en.srt`.
    struct NameParts {
        /// The id in the last `[…]` of the name that holds one (yt-dlp's default template).
        var bracketID: String?
        /// The title before that `[…]`.
        var title: String?
        /// The stem (name without extension and language) when it is an id.
        var stemID: String?
        /// The language code before the extension (`en`, `en-US`, `pt-BR`, `en-orig`).
        var language: String?

        init(path: String) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            var parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            // `-RdOwhmqP5s.en.srt` splits into ["-RdOwhmqP5s", "en", "srt"]; an id cannot hold a dot.
            if parts.count > 1 { parts.removeLast() }
            if parts.count > 1, TranscriptVideoID.isLanguage(parts.last!) { language = parts.removeLast() }
            let stem = parts.joined(separator: ".")
            if let open = stem.range(of: "[", options: .backwards), let close = stem.range(of: "]", options: .backwards),
               open.upperBound <= close.lowerBound {
                let inside = String(stem[open.upperBound..<close.lowerBound])
                if TranscriptVideoID.isIDShape(inside) {
                    bracketID = inside
                    let t = stem[..<open.lowerBound].trimmingWhitespace
                    title = t.isEmpty ? nil : t
                }
            }
            if bracketID == nil, TranscriptVideoID.isLikelyID(stem) { stemID = stem }
        }
    }

    private static let idScalars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// YouTube ids are 64 bits in 11 base-64 characters: the last holds only 4 of its 6 bits.
    private static let lastScalars = Set("AEIMQUYcgkosw048".utf8)

    /// Eleven characters of `A-Z a-z 0-9 - _`.
    static func isIDShape(_ s: String) -> Bool {
        s.utf8.count == 11 && s.utf8.allSatisfy(idScalars.contains)
    }

    /// Whether a file stem is a YouTube id, not a name: the id's shape, a last character an id
    /// can end with (`teaser_2021` cannot be one), and not a slug of lower-case words joined
    /// by hyphens (`jen-abel-20`).
    static func isLikelyID(_ s: String) -> Bool {
        guard isIDShape(s), let last = s.utf8.last, lastScalars.contains(last) else { return false }
        let slug = s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && s.utf8.contains(45) && s.utf8.first != 45
        return !slug
    }

    /// `en`, `en-US`, `zh-Hans`, `en-orig`: what yt-dlp and others put before the extension.
    /// Two-letter codes only: `lecture.pdf.srt` names no language.
    static func isLanguage(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].utf8.count == 2,
              parts[0].utf8.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return false }
        if parts.count == 2 {
            return (2...4).contains(parts[1].utf8.count) && parts[1].utf8.allSatisfy { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || ($0 >= 48 && $0 <= 57) }
        }
        return true
    }
}
