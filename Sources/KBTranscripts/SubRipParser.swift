import KBModel
import KBExtract
/// Reads SubRip (`.srt`) files: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm` (a `.` decimal
/// mark too), text over one or more lines, blank lines between cues.
///
/// Tolerated: missing or wrong cue numbers, CRLF line ends, a byte-order mark, trailing
/// spaces, extra blank lines, `<i>`/`<b>`/`<u>`/`<font …>` tags and `{\an8}` overrides
/// (removed), HTML entities (decoded). Cue problems are warnings (see `CueScanner`).
/// Captions exported from YouTube's automatic ones, which repeat each line in the next cue,
/// are read once as rolling captions are (see `CueAssembler`).
enum SubRipParser {
    static func parse(path: String, text: String) -> Transcript {
        var scanner = CueScanner(webVTT: false, log: DiagnosticLog(file: path))
        ByteLines.forEach(text) { scanner.feed($0) }
        let (cues, log) = scanner.finish()
        let rolling = CueAssembler.isRolling(cues)
        return TranscriptAssembly.transcript(path: path, format: .srt, pieces: CueAssembler.pieces(cues, rolling: rolling),
                                             interpolate: false, cues: cues.count, log: log)
    }
}
