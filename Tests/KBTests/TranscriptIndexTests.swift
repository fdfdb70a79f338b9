import Foundation
import Testing
@testable import KBModel
@testable import KBExtract
@testable import KBTranscripts
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex
import KBTestSupport

// Transcripts in the index: stored beside the notes, searched, quoted and rendered.
// Every text here is invented.

private let lectureVideo = "lectAAAAAAA"
private let podcastVideo = "podcBBBBBBB"

private let lectureSRT = """
    1
    00:00:01,000 --> 00:00:04,000
    Welcome to a lecture about tidal power.

    2
    00:00:04,500 --> 00:00:09,000
    The moon pulls the oceans twice a day.

    3
    00:01:10,000 --> 00:01:15,000
    A barrage across an estuary turns that pull into electricity.

    4
    00:01:15,500 --> 00:01:20,000
    The oldest one still runs in Brittany.

    """

private let podcastTurns = """
    ---
    video_id: \(podcastVideo)
    title: Ferries and bridges
    guest: Maren Okafor
    ---

    Hostname (00:00:05):
    Today I talk with Maren Okafor about ferries.

    Maren Okafor (00:00:12):
    Ferries carry forty million riders a year in our region. Bridges would cost far more.

    Hostname (00:01:02):
    Why do bridges cost more?

    Maren Okafor (00:01:06):
    Deep water makes every pier expensive.

    """

private func lectureNote() -> String {
    noteText(title: "Tidal power", videoID: lectureVideo, """
        ## Physics

        The moon's pull raises the oceans twice daily \(anchor("00:00:05")).

        ## Engineering

        Barrages convert tidal flow into electricity \(anchor("00:01:12")).

        """)
}

private func fixture(_ folder: TempFolder) throws {
    try folder.write("notes/tidal_power.md", lectureNote())
    try folder.write("notes/transcripts/\(lectureVideo).en.srt", lectureSRT)
    try folder.write("notes/transcripts/ferries.md", podcastTurns)
}

@Test func transcriptsAreIndexedBesideNotesAndCounted() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try Store(path: folder.path("kb.sqlite"))
    let first = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(first.indexed == 3)
    #expect(first.transcriptsIndexed == 2)
    #expect(first.totals.notes == 1, "the speaker-turn .md is a transcript, not a note")
    #expect(first.totals.transcripts == 2)
    let passages = try store.count("SELECT count(*) FROM passages")
    #expect(first.totals.passages == passages)
    #expect(passages >= 7)
    let lecture = try #require(try store.transcripts(ofVideo: lectureVideo).first)
    #expect(lecture.format == "srt")
    #expect(lecture.language == "en")
    let podcast = try #require(try store.transcripts(ofVideo: podcastVideo).first)
    #expect(podcast.speakers == ["Hostname", "Maren Okafor"])
    // Every passage is in the full-text index, once.
    #expect(try store.count("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'ferries'") == 2)

    let second = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(second.indexed == 0)
    #expect(second.unchanged == 3)
    #expect(second.totals.passages == passages)
}

@Test func anEditedTranscriptIsReadAgainAndADeletedOneLeaves() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try Store(path: folder.path("kb.sqlite"))
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    try folder.write("notes/transcripts/\(lectureVideo).en.srt", lectureSRT.replacingOccurrences(of: "Brittany", with: "Normandy"))
    let edited = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(edited.indexed == 1)
    #expect(edited.transcriptsIndexed == 1)
    #expect(try store.count("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'brittany'") == 0)
    #expect(try store.count("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'normandy'") == 1)

    try folder.remove("notes/transcripts/\(lectureVideo).en.srt")
    let removed = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(removed.removed == 1)
    #expect(removed.totals.transcripts == 1)
    #expect(try store.count("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'normandy'") == 0)
    #expect(try store.transcripts(ofVideo: lectureVideo).isEmpty)
}

