import KBModel
import KBExtract
import Foundation

/// Reads Whisper's JSON output:
///
///     {"text": "…", "language": "en", "duration": 12.5?,
///      "segments": [{"start": 0.0, "end": 4.2, "text": " Hello there.", "speaker"?: "SPEAKER_00",
///                    "words"?: [{"word": " Hello", "start": 0.0, "end": 0.4}, …]}, …]}
///
/// With `words` (`--word_timestamps True`, WhisperX), each word is a piece with its own time
/// (a word without one takes the gap between its neighbours); without, each segment is one.
/// WhisperX's `speaker` on a segment or word names the speaker. JSON has no useful line
/// numbers, so diagnostics name the segment (1-based) instead.
enum WhisperParser {
    struct Document: Decodable {
        var text: String?
        var language: String?
        var duration: Double?
        var segments: [Segment]
    }

    struct Segment: Decodable {
        var start: Double?
        var end: Double?
        var text: String?
        var speaker: String?
        var words: [Word]?
    }

    struct Word: Decodable {
        var word: String?
        var start: Double?
        var end: Double?
        var speaker: String?
    }

    /// Whether the text is JSON that looks like Whisper's: an object with a `segments` key.
    static func looksLikeWhisper(_ text: String) -> Bool {
        guard text.utf8.first(where: { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }) == 123 else { return false }
        return text.utf8Range(of: "\"segments\"") != nil
    }

    /// Reads the JSON; a file that is not valid JSON of this shape fails as a whole.
    static func parse(path: String, text: String) throws -> Transcript {
        let document: Document
        do {
            let json = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        } catch {
            throw ReadError.unreadable(Diagnostic(file: path, message: "not Whisper JSON: \(describe(error))"))
        }
        var log = DiagnosticLog(file: path)
        var pieces: [TimedPiece] = []
        var previous: (start: Double, end: Double)?
        for (index, segment) in document.segments.enumerated() {
            let n = index + 1
            let fallback = previous.map { max($0.start, $0.end) } ?? 0
            var start = segment.start ?? segment.words?.first?.start ?? fallback
            var end = segment.end ?? segment.words?.last?.end ?? start
            if segment.start == nil || segment.end == nil {
                log.add("segments without times", line: nil, "segment \(n) has no start or end time; read at \(CueScanner.clock(start))")
            }
            if !start.isFinite || !end.isFinite || start < 0 {
                log.add("unreadable segment times", line: nil, "segment \(n) has an unreadable time; read at \(CueScanner.clock(fallback))")
                start = fallback
                end = fallback
            }
            if end < start {
                log.add("segments ending before they start", line: nil,
                        "segment \(n) ends before it starts (\(CueScanner.clock(start)) --> \(CueScanner.clock(end))); read as ending at its start")
                end = start
            }
            if let p = previous {
                if start < p.start {
                    log.add("segments out of order", line: nil, "segment \(n) starts at \(CueScanner.clock(start)), before segment \(n - 1) (\(CueScanner.clock(p.start)))")
                } else if start < p.end - 0.001 {
                    log.add("overlapping segments", line: nil, "segment \(n) starts at \(CueScanner.clock(start)), before segment \(n - 1) ends (\(CueScanner.clock(p.end)))")
                }
            }
            previous = (start, end)
            let before = pieces.count
            if let words = segment.words, !words.isEmpty {
                appendWords(words, segmentStart: start, segmentEnd: end, speaker: segment.speaker, into: &pieces)
            } else if let t = segment.text {
                let text = t.trimmingWhitespace
                if !text.isEmpty {
                    pieces.append(TimedPiece(text: text, start: start, end: end, line: nil, turn: 0, speaker: segment.speaker))
                }
            }
            if pieces.count == before {
                log.add("segments without text", line: nil, "segment \(n) at \(CueScanner.clock(start)) has no text")
            }
        }
        CueAssembler.numberTurns(&pieces)
        var transcript = TranscriptAssembly.transcript(path: path, format: .whisper, pieces: pieces, interpolate: false,
                                                       cues: document.segments.count, log: log)
        if let l = document.language?.trimmingWhitespace, !l.isEmpty { transcript.language = l }
        if let d = document.duration, d > 0, d.isFinite { transcript.duration = d }
        return transcript
    }

    private static func appendWords(_ words: [Word], segmentStart: Double, segmentEnd: Double, speaker: String?, into pieces: inout [TimedPiece]) {
        for (i, w) in words.enumerated() {
            guard let raw = w.word else { continue }
            let text = raw.trimmingWhitespace
            guard !text.isEmpty else { continue }
            // A word Whisper could not align has no times: it fills the gap between its neighbours.
            let start = w.start ?? words[..<i].reversed().lazy.compactMap(\.end).first ?? segmentStart
            let end = w.end ?? words[(i + 1)...].lazy.compactMap(\.start).first ?? segmentEnd
            let spaced = raw.unicodeScalars.first.map(\.isWhitespaceFast) ?? true
            pieces.append(TimedPiece(text: text, start: start, end: max(start, end), line: nil, turn: 0,
                                     speaker: w.speaker ?? speaker, isWord: true, spaceBefore: spaced || i == 0))
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let c): return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        case DecodingError.valueNotFound(_, let c): return "\(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}
