import KBModel
import KBExtract
/// A cue as a subtitle file writes it: its times and its lines of text.
struct RawCue {
    var start: Double
    var end: Double
    /// Line of the timing line (`00:00:01,000 --> ...`).
    var timingLine: Int
    var lines: [(number: Int, text: CueLine)] = []
}

/// Reads the cues of SubRip and WebVTT files, which share their shape: blocks separated by
/// blank lines, each an optional id line, a timing line `START --> END [settings]`, and lines
/// of text. What real files get wrong is tolerated and said:
///
/// - cue numbers may be missing, and blank lines may be doubled;
/// - a timing line right after a cue's text (no blank line between) starts the next cue, and
///   a number just before it is that cue's id, not text;
/// - text after a blank line that no timing line follows is kept with the cue before it
///   (a warning); text before the first cue is not read (a warning);
/// - an unreadable timing line (`00:00:0x,000 --> …`) is a warning, and its cue's text is kept
///   at the end of the cue before it;
/// - a cue that ends before it starts, starts before the cue before it, or overlaps it, is a
///   warning with the timing line; its times are kept as written, its end raised to its start;
/// - a cue without text is a warning.
struct CueScanner {
    /// WebVTT: `NOTE`, `STYLE` and `REGION` blocks are skipped, and only an empty line ends a
    /// cue (YouTube's rolling captions hold lines of one space). SubRip: any blank line ends it.
    var webVTT: Bool
    var log: DiagnosticLog
    private(set) var cues: [RawCue] = []

    private enum State { case between, inCue, skipping }
    private var state = State.between
    /// Lines outside any cue, waiting to see whether a timing line follows (then the last is its id).
    private var pending: [ByteLine] = []
    private var pendingStray: [(number: Int, text: CueLine)] = []

    init(webVTT: Bool, log: DiagnosticLog) {
        self.webVTT = webVTT
        self.log = log
    }

    mutating func feed(_ line: ByteLine) {
        if line.isEmpty || (line.isBlank && (!webVTT || state != .inCue)) {
            if state == .inCue { closeCue() }
            if state == .skipping { state = .between }
            flushPending(keepLast: false)
            return
        }
        if state == .skipping { return }
        let content = ByteLines.trimLeading(line.bytes)
        if let first = content.first, first >= 48 && first <= 57, let arrow = ByteLines.arrow(in: content) {
            if state == .inCue {
                // No blank line before this timing line: a number just above it is its id.
                if var cue = cues.last, let lastLine = cue.lines.last, lastLine.number == line.number - 1,
                   lastLine.text.text.allSatisfy({ $0 >= 48 && $0 <= 57 }), !lastLine.text.text.isEmpty {
                    cue.lines.removeLast()
                    cues[cues.count - 1] = cue
                }
                closeCue()
            }
            flushPending(keepLast: true)
            openCue(content, arrow: arrow, line: line.number)
            return
        }
        switch state {
        case .inCue:
            cues[cues.count - 1].lines.append((line.number, CueText.clean(line.bytes)))
        case .between:
            if webVTT, pending.isEmpty, Self.opensSkippedBlock(content) {
                state = .skipping
                return
            }
            pending.append(line)
        case .skipping:
            return
        }
    }

    /// `NOTE`, `STYLE` or `REGION`, alone or followed by white space.
    private static func opensSkippedBlock(_ content: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        for (word, count) in [("NOTE", 4), ("STYLE", 5), ("REGION", 6)] as [(StaticString, Int)] where ByteLines.hasPrefix(content, word) {
            let after = content.dropFirst(count).first
            return after == nil || after == 32 || after == 9
        }
        return false
    }

    /// Ends the file: what is pending is stray text.
    mutating func finish() -> (cues: [RawCue], log: DiagnosticLog) {
        if state == .inCue { closeCue() }
        flushPending(keepLast: false)
        return (cues, log)
    }

