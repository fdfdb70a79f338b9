import KBModel
import KBExtract
/// A timed piece of transcript text as a parser reads it: a cue (or the part of a cue one
/// speaker says), a word with its own time, a Whisper segment, or a line of a speaker turn.
struct TimedPiece {
    /// Plain text, trimmed, not empty.
    var text: String
    var start: Double
    var end: Double
    var line: Int?
    /// Pieces of one turn are consecutive; a passage never takes pieces of two turns.
    var turn: Int
    var speaker: String?
    /// A word with its own time: kept in `Passage.words`.
    var isWord = false
    /// Whether a space separates the piece from the one before (not between the words of a
    /// language written without spaces, as Whisper marks them).
    var spaceBefore = true
}

/// Cuts timed pieces into passages (docs/transcripts.md, "Passages").
///
/// - Text with punctuation is cut into sentences by `SentenceSplitter`. A sentence takes the
///   start of the piece it starts in and the end of the piece it ends in, so a sentence over
///   three cues runs from the first cue's start to the last cue's end; with `interpolate`
///   (speaker turns, whose lines have no times of their own) the times are read at the
///   sentence's place inside those pieces instead, in proportion to characters.
/// - Where speakers are named, a turn of at most `wholeTurnSentences` sentences stays one
///   passage ("Yeah. Totally. Go on." reads as one reply); longer turns give one passage per
///   sentence, each with the turn's speaker. Without speakers every sentence is a passage.
/// - Text without punctuation (YouTube's automatic captions) is cut into windows of about
///   `windowSeconds`, at piece (cue or word) boundaries; so is a "sentence" over several
///   pieces that lasts more than twice that or runs past `windowCharacters` (an unpunctuated
///   stretch of otherwise punctuated captions).
enum PassageBuilder {
    static let wholeTurnSentences = 3
    static let windowSeconds = 20.0
    /// A window also ends at this many characters, whatever the times say (broken or zero times).
    static let windowCharacters = 1_500
    /// Punctuated text ends a sentence at least once every this many words.
    static let wordsPerSentenceMark = 40

    static func passages(_ pieces: [TimedPiece], interpolate: Bool) -> [Passage] {
        var out: [Passage] = []
        out.reserveCapacity(pieces.count)
        let sentences = isPunctuated(pieces)
        // Runs are speaker turns only where the file names speakers; a captions file without
        // them is one long run, and each sentence is its own passage.
        let wholeTurns = pieces.contains { $0.speaker != nil }
        var lo = 0
        while lo < pieces.count {
            var hi = lo + 1
            while hi < pieces.count, pieces[hi].turn == pieces[lo].turn { hi += 1 }
            if sentences {
                cutSentences(pieces[lo..<hi], interpolate: interpolate, wholeTurns: wholeTurns, into: &out)
            } else {
                cutWindows(pieces[lo..<hi], into: &out)
            }
            lo = hi
        }
        for i in out.indices { out[i].ordinal = i }
        return out
    }

    /// Whether the text ends sentences with `.`, `?` or `!` often enough to be cut into them,
    /// judged on its first 5,000 words.
    static func isPunctuated(_ pieces: [TimedPiece]) -> Bool {
        var words = 0
        var marks = 0
        for var p in pieces {
            if words > 5_000 { break }
            var inWord = false
            var last: UInt8 = 32
            p.text.withUTF8 { bytes in
            for b in bytes {
                let space = b == 32 || b == 9 || b == 10
                if space {
                    if inWord, last == 46 || last == 63 || last == 33 { marks += 1 }
                    inWord = false
                } else {
                    if !inWord { words += 1 }
                    inWord = true
                    // Closing quotes and brackets after the mark do not hide it.
                    if !(b == 34 || b == 39 || b == 41 || b == 93 || b >= 0x80) { last = b }
                }
            }
            }
            if inWord, last == 46 || last == 63 || last == 33 { marks += 1 }
        }
        return marks > 0 && marks * wordsPerSentenceMark >= words
    }

