import Foundation
import Testing
@testable import KBModel
@testable import KBExtract
@testable import KBAlign
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// Claims against transcripts (docs/verify.md). Every sentence here is invented.

@Test func alignTextMeetsAmountsWrittenInWordsAndDigits() {
    let claim = Set(AlignText.terms("Revenue reached $4-5 billion, about 25% more."))
    let said = Set(AlignText.terms("we made four to five billion in revenue, twenty five percent more"))
    for term in ["4", "5", "billion", "25", "percent", AlignText.stem("revenue")] {
        #expect(claim.contains(term), "\(term) in the claim")
        #expect(said.contains(term), "\(term) in the passage")
    }
    #expect(AlignText.terms("1,200 riders and 3.5bn dollars").prefix(4) == ["1200", AlignText.stem("riders"), "3.5", "billion"])
    // Function words and the notes' reporting verbs are not compared.
    #expect(AlignText.terms("Okafor argues that the tides are strong").contains("argu") == false)
    #expect(AlignText.stem("markets") == AlignText.stem("market"))
}

/// `AlignText.terms` by its rules alone, as it read before words were remembered
/// (`AlignText.Reader`) and read byte by byte (`asciiWords`): each word looked up in the
/// rules' tables, in their order, every time.
func termsByTheRules(_ text: String) -> [String] {
    var out: [String] = []
    var pendingNumber: Double?
    func flushNumber() {
        if let n = pendingNumber { out.append(AlignText.numberTerm(n)) }
        pendingNumber = nil
    }
    for raw in AlignText.scalarWords(text) {
        if let value = AlignText.numberWords[raw] {
            let (done, next) = AlignText.joinNumber(pendingNumber, value)
            if let done { out.append(AlignText.numberTerm(done)) }
            pendingNumber = next
            continue
        }
        flushNumber()
        if let scale = AlignText.scales[raw] { out.append(scale); continue }
        if raw.first?.isNumber == true { out += AlignText.digitTerms(raw); continue }
        guard raw.count > 1, !AlignText.stopwords.contains(raw) else { continue }
        out.append(AlignText.stem(raw))
    }
    flushNumber()
    return out
}

/// Invented lines with what reading words can trip on.
let awkwardLines = [
    "We grew 3.5x, from $1,200 to 4.5bn in twenty five years, 40% a year.",
    "Don't say \u{2019}em: Grant\u{2019}s team\u{2019}s 10k-user pilot ran 2019-2021.",
    "Café owners in Zürich sold ninety nine crêpes; naïve, ONE HUNDRED percent.",
    "A.B. tested v2.0.1 at 3 p.m. . . and 1,2,3 or 1.2.3? Half a dozen, four hundred.",
    "Emoji 🙂 and CJK 東京 and a dash — and ‘quotes’ and \"straight\" ones.",
    "", "   ", "'", "%", "a 1 b 2", "0.5, .5 and 5. and ,5",
]

@Test func asciiWordsAreTheScalarWords() {
    for line in awkwardLines {
        var text = line
        if let fast = text.withUTF8(AlignText.asciiWords) {
            #expect(fast == AlignText.scalarWords(line), "\(line)")
        }
        #expect(AlignText.words(line) == AlignText.scalarWords(line), "\(line)")
    }
    // Text only of ASCII and right single quotes is read byte by byte; any other is not.
    var plain = "Grant\u{2019}s 4.5bn, don't"
    #expect(plain.withUTF8(AlignText.asciiWords) == ["grants", "4.5bn", "dont"])
    var accented = "Zürich"
    #expect(accented.withUTF8(AlignText.asciiWords) == nil)
}

@Test func readerReadsAsTheRulesDo() {
    // One reader for every line, as an aligner reads a video: what it remembers of one
    // line must not change how it reads the next.
    var reader = AlignText.Reader()
    for _ in 0..<2 {
        for line in awkwardLines {
            #expect(reader.terms(line) == termsByTheRules(line), "\(line)")
            var seen = Set<String>()
            #expect(reader.distinctTerms(line) == termsByTheRules(line).filter { seen.insert($0).inserted }, "\(line)")
        }
    }
    let long = Array(repeating: awkwardLines[0] + " " + awkwardLines[2], count: 4).joined(separator: " ")
    var seen = Set<String>()
    #expect(reader.distinctTerms(long) == termsByTheRules(long).filter { seen.insert($0).inserted }, "more than 32 terms")
}

