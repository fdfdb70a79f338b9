import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// MARK: - TimeText

@Test(arguments: [
    ("00:14:23", 863), ("14:23", 863), ("1:02:03", 3723), ("00:14:23]", 863), ("[00:14:23]", 863),
    ("00:14:23:", 863), ("0:05", 5), ("10:00:00", 36000),
])
func timeTextReadsCitedTimes(text: String, expected: Int) {
    #expect(TimeText.seconds(text) == expected)
}

@Test(arguments: ["01:00:17:51", "", ":", "14", "14:75", "1:60:00", "ab:cd", "12345:00"])
func timeTextRefusesUnreadableTimes(text: String) {
    #expect(TimeText.seconds(text) == nil)
}

@Test func userSecondsTakesEveryForm() {
    #expect(TimeText.userSeconds("863") == 863)
    #expect(TimeText.userSeconds("14:23") == 863)
    #expect(TimeText.userSeconds("00:14:23") == 863)
    #expect(TimeText.userSeconds("14m23s") == 863)
    #expect(TimeText.userSeconds("863s") == 863)
    #expect(TimeText.userSeconds("1h2m3s") == 3723)
    #expect(TimeText.userSeconds(" 863 ") == 863)
    #expect(TimeText.userSeconds("abc") == nil)
    #expect(TimeText.userSeconds("") == nil)
    #expect(TimeText.userSeconds("-5") == nil)
}

@Test func clockPadsHoursMinutesSeconds() {
    #expect(TimeText.clock(863) == "00:14:23")
    #expect(TimeText.clock(3723) == "01:02:03")
    #expect(TimeText.clock(0) == "00:00:00")
    #expect(TimeText.clock(99 * 3600 + 59 * 60 + 59) == "99:59:59")
    #expect(TimeText.clock(100 * 3600 + 5) == "100:00:05")
}

@Test func youTubeURLReadsVideoAndStart() throws {
    let watch = try #require(YouTubeURL.parse("https://www.youtube.com/watch?v=abcDEF12345&t=399"))
    #expect(watch.videoID == "abcDEF12345")
    #expect(watch.seconds == 399)
    let short = try #require(YouTubeURL.parse("https://youtu.be/abcDEF12345?t=399"))
    #expect(short.seconds == 399)
    #expect(short.videoID == "abcDEF12345")
    #expect(YouTubeURL.parse("youtu.be/abcDEF12345")?.videoID == "abcDEF12345")
    #expect(YouTubeURL.parse("https://www.youtube.com/shorts/abcDEF12345?t=5")?.videoID == "abcDEF12345")
    let units = try #require(YouTubeURL.parse("https://www.youtube.com/watch?v=abcDEF12345&t=6m39s"))
    #expect(units.seconds == 399)
    let noTime = try #require(YouTubeURL.parse("https://www.youtube.com/watch?v=abcDEF12345"))
    #expect(noTime.seconds == nil)
    #expect(YouTubeURL.parse("https://example.com/watch?v=abcDEF12345&t=399") == nil)
    #expect(YouTubeURL.watch("abcDEF12345", seconds: 863) == "https://www.youtube.com/watch?v=abcDEF12345&t=863s")
}

// MARK: - Citations through NoteExtractor

@Test func anchorCitesItsSentence() throws {
    let note = extract(noteText("The dam cost a great deal \(anchor("00:14:23")).\n"))
    let claim = try #require(note.claims.first)
    #expect(note.claims.count == 1)
    #expect(claim.timestamps.count == 1)
    let t = try #require(claim.timestamps.first)
    #expect(t.seconds == 863)
    #expect(t.form == .anchor)
    #expect(t.line == 6)
    #expect(claim.text == "The dam cost a great deal.")
    #expect(!claim.markdown.contains("yt-timestamp"))
}

@Test func severalAnchorsBeforeThePeriodAttachToTheSentence() throws {
    let body = "Rivers were dammed \(anchor("00:01:00")), \(anchor("00:01:30")). Towns grew nearby \(anchor("00:02:00")).\n"
    let note = extract(noteText(body))
    try #require(note.claims.count == 2)
    #expect(note.claims[0].timestamps.map(\.seconds) == [60, 90])
    #expect(note.claims[1].timestamps.map(\.seconds) == [120])
    #expect(note.claims[0].text == "Rivers were dammed.")
    #expect(note.claims[1].text == "Towns grew nearby.")
}

@Test func severalAnchorsAfterThePeriodAttachToTheSentence() throws {
    let body = "Rivers were dammed. \(anchor("00:01:00")) \(anchor("00:01:30")) Towns grew nearby. \(anchor("00:02:00")), \(anchor("00:02:10"))\n"
    let note = extract(noteText(body))
    try #require(note.claims.count == 2)
    #expect(note.claims[0].timestamps.map(\.seconds) == [60, 90])
    #expect(note.claims[1].timestamps.map(\.seconds) == [120, 130])
}