    private static func cutSentences(_ pieces: ArraySlice<TimedPiece>, interpolate: Bool, wholeTurns: Bool, into out: inout [Passage]) {
        // The turn's text as scalars, and where each piece sits in it.
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        var ends: [Int] = []
        starts.reserveCapacity(pieces.count)
        ends.reserveCapacity(pieces.count)
        var capacity = 0
        for p in pieces { capacity += p.text.utf8.count + 1 }
        scalars.reserveCapacity(capacity)
        for var p in pieces {
            if !scalars.isEmpty, p.spaceBefore { scalars.append(" ") }
            starts.append(scalars.count)
            let ascii: Bool = p.text.withUTF8 { bytes in
                guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
                for b in bytes { scalars.append(Unicode.Scalar(b)) }
                return true
            }
            if !ascii { for s in p.text.unicodeScalars { scalars.append(s) } }
            ends.append(scalars.count)
        }
        var cuts = SentenceSplitter.boundaries(scalars)
        if wholeTurns, cuts.count + 1 <= wholeTurnSentences { cuts = [] }
        cuts.append(scalars.count)
        let base = pieces.startIndex
        /// One passage of the text between offsets `lo` and `hi`, in pieces `from...to`.
        func emit(_ lo: Int, _ hi: Int, _ from: Int, _ to: Int) {
            var lo = lo, hi = hi
            while lo < hi, scalars[lo].isWhitespaceFast { lo += 1 }
            while hi > lo, scalars[hi - 1].isWhitespaceFast { hi -= 1 }
            guard lo < hi else { return }
            let first = pieces[base + from], final = pieces[base + to]
            var start = first.start, end = final.end
            if interpolate {
                start = time(in: first, at: lo - starts[from], of: ends[from] - starts[from])
                end = time(in: final, at: min(hi, ends[to]) - starts[to], of: ends[to] - starts[to])
            }
            var words: [TimedWord] = []
            for k in from...to where pieces[base + k].isWord {
                let w = pieces[base + k]
                words.append(TimedWord(text: w.text, start: w.start, end: w.end))
            }
            out.append(Passage(ordinal: 0, start: start, end: max(start, end), speaker: first.speaker,
                               text: String(scalars: scalars[lo..<hi]), line: first.line, turn: first.turn, words: words))
        }
        var a = 0
        var piece = 0  // the piece holding `a`; sentences come in order
        for b in cuts {
            var lo = a, hi = b
            a = b
            while lo < hi, scalars[lo].isWhitespaceFast { lo += 1 }
            while hi > lo, scalars[hi - 1].isWhitespaceFast { hi -= 1 }
            guard lo < hi else { continue }
            while piece + 1 < starts.count, starts[piece + 1] <= lo { piece += 1 }
            var last = piece
            while last + 1 < starts.count, starts[last + 1] < hi { last += 1 }
            let span = pieces[base + last].end - pieces[base + piece].start
            if last > piece, span > 2 * windowSeconds || hi - lo > windowCharacters {
                // A "sentence" of minutes: speech the captioner did not punctuate. Windows of
                // about `windowSeconds` at piece boundaries, as for text without punctuation.
                var from = piece, windowLo = lo
                let windowStart = { (k: Int) in pieces[base + k].start }
                for k in (piece + 1)...last where pieces[base + k].end - windowStart(from) > windowSeconds || starts[k] - windowLo > windowCharacters {
                    emit(windowLo, starts[k], from, k - 1)
                    from = k
                    windowLo = starts[k]
                }
                emit(windowLo, hi, from, last)
            } else {
                emit(lo, hi, piece, last)
            }
            piece = last
        }
    }

    /// The time at `offset` characters into a piece of `length` characters, in proportion.
    private static func time(in piece: TimedPiece, at offset: Int, of length: Int) -> Double {
        guard length > 0, piece.end > piece.start else { return piece.start }
        let fraction = Double(max(0, min(offset, length))) / Double(length)
        return piece.start + (piece.end - piece.start) * fraction
    }

    private static func cutWindows(_ pieces: ArraySlice<TimedPiece>, into out: inout [Passage]) {
        var text = ""
        var first: TimedPiece?
        var end = 0.0
        var words: [TimedWord] = []
        func flush() {
            guard let f = first else { return }
            out.append(Passage(ordinal: 0, start: f.start, end: max(f.start, end), speaker: f.speaker,
                               text: text, line: f.line, turn: f.turn, words: words))
            text = ""
            first = nil
            words = []
        }
        for p in pieces {
            if let f = first, p.end - f.start > windowSeconds || text.utf8.count >= windowCharacters { flush() }
            if first == nil {
                first = p
                end = p.end
            } else if p.spaceBefore {
                text += " "
            }
            text += p.text
            end = max(end, p.end)
            if p.isWord { words.append(TimedWord(text: p.text, start: p.start, end: p.end)) }
        }
        flush()
    }
}
