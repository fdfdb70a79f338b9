import Foundation
import Testing
@testable import KBModel
@testable import KBExtract
@testable import KBTranscripts
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex
@testable import KBAlign
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
    #expect(throws: StoreError.self) { try store.searchSaid(SearchRequest(query: "moon", channel: "nowhere")) }
    #expect(throws: StoreError.self) { try store.searchSaid(SearchRequest(query: "moon", speaker: "Nobody Here")) }
    #expect(throws: QueryError.self) { try store.searchSaid(SearchRequest(query: "moon", note: "tidal_power")) }
    // Claims are not passages: a word only the notes hold finds no passage.
    #expect(try store.searchSaid(SearchRequest(query: "daily")).hits.isEmpty)
}

@Test func saidSearchKeepsAtMostThreePlacesPerTranscriptFirst() {
    func hit(_ t: String, _ n: Int64) -> RankedPassage { RankedPassage(passage: n, transcript: t, score: 0) }
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
    #expect(throws: QueryError.noTranscript(videos: ["zzzzzzzzzzz"])) { try Quote.at("zzzzzzzzzzz@0:05", in: store) }
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

// MARK: - Over ../shared/corpus (skipped when absent)

private let sharedCorpus: String = {
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return CorpusWalker.absolutePath(repo.appendingPathComponent("../shared/corpus").path)
}()

private var sharedTranscriptsExist: Bool {
    ["/transcripts/3blue1brown", "/transcripts/lennyspodcast", "/channels/3blue1brown", "/channels/lennyspodcast"]
        .allSatisfy { FileManager.default.fileExists(atPath: sharedCorpus + $0) }
}

/// The shared transcripts indexed with the notes of their channels, once for the tests below,
/// which each open it read-only (a `Store` is one connection, for one thread). The index is
/// left in the temporary folder.
private let sharedIndex: Result<(path: String, report: IndexReport), SharedIndexError> = {
    do {
        let folder = try TempFolder("kb-shared-transcripts")
        let store = try Store(path: folder.path("kb.sqlite"))
        let report = try Indexer(store: store).run(paths: [sharedCorpus + "/transcripts", sharedCorpus + "/channels/3blue1brown",
                                                           sharedCorpus + "/channels/lennyspodcast"])
        return .success((folder.path("kb.sqlite"), report))
    } catch {
        return .failure(SharedIndexError(description: "\(error)"))
    }
}()

private func openSharedIndex() throws -> (Store, IndexReport) {
    let (path, report) = try sharedIndex.get()
    return (try Store(path: path, readOnly: true), report)
}

/// A run writes long transcripts spread through the notes (`Indexer.writeOrder`), which
/// changes the ids: what the index answers must not change. The shared index is compared,
/// table by table on the names users see, with one written in listing order.
@Test(.enabled(if: sharedTranscriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func aCorpusIndexedInAnyOrderAnswersTheSame() throws {
    let paths = [sharedCorpus + "/transcripts", sharedCorpus + "/channels/3blue1brown", sharedCorpus + "/channels/lennyspodcast"]
    let listed = CorpusWalker.list(paths, extensions: Indexer.extensions).files
    #expect(Indexer.writeOrder(listed, spreadFrom: Indexer(store: try Store(path: ":memory:")).spreadFrom) != listed,
            "the shared index was written in another order than the listing")
    let (spread, _) = try openSharedIndex()
    let folder = try TempFolder("kb-listing-order")
    defer { folder.cleanup() }
    let listing = try Store(path: folder.path("kb.sqlite"))
    var indexer = Indexer(store: listing)
    indexer.spreadFrom = .max
    _ = try indexer.run(paths: paths)
    let questions = [
        "SELECT path, slug, title, video_id, channel, aliases FROM notes ORDER BY path",
        """
        SELECT n.path, c.ordinal, c.section, c.text, c.line, s.name, c.speaker_source FROM claims c
        JOIN notes n ON n.id = c.note LEFT JOIN speakers s ON s.id = c.speaker ORDER BY n.path, c.ordinal
        """,
        """
        SELECT n.path, c.ordinal, a.video_id, a.verdict, t.path, a.start, a.end, a.score, a.suggested, a.reason, a.speaker, a.said
        FROM alignments a JOIN claims c ON c.id = a.claim JOIN notes n ON n.id = c.note
        LEFT JOIN transcripts t ON t.id = a.transcript ORDER BY n.path, c.ordinal, a.video_id
        """,
        """
        SELECT t.path, t.video_id, p.ordinal, p.turn, p.start, p.end, p.speaker, p.text FROM passages p
        JOIN transcripts t ON t.id = p.transcript ORDER BY t.path, p.ordinal
        """,
        "SELECT t.path, ts.label, ts.name FROM transcript_speakers ts JOIN transcripts t ON t.id = ts.transcript ORDER BY 1, 2",
        "SELECT vs.video_id, s.name, vs.source FROM video_speakers vs JOIN speakers s ON s.id = vs.speaker ORDER BY 1, 2, 3",
        """
        SELECT n.path, l.line, l.target, l.label, r.path FROM links l JOIN notes n ON n.id = l.source
        LEFT JOIN notes r ON r.id = l.resolved ORDER BY 1, 2, 3, 4, 5
        """,
        """
        SELECT n.path, c.ordinal, f.ordinal, f.surface, f.kind, f.low, f.high, f.unit FROM figures f
        JOIN claims c ON c.id = f.claim JOIN notes n ON n.id = f.note ORDER BY 1, 2, 3
        """,
        """
        SELECT t.path, p.ordinal FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
        JOIN transcripts t ON t.id = p.transcript WHERE passages_fts MATCH 'growth OR billion OR "product market fit"' ORDER BY 1, 2
        """,
        """
        SELECT n.path, c.ordinal FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
        JOIN notes n ON n.id = c.note WHERE claims_fts MATCH 'growth OR billion OR "product market fit"' ORDER BY 1, 2
        """,
    ]
    for question in questions {
        let a = try spread.sql(question).map(\.values)
        let b = try listing.sql(question).map(\.values)
        #expect(!a.isEmpty, "\(question)")
        #expect(a == b, "\(question): \(a.count) rows against \(b.count)")
    }
}

@Test(.enabled(if: sharedTranscriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func sharedTranscriptsAreAllStoredAndJoinedToTheirNotes() throws {
    let (store, report) = try openSharedIndex()
    // Counted from the folders, not by kb: every file there is a transcript.
    var files: [String] = []
    for folder in ["3blue1brown", "lennyspodcast", "webvtt"] {
        let names = try FileManager.default.contentsOfDirectory(atPath: sharedCorpus + "/transcripts/" + folder)
        files += names.filter { !$0.hasPrefix(".") && !$0.lowercased().hasSuffix("readme.md") }.map { folder + "/" + $0 }
    }
    #expect(report.failed == 0)
    #expect(report.totals.transcripts == files.count)
    // Each file's passages are stored, as many as reading it alone gives.
    var mismatches: [String] = []
    for file in files {
        let data = try Data(contentsOf: URL(fileURLWithPath: sharedCorpus + "/transcripts/" + file))
        let read = try #require(try TranscriptReader.read(path: file, data: data))
        let stored = try #require(try store.transcript(path: file))
        if stored.passages != read.passages.count { mismatches.append("\(file): \(stored.passages) of \(read.passages.count)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    #expect(try store.count("SELECT count(*) FROM passages_fts") == report.totals.passages)

    // Joined: every 3blue1brown transcript meets a 3blue1brown note's video; 20 Lenny ones meet theirs.
    let joined = """
        SELECT count(DISTINCT t.video_id) FROM transcripts t
        WHERE t.path LIKE ? AND t.video_id IN (SELECT video_id FROM notes WHERE file LIKE ?)
        """
    #expect(try store.count(joined, "3blue1brown/%", "%/channels/3blue1brown/%") == 92)
    #expect(try store.count(joined, "lennyspodcast/%", "%/channels/lennyspodcast/%") == 20)

    // The Lenny files whose frontmatter gives no video id (an empty one, or none, and no URL):
    // indexed without a video, with a warning each.
    var emptyIDs = 0
    for file in files where file.hasPrefix("lennyspodcast/") {
        let text = try String(contentsOfFile: sharedCorpus + "/transcripts/" + file, encoding: .utf8)
        let head = text.split(separator: "\n", maxSplits: 30, omittingEmptySubsequences: false).prefix(30)
        let given = head.contains { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            for key in ["video_id:", "videoId:", "youtube_url:"] where t.hasPrefix(key) {
                let value = t.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if !["", "''", "\"\""].contains(value) { return true }
            }
            return false
        }
        if !given { emptyIDs += 1 }
    }
    #expect(emptyIDs == 5)
    #expect(try store.count("SELECT count(*) FROM transcripts WHERE path LIKE 'lennyspodcast/%' AND video_id IS NULL") == emptyIDs)
    let warned = report.warnings.filter { $0.file.hasPrefix("lennyspodcast/") && $0.message.hasPrefix("no video id") }
    #expect(warned.count == emptyIDs)
}

@Test(.enabled(if: sharedTranscriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func sharedTranscriptsAnswerSaidSearchAndQuote() throws {
    let (store, _) = try openSharedIndex()
    let said = try store.searchSaid(SearchRequest(query: "eigenvalue", limit: 10, channel: "3blue1brown"))
    #expect(said.hits.count == 10)
    #expect(said.hits.allSatisfy { $0.transcript.hasPrefix("3blue1brown/") && $0.text.lowercased().contains("eigenvalue") })
    // A 3blue1brown claim about eigenvalues: the quoted passage is the one under way at the cited second.
    let rows = try store.sql("""
        SELECT c.id, t.seconds FROM claims c JOIN notes n ON n.id = c.note JOIN timestamps t ON t.claim = c.id
        WHERE n.file LIKE '%/channels/3blue1brown/%' AND c.text LIKE '%eigenvalue%' AND t.seconds IS NOT NULL ORDER BY c.id LIMIT 5
        """)
    #expect(rows.count == 5)
    for row in rows {
        let quote = try Quote.at(String(row.int(0)!), context: 0, in: store)
        let second = Double(row.int(1)!)
        let passages = try #require(quote.places.first?.transcripts.first?.passages)
        #expect(passages.count == 1)
        #expect(passages[0].start <= second)
    }
}

/// `kb search --said` as one query used to do it: every ranked passage read with its
/// snippet, speaker and channel, then at most three per transcript first.
private func saidInOneQuery(_ request: SearchRequest, in store: Store) throws -> [SaidHit] {
    let parsed = try FTSQuery.parse(request.query, excluding: request.not)
    return try store.read {
        let filter = try store.passageFilter(request)
        let plan = QueryRules.plan(parsed, knows: { store.passagesHold($0) })
        let labels = filter.speakerLabels.map { Store.jsonArray($0.map { $0.lowercased() }) }
        func ranked(_ expression: String) throws -> [SaidHit] {
            try store.sql("""
                SELECT p.id, t.path, t.video_id, \(Store.transcriptChannel) AS channel, \(Store.passageSpeaker) AS speaker, p.start, p.end,
                       p.text, snippet(passages_fts, 0, ?1, ?2, '…', 32) AS snippet, bm25(passages_fts) AS score
                FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid JOIN transcripts t ON t.id = p.transcript
                WHERE passages_fts MATCH ?3 AND (?4 IS NULL OR t.video_id = ?4)
                  AND (?5 IS NULL OR lower(\(Store.passageSpeaker)) IN (SELECT value FROM json_each(?5)))
                  AND (?6 IS NULL OR \(Store.transcriptInChannel("?6")))
                ORDER BY score, p.id LIMIT ?7
                """, Search.highlightStart, Search.highlightEnd, expression, filter.video, labels, filter.channels.map { Store.jsonArray($0) }, max(request.limit * 4, 40))
            .map { row in
                SaidHit(passage: row.int("id") ?? 0, transcript: row.string("path") ?? "", video: row.string("video_id"),
                        channel: row.string("channel"), speaker: row.string("speaker"), start: row.double("start") ?? 0,
                        end: row.double("end") ?? 0, text: row.string("text") ?? "", snippet: row.string("snippet") ?? "",
                        score: row.double("score") ?? 0)
            }
        }
        var hits = try ranked(plan.concepts.count > 1 ? plan.requiredExpression : plan.anyExpression)
        if hits.isEmpty, plan.concepts.count > 1 { hits = try ranked(plan.anyExpression) }
        var perTranscript: [String: Int] = [:]
        let first = hits.filter { perTranscript[$0.transcript, default: 0] += 1; return perTranscript[$0.transcript]! <= 3 }
        let later = hits.filter { hit in !first.contains { $0.passage == hit.passage } }
        return Array((first + later).prefix(request.limit))
    }
}

@Test(.enabled(if: sharedTranscriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func saidSearchInTwoStepsGivesWhatOneQueryGave() throws {
    let (store, _) = try openSharedIndex()
    let requests = [
        SearchRequest(query: "eigenvalue", limit: 20),
        SearchRequest(query: "what is a good retention curve", limit: 20),
        SearchRequest(query: "growth", limit: 7, channel: "lennyspodcast"),
        SearchRequest(query: "linear transformation determinant", limit: 20),
        // No passage holds all three: the any-word fallback.
        SearchRequest(query: "zebra determinant churn", limit: 20),
    ]
    for request in requests {
        let hits = try store.searchSaid(request).hits
        #expect(!hits.isEmpty, "\(request.query)")
        #expect(hits == (try saidInOneQuery(request, in: store)), "\(request.query)")
    }
}

// MARK: - Speakers from labels

@Test func speakerLabelsThatNameARoleOrASoundNameNobody() {
    for role in ["Speaker 1", "SPEAKER_00", "Speaker #3", "Host", "guest", "MUSIC", "[Laughter]", "Audience member", "Unknown", ""] {
        #expect(SpeakerLabels.isRole(role), "\(role)")
        #expect(SpeakerLabels.person(for: role, candidates: ["Speaker One"]) == nil)
    }
    for person in ["Maren Okafor", "Maren", "Dr. Ito", "Okafor", "Bo", "ROSALIND"] where person != "ROSALIND" {
        #expect(!SpeakerLabels.isRole(person), "\(person)")
    }
}

@Test func aShortLabelNamesTheOneFullNameThatStartsOrEndsWithIt() {
    let around = ["Maren Okafor", "Tobias Lind", "Tobias Brandt"]
    #expect(SpeakerLabels.person(for: "Maren", candidates: around) == "Maren Okafor")
    #expect(SpeakerLabels.person(for: "Okafor", candidates: around) == "Maren Okafor")
    #expect(SpeakerLabels.person(for: "Tobias", candidates: around) == nil, "two Tobiases: kept as the label")
    #expect(SpeakerLabels.person(for: "Lind", candidates: around) == "Tobias Lind")
    #expect(SpeakerLabels.person(for: "Quentin", candidates: around) == nil)
    // A full name is a person as written; in capitals, the mixed-case form known around it wins.
    #expect(SpeakerLabels.person(for: "Ines Varga", candidates: []) == "Ines Varga")
    #expect(SpeakerLabels.person(for: "MAREN OKAFOR", candidates: around) == "Maren Okafor")
    #expect(SpeakerLabels.person(for: "Maren", candidates: ["MAREN OKAFOR", "Maren Okafor"]) == "Maren Okafor")
}

@Test func aHostLabelledInFullInSeveralEpisodesIsNamedWhereOnlyHisFirstNameIs() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    func episode(_ id: String, host: String, guest: String) -> String {
        """
        ---
        video_id: \(id)
        ---

        \(host) (00:00:01):
        Welcome back to the show about harbours.

        \(guest) (00:00:09):
        Thank you for having me on to talk about cranes.

        """
    }
    try folder.write("show/e1.md", episode("showAAAAAAA", host: "Dana Whitfield", guest: "Ines Varga"))
    try folder.write("show/e2.md", episode("showBBBBBBB", host: "Dana Whitfield", guest: "Pol Arnau"))
    try folder.write("show/e3.md", episode("showCCCCCCC", host: "Dana Whitfield", guest: "Speaker 2"))
    try folder.write("show/e4.md", episode("showDDDDDDD", host: "Dana", guest: "Ines"))
    let store = try folder.indexedStore("show")
    let e4 = try #require(try store.transcripts(ofVideo: "showDDDDDDD").first)
    let named = try store.sql("SELECT label, name FROM transcript_speakers WHERE transcript = ? ORDER BY label", e4.id)
        .map { "\($0.string(0)!)=\($0.string(1)!)" }
    #expect(named == ["Dana=Dana Whitfield"], "Ines Varga is labelled once only: not a recurring name")
    let dana = try #require(try store.speakers().first { $0.name == "Dana Whitfield" })
    #expect(dana.videos == ["showAAAAAAA", "showBBBBBBB", "showCCCCCCC", "showDDDDDDD"])
    #expect(dana.sources == ["transcript"])
    #expect(try store.speakers().contains { $0.name == "Speaker 2" } == false)
    // The surname finds the host's passages, labelled "Dana" or in full.
    let hits = try store.searchSaid(SearchRequest(query: "harbours", speaker: "Whitfield"))
    #expect(hits.hits.count == 4)
    #expect(hits.hits.allSatisfy { $0.speaker == "Dana Whitfield" })
}

// MARK: - Verify over the shared corpus

@Test(.enabled(if: sharedTranscriptsExist && FileManager.default.fileExists(atPath: sharedCorpus + "/../gold/alignment-dev.jsonl"),
               "the shared corpus or its alignment gold is missing"))
func sharedAlignmentScoresHoldOnTheDevSet() throws {
    let (store, _) = try openSharedIndex()
    let gold = try AlignmentEvaluation.loadGold(path: sharedCorpus + "/../gold/alignment-dev.jsonl")
    let s = try AlignmentEvaluation.score(gold, store: store, corpus: sharedCorpus)
    #expect(s.notFound == 0)
    #expect(s.verdictAccuracy >= 0.80, "verdicts \(s.verdictAccuracy)")
    #expect(s.alignmentAccuracy >= 0.80, "alignment \(s.alignmentAccuracy)")
    #expect(s.detectionF1 >= 0.80, "detection F1 \(s.detectionF1)")
    #expect(s.speakerAccuracy >= 0.80, "speakers \(s.speakerAccuracy)")
}

@Test(.enabled(if: sharedTranscriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func verifyFixOnACopyOfTheLennyNotesChangesOnlyCitations() throws {
    let folder = try TempFolder("kb-verify-fix")
    defer { folder.cleanup() }
    let fm = FileManager.default
    try fm.copyItem(atPath: sharedCorpus + "/channels/lennyspodcast", toPath: folder.path("notes"))
    try fm.copyItem(atPath: sharedCorpus + "/transcripts/lennyspodcast", toPath: folder.path("transcripts"))
    let store = try Store(path: folder.path("kb.sqlite"))
    let paths = [folder.path("notes"), folder.path("transcripts")]
    _ = try Indexer(store: store).run(paths: paths)
    let report = try Verify.report(VerifyScope(files: [folder.path("notes")]), in: store)
    let fixable = report.claims.filter { $0.verdict == .drifted && $0.suggested != nil }
    #expect(fixable.count > 50, "\(fixable.count) drifted claims with a suggestion")

    var before: [String: String] = [:]
    for name in try fm.contentsOfDirectory(atPath: folder.path("notes")) {
        before[name] = try String(contentsOfFile: folder.path("notes/" + name), encoding: .utf8)
    }
    let fixed = try CitationFix.apply(report.claims, dryRun: false)
    #expect(fixed.citations > 0)
    // Outside the citations nothing changed: with every citation of every note cut out, each file is as it was.
    func withoutCitations(_ text: String) -> String {
        let note = NoteExtractor.extract(path: "x.md", text: text, figures: false)
        var lines = text.components(separatedBy: "\n")
        for m in note.claims.flatMap(\.timestamps) + note.otherTimestamps where m.line >= 1 && m.line <= lines.count {
            lines[m.line - 1] = lines[m.line - 1].replacingOccurrences(of: m.raw, with: "⟨cite⟩")
        }
        return lines.joined(separator: "\n")
    }
    var changedFiles = 0
    for (name, old) in before {
        let new = try String(contentsOfFile: folder.path("notes/" + name), encoding: .utf8)
        if new != old { changedFiles += 1 }
        #expect(withoutCitations(new) == withoutCitations(old), "\(name) changed outside its citations")
    }
    #expect(changedFiles == fixed.files)

    // Indexed again, no claim that had a suggestion is still drifted.
    _ = try Indexer(store: store).run(paths: paths)
    let again = try Verify.report(VerifyScope(files: [folder.path("notes")]), in: store)
    let fixedIDs = Set(fixable.map { "\($0.note):\($0.line):\($0.text)" })
    let stillDrifted = again.claims.filter { $0.verdict == .drifted && fixedIDs.contains("\($0.note):\($0.line):\($0.text)") }
    #expect(stillDrifted.isEmpty, "\(stillDrifted.count) still drifted, first: \(stillDrifted.first.map { "\($0.note):\($0.line)" } ?? "")")
}

/// Why the shared transcripts could not be indexed, as the tests report it.
private struct SharedIndexError: Error {
    var description: String
}

// MARK: - The text index written at commit (Store.indexPendingPassages)

private func saveTranscript(_ store: Store, _ name: String, _ text: String, existing: Int64? = nil) throws -> Int64 {
    let transcript = try #require(try TranscriptReader.read(path: name, text: text))
    return try store.save(transcript, file: NoteFile(file: "/corpus/" + name, path: name, size: text.utf8.count, mtime: 1),
                          hash: name + String(text.hashValue), existing: existing)
}

@Test func transcriptTextIsIndexedWhateverTheOrderOfWrites() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    let store = try Store(path: folder.path("kb.sqlite"))
    let lecture = "\(lectureVideo).en.srt"
    let podcast = "podcast.md"
    // In one transaction: two new transcripts, then the first written again (its old
    // passages are deleted while the second's still wait for the text index), then a third.
    try store.write {
        let first = try saveTranscript(store, lecture, lectureSRT)
        _ = try saveTranscript(store, podcast, podcastTurns)
        _ = try saveTranscript(store, lecture, lectureSRT.replacingOccurrences(of: "Brittany", with: "Normandy"), existing: first)
        _ = try saveTranscript(store, "other.srt", lectureSRT.replacingOccurrences(of: "tidal", with: "lunar"))
    }
    func matches(_ word: String) throws -> Int {
        try store.count("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", word)
    }
    #expect(try matches("brittany") == 1, "the other transcript's sentence")
    #expect(try matches("normandy") == 1)
    #expect(try matches("ferries") == 2)
    #expect(try matches("lunar") == 1)
    #expect(try matches("tidal") == 1)
    // FTS5 checks its index against the passages' text, row by row.
    try store.write { try store.db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')") }

    // A transaction that fails takes its pending passages with it; the next one is whole.
    struct Stop: Error {}
    #expect(throws: Stop.self) {
        try store.write {
            _ = try saveTranscript(store, "failed.srt", lectureSRT.replacingOccurrences(of: "estuary", with: "fjord"))
            throw Stop()
        }
    }
    #expect(store.firstPassageToIndex == nil)
    // So does a pending refresh of the claims' lengths.
    #expect(throws: Stop.self) {
        try store.write {
            store.lengthChunksToRefresh.insert(0)
            throw Stop()
        }
    }
    #expect(store.lengthChunksToRefresh.isEmpty)
    try store.write { _ = try saveTranscript(store, "after.srt", lectureSRT.replacingOccurrences(of: "estuary", with: "lagoon")) }
    #expect(try matches("fjord") == 0)
    #expect(try matches("lagoon") == 1)
    #expect(try store.count("SELECT count(*) FROM passages_fts") == store.count("SELECT count(*) FROM passages"))
    try store.write { try store.db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')") }
}

@Test func textIndexesGatherTermsInMemory() throws {
    let folder = try TempFolder("kb-transcripts")
    defer { folder.cleanup() }
    _ = try Store(path: folder.path("kb.sqlite"))
    // Opened again: set once, not added twice.
    let store = try Store(path: folder.path("kb.sqlite"))
    for table in ["passages_fts", "claims_fts"] {
        let rows = try store.sql("SELECT v FROM \(table)_config WHERE k = 'hashsize'")
        #expect(rows.count == 1)
        #expect(rows.first?.int(0) == Int64(Schema.ftsHashBytes))
    }
}

/// `Aligner.align` as it was before it looked everywhere only for claims not supported near a
/// citation: every search done, then the same decisions. The result must not have changed.
private func alignSearchingEverywhereFirst(_ claim: AlignClaim, in transcripts: [Aligner.IndexedTranscript]) -> (Verdict, Int64?, Double?, Int?) {
    let terms = AlignText.distinctTerms(claim.text)
    guard !terms.isEmpty else { return (.unsupported, nil, nil, nil) }
    var near: (t: Int, w: Aligner.Window)?
    var best: (t: Int, w: Aligner.Window)?
    var pastEnd: [Int] = []
    var reread: (t: Int, w: Aligner.Window)?
    for (k, t) in transcripts.enumerated() {
        let (weights, total) = t.weights(terms)
        guard total > 0, !weights.isEmpty else { continue }
        for second in claim.cited {
            if ImpossibleTime.isPastEnd(second, end: t.end) {
                pastEnd.append(second)
                if second >= 60, let w = t.bestWindow(near: Double(ImpossibleTime.likelyReading(second)), weights: weights, total: total),
                   w.score >= Aligner.supportedScore, w.score > (reread?.w.score ?? 0) { reread = (k, w) }
                continue
            }
            if let w = t.bestWindow(near: Double(second), weights: weights, total: total), w.score > (near?.w.score ?? -1) { near = (k, w) }
        }
        if let w = t.bestWindow(weights: weights, total: total), w.score > (best?.w.score ?? -1) { best = (k, w) }
    }
    func out(_ v: Verdict, _ f: (t: Int, w: Aligner.Window)?, _ suggested: Int? = nil) -> (Verdict, Int64?, Double?, Int?) {
        (v, f.map { transcripts[$0.t].id }, f?.w.start, suggested)
    }
    if let near, near.w.score >= Aligner.supportedScore { return out(.supported, near) }
    if let reread { return out(.drifted, reread, Int(reread.w.start)) }
    if near == nil, !pastEnd.isEmpty, let best, best.w.score >= Aligner.supportedScore { return out(.drifted, best, Int(best.w.start)) }
    if let best, best.w.score >= Aligner.statedScore, best.w.score >= (near?.w.score ?? 0) + Aligner.driftMargin {
        return out(.drifted, best, Int(best.w.start))
    }
    return out(.unsupported, near ?? best)
}

/// `IndexedTranscript.bestWindow(weights:total:)` as it chose its seeds before: every
/// passage's weight in a dictionary, all of them sorted.
private func bestWindowBySortingEveryPassage(_ t: Aligner.IndexedTranscript, weights: Aligner.Weights, total: Double) -> Aligner.Window? {
    var partial: [Int: Double] = [:]
    for (term, w) in zip(weights.terms, weights.weight) { for i in t.postings[term] { partial[i, default: 0] += w } }
    let seeds = partial.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(24).map(\.key)
    var starts = Set<Int>()
    for s in seeds { for d in 0...3 where s - d >= 0 { starts.insert(s - d) } }
    var best: Aligner.Window?
    for i in starts.sorted() {
        let w = t.window(at: i, weights: weights, total: total)
        if Aligner.IndexedTranscript.better(w, than: best) { best = w }
    }
    return best.map { t.trimmed($0, weights: weights, total: total) }
}

/// Reading terms with a reader that remembers words, byte by byte, and choosing the seeds of
/// the search everywhere without a sort: the shared corpus's passages and claims read as the
/// rules say, and every claim's best window anywhere is the same.
@Test(.enabled(if: sharedTranscriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func aligningsShortcutsGiveWhatTheRulesGive() throws {
    let (store, _) = try openSharedIndex()
    var windows = 0
    var texts = 0
    for video in try store.read({ try store.alignableVideos() }).sorted() {
        let inputs = try store.read { try store.alignInputs(video: video) }
        guard !inputs.transcripts.isEmpty else { continue }
        var reader = AlignText.Reader()
        for text in inputs.transcripts.flatMap({ $0.passages.map(\.text) }) + inputs.claims.map(\.text) {
            #expect(reader.terms(text) == termsByTheRules(text), "\(text)")
            texts += 1
        }
        let indexed = inputs.transcripts.map(Aligner.IndexedTranscript.init)
        for claim in inputs.claims.prefix(20) {
            let terms = AlignText.distinctTerms(claim.text)
            for t in indexed {
                let (weights, total) = t.weights(terms)
                guard total > 0, !weights.isEmpty else { continue }
                #expect(t.bestWindow(weights: weights, total: total) == bestWindowBySortingEveryPassage(t, weights: weights, total: total),
                        "claim \(claim.id)")
                windows += 1
            }
        }
    }
    #expect(texts > 40_000 && windows > 2_000, "\(texts) texts, \(windows) windows")
}

@Test(.enabled(if: sharedTranscriptsExist, "the shared corpus is not at <repo>/../shared/corpus"))
func aligningLooksEverywhereOnlyForClaimsNotSupportedNearACitation() throws {
    let (store, _) = try openSharedIndex()
    var compared = 0
    var verdicts: [Verdict: Int] = [:]
    for video in try store.read({ try store.alignableVideos() }).sorted() {
        let inputs = try store.read { try store.alignInputs(video: video) }
        guard !inputs.transcripts.isEmpty else { continue }
        let indexed = inputs.transcripts.map(Aligner.IndexedTranscript.init)
        for (claim, a) in zip(inputs.claims, Aligner.align(inputs.claims, transcripts: inputs.transcripts)) {
            let expected = alignSearchingEverywhereFirst(claim, in: indexed)
            #expect(a.verdict == expected.0 && a.transcript == expected.1 && a.start == expected.2 && a.suggested == expected.3,
                    "claim \(claim.id) of \(video)")
            verdicts[a.verdict, default: 0] += 1
            compared += 1
        }
    }
    #expect(compared > 5_000)
    #expect((verdicts[.drifted] ?? 0) > 100 && (verdicts[.unsupported] ?? 0) > 100, "every branch is compared: \(verdicts)")
}