/// A reader looks words up by their bytes in a table of its own (`AlignText.WordTable`),
/// which grows as it fills: tens of thousands of distinct words, read twice in sentences
/// with capitals, numbers and apostrophes, read as the rules say, and each term keeps its number.
@Test func readerRemembersManyWordsAsTheRulesReadThem() {
    var reader = AlignText.Reader()
    func word(_ k: Int) -> String {
        var k = k
        var s = ""
        repeat { s.append(Character(Unicode.Scalar(UInt8(97 + k % 26)))); k /= 26 } while k > 0
        return "q" + s
    }
    let lines = (0..<3_000).map { i in
        (0..<8).map { j in j == 3 ? "\(i * 7)%" : j == 5 ? "Don't" : j == 1 ? word(i * 8 + j).capitalized : word(i * 8 + j) + "ing" }
            .joined(separator: " ")
    }
    var numbers: [String: Int] = [:]
    for _ in 0..<2 {
        for line in lines {
            let read = reader.termNumbers(line)
            #expect(read.map { reader.names[$0] } == termsByTheRules(line), "\(line)")
            for n in read { #expect(numbers[reader.names[n], default: n] == n) ; numbers[reader.names[n]] = n }
        }
    }
    #expect(reader.names.count > 20_000)
}

private func lecture() -> AlignTranscript {
    let lines: [(Double, String)] = [
        (0, "Welcome, today we look at tides and the moon."),
        (8, "The moon pulls the oceans twice every day."),
        (60, "Now a short detour about lighthouses on rocky coasts."),
        (70, "Lighthouse keepers once lived in the towers all year."),
        (130, "A barrage across an estuary turns the tidal pull into electricity."),
        (140, "The oldest tidal barrage still runs in Brittany since 1966."),
        (2570, "At the very end we compare tidal energy with wind turbines."),
        (2580, "Wind turbines are cheaper to build but tides are predictable."),
    ]
    let passages = lines.enumerated().map { k, l in
        AlignPassage(start: l.0, end: l.0 + 8, turn: 0, speaker: "Ines Varga", text: l.1)
    }
    return AlignTranscript(id: 7, passages: passages, paragraphTimes: false, duration: 2700)
}

@Test func aClaimSaidAtItsCitedTimeIsSupported() {
    let a = Aligner.align([AlignClaim(id: 1, text: "The moon pulls the oceans twice a day.", cited: [10])], transcripts: [lecture()])
    #expect(a[0].verdict == .supported)
    #expect(a[0].start == 8)
    #expect(a[0].speaker == "Ines Varga")
    #expect(a[0].transcript == 7)
}

@Test func aClaimSaidFarFromItsCitedTimeHasDriftedAndSaysWhere() {
    let claim = AlignClaim(id: 2, text: "The oldest tidal barrage, in Brittany, has run since 1966.", cited: [65])
    let a = Aligner.align([claim], transcripts: [lecture()])[0]
    #expect(a.verdict == .drifted)
    #expect(a.suggested == 140)
}

@Test func aClaimNobodySaidIsUnsupported() {
    let claim = AlignClaim(id: 3, text: "Solar farms in deserts need cooling water for their panels.", cited: [130])
    #expect(Aligner.align([claim], transcripts: [lecture()])[0].verdict == .unsupported)
}

@Test func aTimeWrittenOnePlaceTooHighIsReadAsMinutesAndSeconds() {
    // 43:00 written as 43:00:00 (154,800 s), in a video of 45 minutes.
    let claim = AlignClaim(id: 4, text: "Wind turbines cost less to build, but tides can be predicted.", cited: [154_800])
    let a = Aligner.align([claim], transcripts: [lecture()])[0]
    #expect(a.verdict == .drifted)
    #expect(a.suggested == 2580)
    #expect(a.reason?.contains("past the end") == true)
    #expect(a.reason?.contains("read as 00:43:00") == true)
}

@Test func aVideoWithoutTranscriptGetsNoTranscript() {
    let a = Aligner.align([AlignClaim(id: 5, text: "Anything at all.", cited: [3])], transcripts: [])
    #expect(a.map(\.verdict) == [.noTranscript])
}

@Test func theSpeakerIsWhoeverSaysMostOfTheClaim() {
    let passages = [
        AlignPassage(start: 0, end: 5, turn: 0, speaker: "Host Person", text: "So tell me about the ferries."),
        AlignPassage(start: 5, end: 12, turn: 1, speaker: "Maren Okafor", text: "Ferries carry forty million riders a year across the fjord."),
    ]
    let t = AlignTranscript(id: 1, passages: passages, paragraphTimes: true)
    let a = Aligner.align([AlignClaim(id: 6, text: "Ferries carry 40 million riders across the fjord each year.", cited: [2])], transcripts: [t])[0]
    #expect(a.verdict == .supported)
    #expect(a.speaker == "Maren Okafor")
    #expect(a.start == 5)
}

@Test func aCitationIsRetimedInTheFormItWasWritten() {
    let anchor = Moment(seconds: 154_800, raw: "<a class=\"yt-timestamp\" data-t=\"43:00:00\">[43:00:00]</a>", form: .anchor)
    #expect(anchor.retimed(to: 2580) == "<a class=\"yt-timestamp\" data-t=\"00:43:00\">[00:43:00]</a>")
    #expect(Moment(seconds: 65, raw: "[01:05]", form: .bracket).retimed(to: 140) == "[02:20]")
    #expect(Moment(seconds: 65, raw: "[01:05]", form: .bracket).retimed(to: 3700) == "[01:01:40]")
    #expect(Moment(seconds: 65, raw: "[Tides](https://www.youtube.com/watch?v=lectAAAAAAA&t=65s)", form: .url).retimed(to: 140)
            == "[Tides](https://www.youtube.com/watch?v=lectAAAAAAA&t=140s)")
    #expect(Moment(seconds: 65, raw: "https://youtu.be/lectAAAAAAA?t=1m5s", form: .url).retimed(to: 140) == "https://youtu.be/lectAAAAAAA?t=140s")
    #expect(Moment(seconds: 65, raw: "[[tides | [00:01:05]]]", form: .wikilink).retimed(to: 140) == "[[tides | [00:02:20]]]")
    #expect(Moment(seconds: nil, raw: "[soon]", form: .bracket).retimed(to: 140) == nil)
}

