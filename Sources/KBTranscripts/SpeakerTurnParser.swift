import KBModel
import KBExtract
import Foundation

/// Reads speaker-turn transcripts, the Rev/Otter style that podcast transcripts use, as text
/// or markdown with optional YAML frontmatter.
///
/// A turn starts at a header line, in one of these forms (`TIME` is `HH:MM:SS` or `MM:SS`):
///
///     Lenny Rachitsky (00:01:02):      the speaker, then the text on the next lines
///     (00:01:40):                      the same speaker goes on (a new paragraph, a new turn)
///     Lenny (00:01:02): text…          the text on the same line (the colon is then required)
///     [00:01:02] Lenny: text…          bracketed time first; without `Name:` the speaker goes on
///     Lenny [00:01:02]                 bracketed time after the name
///
/// The colon after a header that stands on its own line is optional (`Claire (01:00:03)`).
/// The text of a turn runs to the next header; blank lines inside it are paragraph breaks,
/// markdown headings (`# Title`, `## Transcript`) are skipped. Marks inside the text such as
/// `[inaudible 00:00:42]` are text: a time counts only as a header.
///
/// A file whose turns carry no times at all, but which is made of `Name:` lines each followed
/// by the turn's text, is read too, with times estimated (and a warning).
///
/// **When a `.md` or `.txt` file is a transcript** (`isTranscript`): its body (after any
/// frontmatter) is cut into blocks at blank lines and headings. It is a transcript when it
/// has at least two timed turn headers and at least as many blocks start with a header as
/// blocks that do not: "mostly turns". (Untimed `Name:` turns need more: four or more, two
/// or more names, one of them used three times or more, prose after each, and again at least
/// as many turn blocks as other blocks.) Anything else is a note.
enum SpeakerTurnParser {
    /// A turn header read from a line.
    struct Header {
        var label: String?
        /// Seconds, nil when the header has no time or an unreadable one.
        var time: Double?
        /// The time as written, when the header has one.
        var timeText: String?
        /// Text after the header on the same line.
        var rest: Slice<UnsafeBufferPointer<UInt8>>?
    }

    enum Kind {
        case blank, heading, text
        case header(Header)
    }

    // MARK: - Deciding

    /// Whether the text (a whole `.md`/`.txt` file) is mostly speaker turns; see the type's comment.
    static func isTranscript(_ text: String) -> Bool {
        mode(of: text, skippingFrontmatter: true) != nil
    }

    private enum Mode { case timed, untimed }

    private static func mode(of text: String, skippingFrontmatter: Bool) -> Mode? {
        var timed = 0, turnBlocks = 0, otherBlocks = 0
        var untimedBlocks = 0, untimedProse = 0
        var labels: [String: Int] = [:]
        var inBlock = false
        var blockLines = 0
        var blockLabel: String?  // the `Name:` line that opened the current block
        var proseAfterLabel = false
        var frontmatter = 0  // 0: not yet known, 1: inside, 2: done
        func endBlock() {
            if let label = blockLabel {
                if blockLines >= 2 {
                    untimedBlocks += 1
                    labels[label, default: 0] += 1
                    if proseAfterLabel { untimedProse += 1 }
                } else {
                    otherBlocks += 1
                }
            }
            inBlock = false
            blockLabel = nil
        }
        ByteLines.forEach(text) { line in
            if skippingFrontmatter, frontmatter < 2 {
                let isFence = ByteLines.trimLeading(line.bytes).elementsEqual("---".utf8)
                if frontmatter == 0 {
                    frontmatter = isFence ? 1 : 2
                    if isFence { return }
                } else {
                    if isFence || line.number > 300 { frontmatter = 2 }
                    return
                }
            }
            switch kind(line.bytes) {
            case .blank, .heading:
                if inBlock { endBlock() }
            case .header:
                timed += 1
                if !inBlock {
                    turnBlocks += 1
                    inBlock = true
                    blockLines = 0
                }
                blockLines += 1
            case .text:
                if !inBlock {
                    inBlock = true
                    blockLines = 0
                    if let h = untimedHeader(line.bytes) {
                        blockLabel = h.label
                        proseAfterLabel = false
                    } else {
                        otherBlocks += 1
                    }
                } else if blockLabel != nil, blockLines == 1, let f = ByteLines.trimLeading(line.bytes).first {
                    proseAfterLabel = isProseStart(f)
                }
                blockLines += 1
            }
        }
        if inBlock { endBlock() }
        if timed >= 2, turnBlocks >= otherBlocks + untimedBlocks { return .timed }
        if timed == 0, untimedBlocks >= 4, untimedBlocks >= otherBlocks, labels.count >= 2,
           labels.values.contains(where: { $0 >= 3 }), untimedProse * 5 >= untimedBlocks * 4 {
            return .untimed
        }
        return nil
    }