    private mutating func openCue(_ content: Slice<UnsafeBufferPointer<UInt8>>, arrow: Int, line: Int) {
        let left = content[content.startIndex..<arrow]
        var r = arrow + 3
        while r < content.endIndex, content[r] == 32 || content[r] == 9 { r += 1 }
        var rEnd = r
        while rEnd < content.endIndex, content[rEnd] != 32, content[rEnd] != 9 { rEnd += 1 }
        var lEnd = left.endIndex
        while lEnd > left.startIndex, left[lEnd - 1] == 32 || left[lEnd - 1] == 9 { lEnd -= 1 }
        let start = TimeText.cueSeconds(utf8: left[left.startIndex..<lEnd])
        let end = TimeText.cueSeconds(utf8: content[r..<rEnd])
        let previous = cues.last
        guard let start, let end else {
            let fallback = previous.map { max($0.start, $0.end) } ?? 0
            log.add("unreadable cue times", line: line,
                    "unreadable cue time \"\(ByteLines.string(content).prefix(60))\"; its text is kept at \(Self.clock(fallback))")
            cues.append(RawCue(start: fallback, end: fallback, timingLine: line))
            state = .inCue
            return
        }
        if end < start {
            log.add("cues ending before they start", line: line,
                    "cue ends before it starts (\(Self.clock(start)) --> \(Self.clock(end))); read as ending at its start")
        }
        if let p = previous {
            if start < p.start {
                log.add("cues out of order", line: line,
                        "cue starts at \(Self.clock(start)), before the cue above it (\(Self.clock(p.start)))")
            } else if start < p.end - 0.001 {
                log.add("overlapping cues", line: line,
                        "cue starts at \(Self.clock(start)), before the cue above it ends (\(Self.clock(p.end)))")
            }
        }
        cues.append(RawCue(start: start, end: max(start, end), timingLine: line))
        state = .inCue
    }

    /// Cues are read for seconds; one that lasts longer than this has a wrong end.
    static let longestCue = 300.0

    /// A cue of more than five minutes (`00:28:25,990 --> 01:22:10,370` in real captions) is a
    /// warning, and is read as ending after its words at 2.5 a second (at least 1 s), lest it
    /// cover an hour of the video.
    private mutating func checkLength(of index: Int) {
        let cue = cues[index]
        guard cue.end - cue.start > Self.longestCue else { return }
        var words = 0
        for (_, l) in cue.lines { words += l.text.reduce(into: l.text.isEmpty ? 0 : 1) { if $1 == 32 { $0 += 1 } } }
        let end = cue.start + max(1, Double(words) / 2.5)
        log.add("cues lasting minutes", line: cue.timingLine,
                "cue lasts \(TimeText.clock(Int(cue.end - cue.start))) (\(Self.clock(cue.start)) --> \(Self.clock(cue.end))); read as ending at \(Self.clock(end))")
        cues[index].end = end
    }

    private mutating func closeCue() {
        state = .between
        guard let cue = cues.last else { return }
        checkLength(of: cues.count - 1)
        if !cue.lines.contains(where: { !$0.text.isBlank }) {
            log.add("cues without text", line: cue.timingLine, "cue at \(Self.clock(cue.start)) has no text")
        }
    }

    /// Lines outside cues: with `keepLast`, the last is the id of the cue that follows.
    private mutating func flushPending(keepLast: Bool) {
        var lines = pending
        pending.removeAll()
        if keepLast, !lines.isEmpty { lines.removeLast() }
        // A lone number before a blank line is a cue number whose cue is missing: nothing to keep.
        lines.removeAll { ByteLines.isInteger(ByteLines.trimLeading($0.bytes)) }
        guard let first = lines.first else { return }
        guard !cues.isEmpty else {
            log.add("text before the first cue", line: first.number,
                    "text before the first cue is not read: \"\(ByteLines.string(first.bytes).prefix(60))\"")
            return
        }
        log.add("text outside cues", line: first.number, "text after a blank line inside a cue; kept with the cue above it")
        for l in lines { cues[cues.count - 1].lines.append((l.number, CueText.clean(l.bytes))) }
    }

    /// `HH:MM:SS.mmm`, how diagnostics show cue times.
    static func clock(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        let whole = TimeText.clock(ms / 1000)
        let frac = ms % 1000
        return whole + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + String(frac)
    }
}

/// Turns the cues of a subtitle file into timed pieces: one per cue and speaker, or, for
/// YouTube's rolling captions, one per word said, each once.
enum CueAssembler {
    /// Whether the cues are rolling captions: lines carry word times (`<00:00:01.500>`), or
    /// at least half the cues open with the line the cue before ended with.
    static func isRolling(_ cues: [RawCue]) -> Bool {
        var repeats = 0
        var withText = 0
        var previousLast: [UInt8]?
        for cue in cues {
            var firstLine: [UInt8]?
            var lastLine: [UInt8]?
            for (_, l) in cue.lines where !l.isBlank {
                if l.hasTimes { return true }
                if firstLine == nil { firstLine = l.text }
                lastLine = l.text
            }
            guard let firstLine else { continue }
            withText += 1
            if let p = previousLast, p == firstLine { repeats += 1 }
            previousLast = lastLine
        }
        return withText >= 4 && repeats * 2 >= withText
    }