// MARK: - In the index, and --fix

private let video = "lectAAAAAAA"

private let srt = """
    1
    00:00:08,000 --> 00:00:14,000
    The moon pulls the oceans twice every day.

    2
    00:01:00,000 --> 00:01:08,000
    Now a short detour about lighthouses on rocky coasts.

    3
    00:02:20,000 --> 00:02:28,000
    The oldest tidal barrage still runs in Brittany since 1966.

    4
    00:02:30,000 --> 00:02:40,000
    Thank you for watching.

    """

private func note() -> String {
    noteText(title: "Tides", videoID: video, """
        ## Facts

        The moon pulls the oceans twice a day \(anchor("00:00:10")).
        The oldest tidal barrage, in Brittany, has run since 1966 \(anchor("00:01:05")).
        Solar farms in deserts need cooling water for their panels \(anchor("00:02:30")).

        """)
}

@Test func kbIndexAlignsClaimsAndVerifyFixRewritesOnlyTheDriftedCitation() throws {
    let folder = try TempFolder("kb-verify")
    defer { folder.cleanup() }
    try folder.write("notes/tides.md", note())
    try folder.write("notes/\(video).en.srt", srt)
    let store = try folder.indexedStore()
    let report = try Verify.report(VerifyScope(), in: store)
    #expect(report.claims.map(\.verdict) == [.supported, .drifted, .unsupported])
    #expect(report.claims[1].suggested == 140)
    #expect(report.notes.map(\.counts.drifted) == [1])

    let before = try String(contentsOfFile: folder.path("notes/tides.md"), encoding: .utf8)
    let dry = try CitationFix.apply(report.claims, dryRun: true)
    #expect(dry.citations == 1)
    #expect(dry.diff.contains("+The oldest tidal barrage, in Brittany, has run since 1966 \(anchor("00:02:20"))."))
    #expect(try String(contentsOfFile: folder.path("notes/tides.md"), encoding: .utf8) == before, "a dry run writes nothing")

    _ = try CitationFix.apply(report.claims, dryRun: false)
    let after = try String(contentsOfFile: folder.path("notes/tides.md"), encoding: .utf8)
    #expect(after == before.replacingOccurrences(of: anchor("00:01:05"), with: anchor("00:02:20")))
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(try Verify.report(VerifyScope(), in: store).claims.map(\.verdict) == [.supported, .supported, .unsupported])
}