    private static func isProseStart(_ b: UInt8) -> Bool {
        (b | 0x20 >= 97 && b | 0x20 <= 122) || (b >= 48 && b <= 57) || b >= 0x80 || b == 34 || b == 39 || b == 40 || b == 91
    }

    // MARK: - Lines

    /// What a line of the body is.
    static func kind(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Kind {
        let content = ByteLines.trimLeading(bytes)
        guard let first = content.first else { return .blank }
        if first == 35 {  // '#': a heading when 1-6 of them stand before a space or the end
            var k = content.startIndex
            while k < content.endIndex, content[k] == 35 { k += 1 }
            let level = k - content.startIndex
            if level <= 6, k == content.endIndex || content[k] == 32 || content[k] == 9 { return .heading }
            return .text
        }
        if let h = header(content) {
            if let label = h.label, isPartMarker(label) { return .heading }
            return .header(h)
        }
        return .text
    }

    /// Rev's `PART 1 OF 4 ENDS [00:23:04]`, between the parts of a long transcript: a marker
    /// read like a heading (skipped), not a turn of a speaker called "PART 1 OF 4 ENDS".
    private static func isPartMarker(_ label: String) -> Bool {
        guard label.utf8.count >= 16, label.utf8.prefix(5).elementsEqual("PART ".utf8) || label.lowercased().hasPrefix("part ") else { return false }
        let words = label.uppercased().split(separator: " ")
        return words.count == 5 && words[0] == "PART" && words[2] == "OF" && words[4] == "ENDS"
            && Int(words[1]) != nil && Int(words[3]) != nil
    }

    /// The header a line starts with, in any timed form.
    static func header(_ content: Slice<UnsafeBufferPointer<UInt8>>) -> Header? {
        let start = content.startIndex, end = content.endIndex
        // `[TIME] Name: text`, `[TIME] text`, `[TIME]`
        if content.first == 91, let (time, close) = time(in: content, from: start + 1, closer: 93) {
            var r = close + 1
            while r < end, content[r] == 32 || content[r] == 9 { r += 1 }
            var header = Header(label: nil, time: time.seconds, timeText: time.text, rest: nil)
            let limit = min(end, r + 64)
            if let colon = content[r..<limit].firstIndex(of: 58), colon + 1 == end || content[colon + 1] == 32 || content[colon + 1] == 9,
               let label = label(content[r..<colon], strict: false) {
                header.label = label
                r = colon + 1
                while r < end, content[r] == 32 || content[r] == 9 { r += 1 }
            }
            if r < end { header.rest = content[r..<end] }
            return header
        }
        // `Name (TIME):`, `(TIME):`, `Name [TIME]`, each alone or `…: text`
        var p = start
        let limit = min(end, start + 120)
        while p < limit {
            let b = content[p]
            if b == 40 || (b == 91 && p > start), let (time, close) = time(in: content, from: p + 1, closer: b == 40 ? 41 : 93) {
                var r = close + 1
                var colon = false
                if r < end, content[r] == 58 { colon = true; r += 1 }
                let alone = r == end
                if alone || (colon && (content[r] == 32 || content[r] == 9)) {
                    var nameEnd = p
                    while nameEnd > start, content[nameEnd - 1] == 32 || content[nameEnd - 1] == 9 { nameEnd -= 1 }
                    let name = content[start..<nameEnd]
                    if name.isEmpty && b == 40 {
                        return Header(label: nil, time: time.seconds, timeText: time.text, rest: alone ? nil : restAfter(content, r))
                    }
                    if let label = label(name, strict: false) {
                        return Header(label: label, time: time.seconds, timeText: time.text, rest: alone ? nil : restAfter(content, r))
                    }
                }
                return nil
            }
            if b == 44 || b == 63 || b == 33 || b == 59 || b == 58 { return nil }  // prose before any time: not a header
            p += 1
        }
        return nil
    }

    private static func restAfter(_ content: Slice<UnsafeBufferPointer<UInt8>>, _ from: Int) -> Slice<UnsafeBufferPointer<UInt8>>? {
        var r = from
        while r < content.endIndex, content[r] == 32 || content[r] == 9 { r += 1 }
        return r < content.endIndex ? content[r..<content.endIndex] : nil
    }

    /// A time written between brackets starting at `from` and closed by `closer`: digit groups
    /// joined by colons (2 to 4 groups) with an optional fraction. Its seconds are nil when it
    /// has the shape but no readable value (`00:75:00`, `01:00:17:51`).
    private static func time(in content: Slice<UnsafeBufferPointer<UInt8>>, from: Int, closer: UInt8) -> ((seconds: Double?, text: String), Int)? {
        var k = from
        var colons = 0, dots = 0, digits = 0
        let limit = min(content.endIndex, from + 16)
        while k < limit {
            let b = content[k]
            if b >= 48 && b <= 57 { digits += 1 } else if b == 58 { colons += 1 } else if b == 46 { dots += 1 } else { break }
            k += 1
        }
        guard k < limit, content[k] == closer, digits >= 2, (1...3).contains(colons), dots <= 1, content[from] != 58 else { return nil }
        let text = ByteLines.string(content[from..<k])
        let seconds = dots == 0 ? TimeText.seconds(text).map(Double.init) : TimeText.cueSeconds(text)
        return ((seconds, text), k)
    }

    /// A speaker's label: 1 to 80 bytes, at most 8 words, starting with a letter or digit, and
    /// none of the marks prose or markup has (`, ; ? ! " * # | < > [ ] { } = :`). `strict`
    /// (untimed `Name:` lines) also wants at most 4 words, each capitalised or a number.
    private static func label(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, strict: Bool) -> String? {
        guard let first = bytes.first, bytes.count <= 80 else { return nil }
        guard (first | 0x20 >= 97 && first | 0x20 <= 122) || (first >= 48 && first <= 57) || first >= 0x80 else { return nil }
        var words = 1
        var previous: UInt8 = 0
        for b in bytes {
            switch b {
            case 44, 59, 63, 33, 34, 42, 35, 124, 60, 62, 91, 93, 123, 125, 61, 58, 9: return nil
            case 32:
                if previous != 32 { words += 1 }
            default:
                if strict, previous == 32, !((b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b >= 0x80) { return nil }
            }
            previous = b
        }
        guard words <= (strict ? 4 : 8) else { return nil }
        if strict, !((first >= 65 && first <= 90) || (first >= 48 && first <= 57) || first >= 0x80) { return nil }
        return ByteLines.string(bytes).trimmingWhitespace
    }

    /// `Name:` alone on a line: the header of a turn without a time.
    static func untimedHeader(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Header? {
        let content = ByteLines.trimLeading(bytes)
        guard content.count >= 2, content.last == 58, content.count <= 41 else { return nil }
        guard let label = label(content.dropLast(), strict: true) else { return nil }
        return Header(label: label, time: nil, timeText: nil, rest: nil)
    }

    // MARK: - Reading

    private struct Turn {
        var headerLine: Int
        var label: String?
        var time: Double?
        var timeText: String?
        var lines: [(number: Int, text: String)] = []
        /// UTF-8 bytes of the turn's text: times inside a turn go in proportion to them.
        var characters = 0
        var words = 0
        var start = 0.0
        var end = 0.0
    }

    /// Reads a speaker-turn transcript (the caller has decided it is one), with the frontmatter
    /// fields that say which video it is of.
    static func parse(path: String, text: String) -> (Transcript, FrontmatterFields) {
        var log = DiagnosticLog(file: path)
        let front = Frontmatter.split(text)
        for w in front.warnings { log.add("frontmatter warnings", line: w.line, w.message) }
        let fields = FrontmatterFields(front)
        let body = String(front.body)
        let mode = mode(of: body, skippingFrontmatter: false) ?? .timed

        var turns: [Turn] = []
        var preamble: Int?
        ByteLines.forEach(body) { line in
            let number = line.number + front.bodyLineOffset
            var k = kind(line.bytes)
            if mode == .untimed, case .text = k, let h = untimedHeader(line.bytes) { k = .header(h) }
            switch k {
            case .blank, .heading:
                return
            case .header(let h):
                var turn = Turn(headerLine: number, label: h.label, time: h.time, timeText: h.timeText)
                if let rest = h.rest { turn.lines.append((number, ByteLines.string(rest))) }
                turns.append(turn)
            case .text:
                let content = ByteLines.string(ByteLines.trimLeading(line.bytes))
                if turns.isEmpty {
                    if preamble == nil { preamble = number }
                    return
                }
                turns[turns.count - 1].lines.append((number, content))
            }
        }
        if let preamble {
            log.add("text before the first turn", line: preamble, "text before the first speaker turn is not read as speech")
        }
        timeTurns(&turns, mode: mode, duration: fields.duration, log: &log)

        var pieces: [TimedPiece] = []
        var speaker: String?
        for (index, turn) in turns.enumerated() {
            if let label = turn.label { speaker = label }
            guard turn.characters > 0 else {
                log.add("turns without text", line: turn.headerLine, "speaker turn has no text")
                continue
            }
            // Each line gets its share of the turn's time, in proportion to its characters.
            var done = 0
            let span = turn.end - turn.start
            for (number, line) in turn.lines {
                let n = line.utf8.count
                let a = turn.start + span * Double(done) / Double(turn.characters)
                done += n
                let b = turn.start + span * Double(done) / Double(turn.characters)
                pieces.append(TimedPiece(text: line, start: a, end: b, line: number, turn: index, speaker: speaker))
            }
        }
        var transcript = TranscriptAssembly.transcript(path: path, format: .turns, pieces: pieces, interpolate: true,
                                                       cues: turns.count, log: log)
        fields.apply(to: &transcript)
        return (transcript, fields)
    }

    /// Gives every turn its start and end.
    ///
    /// A turn ends where the next one starts, and the last at the duration when it is known and
    /// later; but not far past what its words take: when that end is more than twice their
    /// length at 2.5 words a second plus 30 s away (a gap in the transcript, or one that stops
    /// well before the video does), the turn ends after its words at 2.5 a second. A turn without a readable time
    /// starts at its place (in characters) between the turns around it that have one; when no
    /// turn has a time, over the whole duration (or the words' length at 2.5 a second).
    private static func timeTurns(_ turns: inout [Turn], mode: Mode, duration: Double?, log: inout DiagnosticLog) {
        var totalCharacters = 0
        var words = 0
        for i in turns.indices {
            var n = 0, w = 0
            for (_, line) in turns[i].lines {
                n += line.utf8.count
                w += wordCount(line)
            }
            turns[i].characters = n
            turns[i].words = w
            totalCharacters += n
            words += w
        }
        let spoken = Double(words) / 2.5
        if mode == .untimed, let first = turns.first {
            let total = duration ?? spoken
            log.add("estimated times", line: first.headerLine, duration != nil
                ? "no speaker turn has a time: times are estimated from each turn's place in the text over the duration (\(Int(total)) s)"
                : "no speaker turn has a time and no duration is given: times are estimated at 2.5 words a second")
        }
        var previous: Double?
        for i in turns.indices {
            if let text = turns[i].timeText, turns[i].time == nil {
                log.add("unreadable turn times", line: turns[i].headerLine, "unreadable time (\(text)); the turn's time is estimated")
            }
            if let t = turns[i].time {
                if let p = previous, t < p {
                    log.add("turns out of order", line: turns[i].headerLine,
                            "turn starts at \(TimeText.clock(Int(t))), before the turn above it (\(TimeText.clock(Int(p))))")
                }
                previous = t
            }
        }
        // Known anchors: (characters before the turn, time), with the start and, when there is
        // no time at all, the end of the text.
        var anchors: [(at: Int, time: Double)] = [(0, 0)]
        var before = 0
        for turn in turns {
            if let t = turn.time { anchors.append((before, t)) }
            before += turn.characters
        }
        if anchors.count == 1 { anchors.append((max(totalCharacters, 1), duration ?? spoken)) }
        var next = 1
        before = 0
        for i in turns.indices {
            if let t = turns[i].time {
                turns[i].start = t
            } else {
                while next < anchors.count - 1, anchors[next].at < before { next += 1 }
                let a = anchors[max(0, next - 1)], b = anchors[next]
                if b.at > a.at, b.at >= before {
                    turns[i].start = a.time + (b.time - a.time) * Double(before - a.at) / Double(b.at - a.at)
                } else {
                    turns[i].start = max(a.time, b.time)
                }
            }
            before += turns[i].characters
        }
        for i in turns.indices {
            let spoken = Double(turns[i].words) / 2.5
            // Where a turn plausibly ends: its words at half the usual pace, and half a minute.
            let limit = turns[i].start + 2 * spoken + 30
            if i + 1 < turns.count {
                let next = max(turns[i].start, turns[i + 1].start)
                turns[i].end = next <= limit ? next : turns[i].start + spoken
            } else {
                // The duration, unless the transcript stops well before the video does.
                if let d = duration, d >= turns[i].start, d <= limit {
                    turns[i].end = d
                } else {
                    turns[i].end = turns[i].start + spoken
                }
                if let d = duration, turns[i].start > d + 30, mode == .timed {
                    log.add("turns past the end", line: turns[i].headerLine,
                            "the last turn starts at \(TimeText.clock(Int(turns[i].start))), past the duration (\(TimeText.clock(Int(d)))) the frontmatter gives")
                }
            }
        }
    }
}

/// Words of a line: runs of bytes between spaces.
private func wordCount(_ line: String) -> Int {
    var count = 0
    var inWord = false
    var line = line
    line.withUTF8 { bytes in
        for b in bytes {
            let space = b == 32 || b == 9
            if !space, !inWord { count += 1 }
            inWord = !space
        }
    }
    return count
}

/// The frontmatter keys a transcript reads: `video_id`/`videoId`, `youtube_url`/`url`,
/// `title`, `guest`, `duration_seconds` (or `duration` as `H:MM:SS`), `language`.
struct FrontmatterFields {
    var videoID: String?
    /// The video id key is there with an empty value.
    var emptyVideoID: Bool
    var youtubeURL: String?
    var title: String?
    var guest: String?
    var duration: Double?
    var language: String?

    init(_ front: Frontmatter) {
        videoID = front.videoID
        emptyVideoID = front.emptyVideoID
        title = front.title
        guard let json = front.extraJSON, let data = json.data(using: .utf8),
              let map = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return }
        func string(_ key: String) -> String? {
            switch map[key] {
            case let s as String: let t = s.trimmingWhitespace; return t.isEmpty ? nil : t
            case let i as Int: return String(i)
            default: return nil
            }
        }
        youtubeURL = string("youtube_url") ?? string("youtubeUrl") ?? string("url")
        guest = string("guest")
        language = string("language") ?? string("lang")
        if let d = Self.number(map["duration_seconds"]), d > 0 {
            duration = d
        } else if let s = string("duration_seconds"), let d = Double(s), d > 0 {
            duration = d
        } else if let s = string("duration"), let d = TimeText.seconds(s).map(Double.init) ?? Double(s), d > 0 {
            duration = d
        }
    }

    private static func number(_ value: Any?) -> Double? {
        switch value {
        case let i as Int: return Double(i)
        case let d as Double: return d
        case let n as NSNumber: return n.doubleValue
        default: return nil
        }
    }

    func apply(to transcript: inout Transcript) {
        transcript.title = title
        transcript.guest = guest
        transcript.duration = duration
        if let language { transcript.language = language }
    }
}