@Test(arguments: [
    ("14:23", 863), ("1:02:03", 3723), ("00:14:23]", 863), ("00:14:23:", 863),
])
func anchorDataTVariants(dataT: String, expected: Int) throws {
    let body = "A claim about turbines <a class=\"yt-timestamp\" data-t=\"\(dataT)\">[\(dataT)]</a>.\n"
    let note = extract(noteText(body))
    let t = try #require(note.claims.first?.timestamps.first)
    #expect(t.seconds == expected)
    #expect(t.form == .anchor)
}

@Test func fourPartAnchorKeepsRawAndWarns() throws {
    let body = "First line of prose.\n\nA claim with an odd time <a class=\"yt-timestamp\" data-t=\"01:00:17:51\">[01:00:17:51]</a>.\n"
    let note = extract(noteText(body), path: "odd/four_part.md")
    let claim = try #require(note.claims.last)
    let t = try #require(claim.timestamps.first)
    #expect(t.seconds == nil)
    #expect(t.raw.contains("01:00:17:51"))
    #expect(t.form == .anchor)
    #expect(t.line == 8)
    let warning = try #require(note.warnings.first { $0.message.contains("01:00:17:51") })
    #expect(warning.file == "odd/four_part.md")
    #expect(warning.line == 8)
    #expect(warning.description.hasPrefix("odd/four_part.md:8:"))
}

@Test func emptyDataTFallsBackToAnchorText() throws {
    let body = "Empty value here <a class=\"yt-timestamp\" data-t=\"\">[00:05:00]</a>.\n"
    let t = try #require(extract(noteText(body)).claims.first?.timestamps.first)
    #expect(t.seconds == 300)
    #expect(t.form == .anchor)
}

@Test func anchorWithoutTextUsesDataT() throws {
    let body = "Empty text here <a class=\"yt-timestamp\" data-t=\"00:05:00\"></a>.\n"
    let claim = try #require(extract(noteText(body)).claims.first)
    #expect(claim.timestamps.map(\.seconds) == [300])
    #expect(claim.timestamps.first?.form == .anchor)
}

@Test func anchorTextWithoutBrackets() throws {
    let body = "No brackets here <a class=\"yt-timestamp\" data-t=\"00:05:00\">00:05:00</a>.\n"
    let claim = try #require(extract(noteText(body)).claims.first)
    #expect(claim.timestamps.map(\.seconds) == [300])
    #expect(!claim.text.contains("00:05:00"))
}

@Test func bareBracketTimeIsACitation() throws {
    let claim = try #require(extract(noteText("Solar panels got cheap [00:16:34].\n")).claims.first)
    let t = try #require(claim.timestamps.first)
    #expect(t.form == .bracket)
    #expect(t.seconds == 994)
    #expect(claim.text == "Solar panels got cheap.")
}

@Test func wikiLinkHoldingATimeIsACitationNotALink() throws {
    let note = extract(noteText("Wind farms spread quickly [[01:07:01]].\n"))
    let claim = try #require(note.claims.first)
    let t = try #require(claim.timestamps.first)
    #expect(t.form == .wikilink)
    #expect(t.seconds == 4021)
    #expect(claim.links.isEmpty)
    #expect(note.allLinks.isEmpty)
}

@Test func markdownYouTubeLinksAreURLCitations() throws {
    let body = """
        Chips got smaller [at 6:39](https://www.youtube.com/watch?v=abcDEF12345&t=399).

        Fabs got bigger [x](https://youtu.be/ghiJKL67890?t=399).

        """
    let note = extract(noteText(body))
    try #require(note.claims.count == 2)
    let first = try #require(note.claims[0].timestamps.first)
    #expect(first.form == .url)
    #expect(first.seconds == 399)
    #expect(first.video == "abcDEF12345")
    #expect(note.claims[0].text == "Chips got smaller.")
    let second = try #require(note.claims[1].timestamps.first)
    #expect(second.form == .url)
    #expect(second.seconds == 399)
    #expect(second.video == "ghiJKL67890")
}

@Test func anchorWhoseQuoteNeverClosesIsStillRead() throws {
    let body = "A broken quote <a class=\"yt-timestamp\" data-t=\"00:14:23>[00:14:23]</a>. Next sentence follows.\n"
    let note = extract(noteText(body))
    let claim = try #require(note.claims.first)
    #expect(claim.timestamps.map(\.seconds) == [863])
    #expect(claim.timestamps.first?.form == .anchor)
    #expect(!note.claims.contains { $0.text.contains("yt-timestamp") || $0.text.contains("14:23") })
}