/// Editing or removing a note, or removing a transcript, leaves no alignment of a claim or a
/// transcript that is gone (the full sweep runs only when a transcript left).
@Test func editsAndRemovalsLeaveNoAlignmentBehind() throws {
    let folder = try TempFolder("kb-verify-leftovers")
    defer { folder.cleanup() }
    try folder.write("notes/tides.md", note())
    try folder.write("notes/more.md", noteText(title: "More tides", videoID: video, """
        ## More

        The moon pulls the oceans twice a day \(anchor("00:00:10")).

        """))
    try folder.write("notes/\(video).en.srt", srt)
    let store = try folder.indexedStore()
    func leftovers() throws -> Int {
        try store.count("""
            SELECT count(*) FROM alignments WHERE claim NOT IN (SELECT id FROM claims)
               OR (transcript IS NOT NULL AND transcript NOT IN (SELECT id FROM transcripts))
            """)
    }
    #expect(try store.count("SELECT count(*) FROM alignments") == 4)
    try folder.write("notes/tides.md", note().replacingOccurrences(of: "twice a day", with: "two times a day"))
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(try leftovers() == 0)
    #expect(try store.count("SELECT count(*) FROM alignments") == 4)
    try FileManager.default.removeItem(atPath: folder.path("notes/more.md"))
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(try leftovers() == 0)
    #expect(try store.count("SELECT count(*) FROM alignments") == 3)
    try FileManager.default.removeItem(atPath: folder.path("notes/\(video).en.srt"))
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(try leftovers() == 0)
    #expect(try Verify.report(VerifyScope(), in: store).claims.map(\.verdict) == [.noTranscript, .noTranscript, .noTranscript])
}

/// An index in memory cannot be opened again: its claims are aligned on the one connection
/// (`ReadConnections`), with the verdicts an index in a file gets.
@Test func anIndexInMemoryAlignsAsAFileDoes() throws {
    let folder = try TempFolder("kb-verify-memory")
    defer { folder.cleanup() }
    try folder.write("notes/tides.md", note())
    try folder.write("notes/\(video).en.srt", srt)
    let memory = try Store(path: ":memory:")
    _ = try Indexer(store: memory).run(paths: [folder.path("notes")])
    let claims = try Verify.report(VerifyScope(), in: memory).claims
    #expect(claims.map(\.verdict) == [.supported, .drifted, .unsupported])
    #expect(claims == (try Verify.report(VerifyScope(), in: try folder.indexedStore()).claims))
}

@Test func verifyScopesToAFolderANoteOrAVideoAndRefusesNames() throws {
    let folder = try TempFolder("kb-verify")
    defer { folder.cleanup() }
    try folder.write("notes/a/tides.md", note())
    try folder.write("notes/b/other.md", noteText(title: "Other", videoID: "othrAAAAAAA", "Something else entirely \(anchor("00:00:05")).\n"))
    try folder.write("notes/a/\(video).en.srt", srt)
    let store = try folder.indexedStore()
    #expect(try Verify.report(VerifyScope(files: [folder.path("notes/a")]), in: store).claims.count == 3)
    #expect(try Verify.report(VerifyScope(files: [folder.path("notes/b/other.md")]), in: store).claims.map(\.verdict) == [.noTranscript])
    #expect(try Verify.report(VerifyScope(note: "tides"), in: store).claims.count == 3)
    #expect(try Verify.report(VerifyScope(video: "othrAAAAAAA"), in: store).claims.count == 1)
    #expect(throws: StoreError.self) { try Verify.report(VerifyScope(note: "nope"), in: store) }
    // Removing the transcript turns the verdicts to no_transcript on the next run.
    try folder.remove("notes/a/\(video).en.srt")
    _ = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(try Verify.report(VerifyScope(note: "tides"), in: store).claims.map(\.verdict) == [.noTranscript, .noTranscript, .noTranscript])
}