@Test func aNoteRewrittenAsATranscriptChangesKind() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try folder.write("notes/ferries.md", noteText(title: "Ferries", videoID: podcastVideo, "Ferries are cheap \(anchor("00:00:12")).\n"))
    let store = try Store(path: folder.path("kb.sqlite"))
    let first = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(first.totals.notes == 1)
    try folder.write("notes/ferries.md", podcastTurns)
    let second = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(second.totals.notes == 0)
    #expect(second.totals.transcripts == 1)
    #expect(try store.count("SELECT count(*) FROM claims") == 0)
    try folder.write("notes/ferries.md", noteText(title: "Ferries", videoID: podcastVideo, "Ferries are cheap.\n"))
    let third = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(third.totals.notes == 1)
    #expect(third.totals.transcripts == 0)
    #expect(third.totals.passages == 0)
}

@Test func aTextFileThatIsNoTranscriptIsPassedOver() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try folder.write("notes/readme.txt", "Some words about this folder.\nNothing timed here.\n")
    try folder.write("notes/data.json", "{\"rows\": [1, 2, 3]}")
    try folder.write("notes/a.md", noteText("A claim.\n"))
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.failed == 0)
    #expect(report.indexed == 1)
    #expect(report.totals.transcripts == 0)
    #expect(report.warnings.isEmpty)
}

@Test func saidSearchFindsTheWordsWithTimesSpeakerAndLink() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    let result = try store.searchSaid(SearchRequest(query: "why are bridges so costly"))
    let hit = try #require(result.hits.first)
    #expect(hit.text.contains("Bridges would cost") || hit.text.contains("bridges cost more"))
    #expect(hit.video == podcastVideo)
    #expect(hit.transcript == "transcripts/ferries.md")

    let guest = try store.searchSaid(SearchRequest(query: "bridges", speaker: "Maren Okafor"))
    #expect(!guest.hits.isEmpty)
    #expect(guest.hits.allSatisfy { $0.speaker == "Maren Okafor" })
    let host = try store.searchSaid(SearchRequest(query: "bridges", speaker: "hostname"))
    #expect(host.hits.map(\.text) == ["Why do bridges cost more?"])

    // A channel is a folder of the transcript's path when no note names one.
    #expect(try store.searchSaid(SearchRequest(query: "moon", channel: "transcripts")).hits.count == 1)
    #expect(try store.searchSaid(SearchRequest(query: "moon", video: lectureVideo)).hits.first?.start == 4.5)
    #expect(throws: KBError.self) { try store.searchSaid(SearchRequest(query: "moon", channel: "nowhere")) }
    #expect(throws: KBError.self) { try store.searchSaid(SearchRequest(query: "moon", speaker: "Nobody Here")) }
    #expect(throws: KBError.self) { try store.searchSaid(SearchRequest(query: "moon", note: "tidal_power")) }
    // Claims are not passages: a word only the notes hold finds no passage.
    #expect(try store.searchSaid(SearchRequest(query: "daily")).hits.isEmpty)
}

@Test func saidSearchKeepsAtMostThreePlacesPerTranscriptFirst() {
    func hit(_ t: String, _ n: Int64) -> SaidHit {
        SaidHit(passage: n, transcript: t, video: nil, channel: nil, speaker: nil, start: 0, end: 1, text: "", snippet: "", score: 0)
    }
    let hits = [hit("a", 1), hit("a", 2), hit("a", 3), hit("a", 4), hit("b", 5)]
    #expect(Store.spread(hits, perTranscript: 3, limit: 5).map(\.passage) == [1, 2, 3, 5, 4])
    #expect(Store.spread(hits, perTranscript: nil, limit: 4).map(\.passage) == [1, 2, 3, 4])
}

@Test func quoteShowsThePassageUnderWayAtEachCitedTime() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    let claim = try #require(try store.sql("SELECT id FROM claims WHERE text LIKE 'Barrages%'").first?.int(0))
    let quote = try Quote.at(String(claim), context: 5, in: store)
    #expect(quote.claim == claim)
    let place = try #require(quote.places.first)
    #expect(place.seconds == 72)
    #expect(place.url == YouTubeURL.watch(lectureVideo, seconds: 72))
    let texts = place.transcripts.first?.passages.map(\.text) ?? []
    #expect(texts.first == "A barrage across an estuary turns that pull into electricity.")
    #expect(texts.count == 2, "the passage under way, and the one starting within 5 s")

    let byTime = try Quote.at("\(lectureVideo)@0:05", context: 0, in: store)
    #expect(byTime.places.first?.transcripts.first?.passages.map(\.start) == [4.5])
    // A note's name stands for its video.
    #expect(try Quote.at("tidal_power@0:05", context: 0, in: store).places.first?.video == lectureVideo)
    #expect(throws: KBError.self) { try Quote.at("zzzzzzzzzzz@0:05", in: store) }
}