@Test func noAnchorIsEverDropped() {
    let body = """
        # Heading with a time \(anchor("00:00:10"))

        Intro sentence \(anchor("00:00:20")), \(anchor("00:00:21")). Second one \(anchor("00:00:30")).

        ## Lists
        *   **Lead:** Item one \(anchor("00:01:00")).
        *   Item two. \(anchor("00:01:10")) \(anchor("00:01:20"))
            *   Nested item \(anchor("00:01:30")).

        > Quoted claim \(anchor("00:02:00")).

        | Topic | Detail |
        | --- | --- |
        | Dams | Big ones \(anchor("00:03:00")) |
        | \(anchor("00:03:10")) | Row label is a time |

        <div>Raw block \(anchor("00:04:00"))</div>

        \(anchor("00:05:00")) \(anchor("00:05:10"))

        Broken <a class="yt-timestamp" data-t="00:06:00>[00:06:00]</a> and four <a class="yt-timestamp" data-t="01:00:17:51">[01:00:17:51]</a>.
        Empty <a class="yt-timestamp" data-t="">[00:07:00]</a> and bare <a class="yt-timestamp" data-t="00:07:10"></a>.

        """
    let text = noteText(body)
    let expected = text.components(separatedBy: "yt-timestamp").count - 1
    let note = extract(text)
    let anchors = note.allTimestamps.filter { $0.form == .anchor }
    #expect(anchors.count == expected, "anchors in the fixture: \(expected), read: \(anchors.count)")
}

@Test func citationsInsideCodeAreNotCitations() {
    let body = """
        Inline code `<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>` and `[00:02:00]` is no citation.

        ```html
        <a class="yt-timestamp" data-t="00:03:00">[00:03:00]</a> [00:04:00] [[00:05:00]]
        ```

            <a class="yt-timestamp" data-t="00:06:00">[00:06:00]</a>

        """
    let note = extract(noteText(body))
    #expect(note.allTimestamps.isEmpty, "\(note.allTimestamps.map(\.raw))")
}

// MARK: - Found while probing

@Test func markdownOfACitedSentenceKeepsOnePeriod() throws {
    let claim = try #require(extract(noteText("The dam cost a great deal \(anchor("00:14:23")).\n")).claims.first)
    #expect(claim.text == "The dam cost a great deal.")
    #expect(claim.markdown == "The dam cost a great deal.")
}

@Test func crlfNoteReadsItsFrontmatterAndLines() throws {
    let text = "---\r\ntitle: Crlf Note\r\nvideoId: abcDEF12345\r\n---\r\n\r\nFirst claim here \(anchor("00:00:05")).\r\nSecond claim on line seven \(anchor("00:00:06")).\r\n"
    let note = extract(text)
    #expect(note.claims.map(\.line) == [6, 7])
    #expect(note.claims.map(\.text) == ["First claim here.", "Second claim on line seven."])
    #expect(note.title == "Crlf Note")
    #expect(note.videoID == "abcDEF12345")
    #expect(note.claims.first?.section == [])
}

@Test(arguments: [
    "Rivers were dammed. \(anchor("00:00:01")), \(anchor("00:00:02")) Towns grew.",
    "Rivers were dammed \(anchor("00:00:01")) \(anchor("00:00:02")). Towns grew.",
    "Rivers were dammed.\(anchor("00:00:01"))\(anchor("00:00:02")) Towns grew.",
    "Rivers were dammed \(anchor("00:00:01")), \(anchor("00:00:02")). Towns grew.",
])
func citationRunsAttachToTheSentenceBefore(body: String) throws {
    let note = extract(noteText(body + "\n"))
    #expect(note.claims.map(\.text) == ["Rivers were dammed.", "Towns grew."])
    #expect(note.claims.map { $0.timestamps.map(\.seconds) } == [[1, 2], []])
}

@Test func unreadableTimestampsAreCountedByTheIndex() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("n/odd.md", noteText("Odd time <a class=\"yt-timestamp\" data-t=\"01:00:17:51\">[01:00:17:51]</a>. Fine time \(anchor("00:00:02")).\n"))
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("n")])
    #expect(report.totals.timestamps == 2)
    #expect(report.totals.unreadableTimestamps == 1)
    #expect(report.warnings.contains { $0.file == "odd.md" && $0.line == 6 && $0.message.contains("01:00:17:51") })
    let raw = try store.sql("SELECT raw FROM timestamps WHERE seconds IS NULL").first?.string(0)
    #expect(raw?.contains("01:00:17:51") == true)
}

// MARK: - Cue times (subtitles)

@Test(arguments: [
    ("00:00:02,460", 2.46), ("00:00:02.460", 2.46), ("01:02:03,004", 3723.004), ("02:05.250", 125.25),
    ("00:00:01", 1.0), ("100:00:00,000", 360_000), (" 00:00:05,5 ", 5.5), ("75:00.000", 4500), ("0:00:00.1", 0.1),
])
func cueTimesReadSubRipAndWebVTT(text: String, expected: Double) {
    #expect(abs((TimeText.cueSeconds(text) ?? -1) - expected) < 1e-9)
}

@Test(arguments: ["", "12", "12,5", "00:61:00,000", "00:00:60,000", "1:2:3:4", "00:00:01,", "00:00:01,2,3", "aa:bb:cc", "00:00:01;000", "00:00:01,0000000001"])
func cueTimesRefuseOtherText(text: String) {
    #expect(TimeText.cueSeconds(text) == nil)
}