@Test func reportsMarkDriftedAndUnsupportedClaimsButNoteMarkdownReadsBackAsTheNote() throws {
    let folder = try TempFolder("kb-verify")
    defer { folder.cleanup() }
    try folder.write("notes/tides.md", note())
    try folder.write("notes/\(video).en.srt", srt)
    let store = try folder.indexedStore()
    let markdown = try Renderer(store: store, options: RenderOptions(), plan: nil)
    let timeline = try markdown.videoPage(video).markdown
    #expect(timeline.contains("since 1966. ⚑ *said at* [00:02:20](https://www.youtube.com/watch?v=\(video)&t=140s)"))
    #expect(timeline.contains("for their panels. ⚑ *not found in the transcript*"))
    #expect(!timeline.contains("twice a day. ⚑"), "a supported claim has no mark")
    let notePage = try markdown.notePage(try store.resolveNote("tides")).markdown
    #expect(!notePage.contains("⚑"))
    let html = try Renderer(store: store, options: RenderOptions(html: true), plan: nil)
    #expect(try html.notePage(try store.resolveNote("tides")).markdown.contains("⚑ *said at*"))
}

/// Windows are scored over term numbers for speed (`IndexedTranscript`); the score must be
/// what the definition says: the weight of the claim's terms the window holds over the
/// weight of all of them, with each term's idf counted over the passages' term sets.
@Test func windowScoresOverTermNumbersEqualTheDefinitionOverWords() {
    let t = Aligner.IndexedTranscript(lecture())
    let claimText = "The oldest tidal barrage in Brittany turns the moon's pull into electricity since 1966, unlike wind."
    let claimTerms = Array(Set(AlignText.terms(claimText)))
    let passageTerms = lecture().passages.map { Set(AlignText.terms($0.text)) }
    let n = Double(passageTerms.count)
    var weight: [String: Double] = [:]
    for term in claimTerms {
        let df = Double(passageTerms.filter { $0.contains(term) }.count)
        weight[term] = max(0.2, log((n + 1) / (df + 0.5))) * (term.first?.isNumber == true ? 1.5 : 1)
    }
    let total = weight.values.reduce(0, +)
    let (byTerm, fastTotal) = t.weights(claimTerms)
    #expect(abs(fastTotal - total) < 1e-9)
    for i in passageTerms.indices {
        let w = t.window(at: i, weights: byTerm, total: fastTotal)
        let held = passageTerms[w.first...w.last].reduce(into: Set<String>()) { $0.formUnion($1) }
        let expected = weight.filter { held.contains($0.key) }.values.reduce(0, +) / total
        #expect(abs(w.score - expected) < 1e-9, "window at \(i)")
    }
}

@Test func aClaimTheTranscriptStatesGetsTheSpeakerWhoSaysIt() throws {
    let folder = try TempFolder("kb-verify")
    defer { folder.cleanup() }
    try folder.write("notes/ferries.md", noteText(title: "Ferries", videoID: "podcBBBBBBB", """
        Ferries carry forty million riders a year in the region \(anchor("00:00:12")).
        Deep water makes every bridge pier expensive \(anchor("00:01:06")).

        """))
    try folder.write("transcripts/ferries.md", """
        ---
        video_id: podcBBBBBBB
        ---

        Dana Whitfield (00:00:05):
        Today we talk about ferries and bridges.

        Maren Okafor (00:00:12):
        Ferries carry forty million riders a year in our region. Bridges would cost far more.

        Dana Whitfield (00:01:02):
        Why do bridges cost more?

        Maren Okafor (00:01:06):
        Deep water makes every pier expensive.

        """)
    let store = try Store(path: folder.path("kb.sqlite"))
    _ = try Indexer(store: store).run(paths: [folder.path("notes"), folder.path("transcripts")])
    let rows = try store.sql("""
        SELECT c.text, s.name, c.speaker_source FROM claims c LEFT JOIN speakers s ON s.id = c.speaker ORDER BY c.ordinal
        """)
    #expect(rows.map { $0.string(1) } == ["Maren Okafor", "Maren Okafor"])
    #expect(rows.map { $0.string(2) } == ["transcript", "transcript"])
    #expect(try store.claims(ofSpeaker: "Okafor").count == 2)
}

