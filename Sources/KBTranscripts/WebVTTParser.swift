import KBModel
import KBExtract
/// Reads WebVTT (`.vtt`) files.
///
/// - The `WEBVTT` header line and the metadata lines after it (`Kind: captions`,
///   `Language: en`: the transcript's language) up to the first blank line.
/// - Cues with optional ids and settings after the end time (`align:start position:0%`),
///   `HH:MM:SS.mmm` or short `MM:SS.mmm` times; `NOTE`, `STYLE` and `REGION` blocks skipped.
/// - `<v Name>` voice tags name the speaker. A speaker stays until the next voice tag, so a
///   `<v 0>` that opens a turn and runs over several lines and cues without `</v>` covers them
///   all. `<c>`, `<i>`, `<b>`, `<u>`, `<lang>`, `<ruby>`, `<rt>` are removed, entities decoded.
/// - YouTube's automatic "rolling" captions (each line shown again in the next cue, words
///   timed inline, `word<00:00:01.500><c> next</c>`) give each word once, with its time
///   (see `CueAssembler`).
enum WebVTTParser {
    static func parse(path: String, text: String) -> Transcript {
        var log = DiagnosticLog(file: path)
        var scanner: CueScanner?
        var header = true
        var sawSignature = false
        var sawContent = false
        var language: String?
        ByteLines.forEach(text) { line in
            if header {
                let content = ByteLines.trimLeading(line.bytes)
                if !sawSignature, !sawContent, line.isBlank { return }  // blank lines before the signature
                if !sawSignature, !sawContent, ByteLines.hasPrefix(content, "WEBVTT") {
                    sawSignature = true
                    return
                }
                sawContent = true
                if !line.isBlank, ByteLines.arrow(in: content) == nil {
                    if sawSignature, let colon = content.firstIndex(of: 58) {
                        let key = ByteLines.string(content[content.startIndex..<colon]).trimmingWhitespace.lowercased()
                        let value = ByteLines.string(content[(colon + 1)...]).trimmingWhitespace
                        if key == "language", !value.isEmpty { language = value }
                        return
                    }
                    if sawSignature { return }
                }
                header = false
                if !sawSignature {
                    log.add("missing headers", line: 1, "no WEBVTT header line; read as WebVTT anyway")
                }
                scanner = CueScanner(webVTT: true, log: log)
                if line.isBlank { return }
            }
            scanner!.feed(line)
        }
        let (cues, finalLog) = scanner?.finish() ?? ([], log)
        let rolling = CueAssembler.isRolling(cues)
        var transcript = TranscriptAssembly.transcript(path: path, format: .vtt, pieces: CueAssembler.pieces(cues, rolling: rolling),
                                                       interpolate: false, cues: cues.count, log: finalLog)
        transcript.language = language
        return transcript
    }
}