    /// The pieces of the cues, with the speakers named by voice tags; a speaker stays until the next voice tag.
    static func pieces(_ cues: [RawCue], rolling: Bool) -> [TimedPiece] {
        var out: [TimedPiece] = []
        out.reserveCapacity(cues.count * (rolling ? 8 : 1))
        var speaker: String?
        var previousLines: [[UInt8]] = []
        for cue in cues {
            let lines = cue.lines.filter { !$0.text.isBlank }
            if rolling {
                // The lines this cue repeats from the one before: its longest opening run of
                // untimed lines equal to the closing lines of the previous cue.
                var k = min(lines.count, previousLines.count)
                while k > 0 {
                    let tail = previousLines[(previousLines.count - k)...]
                    if zip(lines.prefix(k), tail).allSatisfy({ !$0.0.text.hasTimes && $0.0.text.text == $0.1 }) { break }
                    k -= 1
                }
                previousLines = lines.map(\.text.text)
                for (number, line) in lines.dropFirst(k) {
                    appendWords(line, number: number, cue: cue, speaker: &speaker, into: &out)
                }
            } else {
                // One piece per speaker within the cue; lines of one speaker are joined.
                var text: [UInt8] = []
                var pieceLine = 0
                func flush() {
                    guard !text.isEmpty else { return }
                    out.append(TimedPiece(text: String(decoding: text, as: UTF8.self), start: cue.start, end: cue.end,
                                          line: pieceLine, turn: 0, speaker: speaker))
                    text.removeAll(keepingCapacity: true)
                }
                for (number, line) in lines {
                    var from = 0
                    for voice in line.voices {
                        append(line.text[from..<min(voice.offset, line.text.count)], to: &text, line: number, pieceLine: &pieceLine)
                        if voice.name != speaker {
                            flush()
                            speaker = voice.name
                        }
                        from = min(voice.offset, line.text.count)
                    }
                    append(line.text[from...], to: &text, line: number, pieceLine: &pieceLine)
                }
                flush()
            }
        }
        numberTurns(&out)
        return out
    }

    private static func append(_ part: ArraySlice<UInt8>, to text: inout [UInt8], line: Int, pieceLine: inout Int) {
        var part = part
        while let f = part.first, f == 32 { part = part.dropFirst() }
        while let l = part.last, l == 32 { part = part.dropLast() }
        guard !part.isEmpty else { return }
        if text.isEmpty { pieceLine = line } else { text.append(32) }
        text += part
    }

    /// The words of one new line of rolling captions. A word's time is the inline time before
    /// it (the first word's is the cue's start); it ends where the next begins, the last at the
    /// cue's end. Words between two times without one of their own share the span evenly.
    private static func appendWords(_ line: CueLine, number: Int, cue: RawCue, speaker: inout String?, into out: inout [TimedPiece]) {
        var marks: [(offset: Int, seconds: Double)] = [(0, cue.start)]
        for t in line.times where t.offset > 0 { marks.append(t) }
        var voiceIndex = 0
        for m in marks.indices {
            let from = marks[m].offset
            let to = m + 1 < marks.count ? marks[m + 1].offset : line.text.count
            let spanStart = marks[m].seconds
            let spanEnd = max(spanStart, m + 1 < marks.count ? marks[m + 1].seconds : cue.end)
            guard from < to else { continue }
            let words = line.text[from..<to].split(separator: 32)
            for (w, word) in words.enumerated() {
                while voiceIndex < line.voices.count, line.voices[voiceIndex].offset <= from { speaker = line.voices[voiceIndex].name; voiceIndex += 1 }
                let step = (spanEnd - spanStart) / Double(words.count)
                out.append(TimedPiece(text: String(decoding: word, as: UTF8.self),
                                      start: spanStart + step * Double(w), end: spanStart + step * Double(w + 1),
                                      line: number, turn: 0, speaker: speaker, isWord: true))
            }
        }
    }

    /// A new turn wherever the speaker changes.
    static func numberTurns(_ pieces: inout [TimedPiece]) {
        var turn = 0
        for i in pieces.indices {
            if i > 0, pieces[i].speaker != pieces[i - 1].speaker { turn += 1 }
            pieces[i].turn = turn
        }
    }
}