/// Aligning starts before the transcripts' labels are read against the notes' speakers
/// (`Indexer.startAligning`): an alignment still names the person a label stands for, as a
/// passage read from the index does, and names nobody when no passage was found.
@Test func anAlignmentNamesThePersonItsPassageLabelStandsFor() throws {
    let folder = try TempFolder("kb-verify")
    defer { folder.cleanup() }
    try folder.write("notes/ferries.md", noteText(title: "Ferries", videoID: "podcCCCCCCC", """
        Ferries carry forty million riders a year in the region \(anchor("00:00:12")).
        Okay, so \(anchor("00:00:30")).

        """))
    try folder.write("transcripts/ferries.md", """
        ---
        video_id: podcCCCCCCC
        guest: Maren Okafor
        ---

        Dana (00:00:05):
        Today we talk about ferries and bridges.

        Maren (00:00:12):
        Ferries carry forty million riders a year in our region. Bridges would cost far more.

        """)
    let store = try Store(path: folder.path("kb.sqlite"))
    _ = try Indexer(store: store).run(paths: [folder.path("notes"), folder.path("transcripts")])
    let rows = try store.sql("SELECT a.verdict, a.transcript, a.speaker FROM alignments a JOIN claims c ON c.id = a.claim ORDER BY c.ordinal")
    try #require(rows.count == 2)
    #expect(rows[0].string(0) == "supported")
    #expect(rows[0].string(2) == "Maren Okafor")
    let transcript = try #require(rows[0].int(1))
    let said = try store.passages(ofTranscript: transcript).first { $0.text.hasPrefix("Ferries carry") }
    #expect(said?.speaker == rows[0].string(2), "the name a passage read from the index gives")
    #expect(rows[1].int(1) == nil && rows[1].string(2) == nil, "no passage, nobody: \(rows[1].string(0) ?? "")")
}

/// A claim's citations are aligned with the video they name: the note's video for bare
/// times, the URL's for a link to another video (`Store.alignInputs` finds both by index).
@Test func aCitationNamingAnotherVideoIsAlignedWithThatVideo() throws {
    let folder = try TempFolder("kb-verify")
    defer { folder.cleanup() }
    let other = "othrVIDEO01"
    try folder.write("notes/tides.md", noteText(title: "Tides", videoID: video, """
        The moon pulls the oceans twice a day \(anchor("00:00:10")).
        Keepers lived in the towers all year [1:10](https://www.youtube.com/watch?v=\(other)&t=70s).

        """))
    let store = try folder.indexedStore()
    let own = try store.read { try store.alignInputs(video: video) }
    let named = try store.read { try store.alignInputs(video: other) }
    #expect(own.claims.map(\.cited) == [[10]])
    #expect(named.claims.map(\.cited) == [[70]])
    #expect(named.claims.first?.text.hasPrefix("Keepers lived") == true)
}

/// Terms are compared in the order they first appear, so scores (sums over them) are the
/// same on every run, and of two transcripts that say a claim equally well the first wins.
@Test func aligningIsTheSameOnEveryRunAndTiesGoToTheFirstTranscript() {
    #expect(AlignText.distinctTerms("tides and moons, moons and tides, 12 tides") == [AlignText.stem("tides"), AlignText.stem("moons"), "12"])
    var copy = lecture()
    copy = AlignTranscript(id: 8, passages: copy.passages, paragraphTimes: false, duration: 2700)
    let claim = AlignClaim(id: 2, text: "The oldest tidal barrage, in Brittany, has run since 1966.", cited: [65])
    let a = Aligner.align([claim], transcripts: [lecture(), copy])[0]
    let b = Aligner.align([claim], transcripts: [copy, lecture()])[0]
    #expect(a.transcript == 7)
    #expect(b.transcript == 8)
    #expect(a.start == b.start && a.score == b.score && a.suggested == b.suggested)
}