@Test func transcriptPageSetsEachClaimBesideItsTurnUnderItsSection() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    let renderer = try Renderer(store: store, options: RenderOptions(), plan: nil)
    let page = try #require(try renderer.transcriptPage(video: lectureVideo))
    let md = page.markdown
    let physics = try #require(md.range(of: "## Physics"))
    let moon = try #require(md.range(of: "The moon pulls the oceans"))
    let moonClaim = try #require(md.range(of: "The moon's pull raises"))
    let engineering = try #require(md.range(of: "## Engineering"))
    let barrage = try #require(md.range(of: "A barrage across an estuary"))
    let barrageClaim = try #require(md.range(of: "Barrages convert"))
    #expect(physics.lowerBound < moon.lowerBound)
    #expect(moon.lowerBound < moonClaim.lowerBound)
    #expect(moonClaim.lowerBound < engineering.lowerBound)
    #expect(engineering.lowerBound < barrage.lowerBound)
    #expect(barrage.lowerBound < barrageClaim.lowerBound)
    #expect(md.contains("[00:00:01](https://www.youtube.com/watch?v=\(lectureVideo)&t=1s)"))
    #expect(try renderer.transcriptPage(video: "zzzzzzzzzzz") == nil)
}

@Test func transcriptBlocksBreakAtTurnsAndAfterAMinuteWithoutSpeakers() {
    func p(_ start: Double, turn: Int, speaker: String? = nil) -> StoredPassage {
        StoredPassage(id: Int64(start), transcript: 1, ordinal: 0, turn: turn, start: start, end: start + 4, speaker: speaker, text: "w\(Int(start))")
    }
    let captions = TranscriptBlock.blocks([p(0, turn: 0), p(30, turn: 0), p(59, turn: 0), p(61, turn: 0), p(100, turn: 0)])
    #expect(captions.map(\.start) == [0, 61])
    #expect(captions[0].text == "w0 w30 w59")
    let turns = TranscriptBlock.blocks([p(0, turn: 0, speaker: "A"), p(10, turn: 1, speaker: "B"), p(100, turn: 1, speaker: "B"), p(130, turn: 1, speaker: "B")])
    #expect(turns.map(\.start) == [0, 10, 130])
    #expect(TranscriptBlock.index(of: 5, in: turns) == 0)
    #expect(TranscriptBlock.index(of: 129, in: turns) == 1)
    #expect(TranscriptBlock.index(of: -3, in: turns) == 0)
}

@Test func aSiteHasATranscriptPagePerVideoLinkedFromItsTimeline() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    try fixture(folder)
    let store = try folder.indexedStore()
    for html in [false, true] {
        let out = folder.path(html ? "html" : "md")
        let report = try SiteWriter(store: store, options: RenderOptions(html: html)).write(to: out)
        #expect(report.transcripts == 2)
        let check = try LinkChecker.check(folder: out)
        #expect(check.broken.isEmpty, "\(check.broken.prefix(5))")
        let ext = html ? "html" : "md"
        let video = try String(contentsOfFile: out + "/video-\(RenderText.safeName(lectureVideo)).\(ext)", encoding: .utf8)
        if html {
            #expect(video.contains("transcript-\(RenderText.safeName(lectureVideo)).html#t-72"))
            let transcript = try String(contentsOfFile: out + "/transcript-\(RenderText.safeName(lectureVideo)).html", encoding: .utf8)
            #expect(transcript.contains("id=\"t-72\""))
        } else {
            #expect(video.contains("transcript-\(RenderText.safeName(lectureVideo))|"))
        }
        // The podcast has no note: its transcript is listed on the videos page.
        let videos = try String(contentsOfFile: out + "/videos.\(ext)", encoding: .utf8)
        #expect(videos.contains("transcript-\(RenderText.safeName(podcastVideo))"))
    }
}
