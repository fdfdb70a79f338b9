import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// One test per real-input case found in the shared corpus; fixtures are invented.

@Test func fromLineRunningIntoTheFirstParagraphKeepsTheParagraph() {
    let note = extract(noteText("From: [[somechannel]] <br/>\nThe river froze early that year \(anchor("00:00:05")).\n"))
    #expect(note.channel == "somechannel")
    #expect(note.claims.map(\.text) == ["The river froze early that year."])
    #expect(note.claims.first?.timestamps.first?.seconds == 5)
}

@Test func noteWrappedInAMarkdownFenceIsReadAsMarkdown() {
    let note = extract(noteText("```markdown\nThe bridge opened in spring \(anchor("00:01:00")).\n\n## Later\nTraffic doubled \(anchor("00:02:00")).\n```\n"))
    #expect(note.claims.map(\.text) == ["The bridge opened in spring.", "Traffic doubled."])
    #expect(note.claims.last?.section == ["Later"])
    #expect(note.claims.last?.line == 10)
}

@Test func otherCodeBlocksHoldNoClaims() {
    let note = extract(noteText("```\nx = [[not_a_link]] [00:01:02]\n```\nReal prose here \(anchor("00:00:09")).\n"))
    #expect(note.claims.map(\.text) == ["Real prose here."])
    #expect(note.allLinks.isEmpty)
    #expect(note.allTimestamps.count == 1)
}

@Test func calloutTitleIsALabelButACitedFirstLineIsProse() {
    let titled = extract(noteText("> [!info] Key point\n> Ice is lighter than water \(anchor("00:00:30")).\n"))
    #expect(titled.claims.map(\.text) == ["Ice is lighter than water."])
    let inline = extract(noteText("> [!NOTE] Ice floats \(anchor("00:00:31")). It insulates \(anchor("00:00:40")).\n"))
    #expect(inline.claims.map(\.text) == ["Ice floats.", "It insulates."])
}

@Test func timeLinkedToAnAnchorIsACitation() {
    let note = extract(noteText("Demand kept growing [01:29:02](#01:29:02). See [the intro](#intro) for more.\n"))
    #expect(note.claims.first?.timestamps.map(\.seconds) == [5342])
    #expect(note.claims.first?.timestamps.first?.form == .bracket)
    #expect(note.claims.last?.text == "See the intro for more.")
}

@Test func citationBeforeThePeriodEndsTheSentenceEvenBeforeALowerCaseName() {
    let note = extract(noteText("The lab needs more money \(anchor("00:03:00")). xLabs, a rival, raised twice as much \(anchor("00:03:10")).\n"))
    #expect(note.claims.map(\.text) == ["The lab needs more money.", "xLabs, a rival, raised twice as much."])
}

@Test func citationAfterAQuestionDoesNotSplitBeforeALowerCaseWord() {
    let note = extract(noteText("She cites the essay \"Is Growth Slowing?\" \(anchor("00:04:00")) and her own survey \(anchor("00:04:20")).\n"))
    #expect(note.claims.count == 1)
    #expect(note.claims.first?.timestamps.map(\.seconds) == [240, 260])
}

@Test func bareLinkAfterASentenceJoinsThatClaim() {
    let note = extract(noteText("Modules can be swapped per customer \(anchor("01:51:01")). [[modular_models]]\n"))
    #expect(note.claims.map(\.text) == ["Modules can be swapped per customer."])
    #expect(note.claims.first?.links.map(\.target) == ["modular_models"])
}

@Test func markdownKeepsOnePeriodAfterACitation() {
    let note = extract(noteText("Costs fell by half \(anchor("00:05:00")). Prices followed \(anchor("00:05:30")).\n"))
    #expect(note.claims.map(\.markdown) == ["Costs fell by half.", "Prices followed."])
}

@Test func linksAfterAFinishedSentenceJoinItWithoutACitation() {
    let note = extract(noteText("Bioweapons are the usual example. [[open_models]]\n"))
    #expect(note.claims.map(\.text) == ["Bioweapons are the usual example."])
    #expect(note.claims.first?.links.map(\.target) == ["open_models"])
    // Its markdown, read again, gives the same claim.
    let again = extract(note.claims[0].markdown + "\n")
    #expect(again.claims.map(\.text) == ["Bioweapons are the usual example."])
    #expect(again.claims.first?.links.map(\.target) == ["open_models"])
}

@Test func nestedEmphasisRoundTripsThroughClaimMarkdown() {
    let note = extract(noteText("***Vibrio cholerae*** spread along the river \(anchor("00:01:00")). *Read the report \(anchor("00:01:05")).*\n"))
    #expect(note.claims.map(\.markdown) == ["***Vibrio cholerae*** spread along the river.", "*Read the report.*"])
    for claim in note.claims {
        #expect(extract(claim.markdown + "\n").claims.map(\.text) == [claim.text])
    }
}

@Test func aLinkWhoseLabelSwallowedACitationKeepsItsTargetThroughMarkdown() {
    let note = extract(noteText("Japan needed an empire [[energy_resources | [00:26:55]</a>, <a class=\"yt-timestamp\" data-t=\"00:53:59]]</a>. Trade stopped \(anchor("00:54:00")).\n"))
    #expect(note.claims.first?.links.map(\.target) == ["energy_resources"])
    #expect(note.claims.first?.timestamps.map(\.seconds) == [1615, 3239])
    let again = extract(note.claims[0].markdown + "\n")
    #expect(again.claims.map(\.text) == [note.claims[0].text])
    #expect(again.claims.first?.links.map(\.target) == ["energy_resources"])
}

@Test func quotationOpeningAfterACitationStartsTheNextClaim() {
    let note = extract(noteText("> \"Tides follow the moon.\" \(anchor("00:01:00"))\n> \"Storms ignore it. Sailors know both.\" \(anchor("00:02:00"))\n"))
    #expect(note.claims.map(\.text) == ["\"Tides follow the moon.\"", "\"Storms ignore it. Sailors know both.\""])
    #expect(note.claims.map { $0.timestamps.map(\.seconds) } == [[60], [120]])
}

// Issue 18: citation forms that were lost.

@Test func aTimeInAWikiLinkLabelIsACitationAndTheLinkStays() throws {
    let note = extract(noteText("""
        Keepers lived in the towers all year [[lighthouse_keepers | [00:31:18]]]. Fog horns replaced the bells [[fog_signals|1:05]].

        """))
    #expect(note.claims.map(\.text) == ["Keepers lived in the towers all year.", "Fog horns replaced the bells."])
    #expect(note.claims.map { $0.timestamps.map(\.seconds) } == [[1878], [65]])
    #expect(note.claims.map { $0.timestamps.map(\.form) } == [[.wikilink], [.wikilink]])
    #expect(note.claims.map { $0.links.map(\.target) } == [["lighthouse_keepers"], ["fog_signals"]])
    // The link stays in the markdown with no text (it reads back the same); the time is not text.
    #expect(note.claims.map(\.markdown) == ["Keepers lived in the towers all year[[lighthouse_keepers|]].",
                                            "Fog horns replaced the bells[[fog_signals|]]."])
    // An unreadable time stays a label: written back as it was, it reads back the same.
    let odd = extract(noteText("Keepers left [[lighthouse_keepers | 00:01:00:12]].\n"))
    #expect(odd.claims.first?.links.first?.label == "00:01:00:12")
    #expect(odd.claims.first?.timestamps.isEmpty == true)
    // Also when a generator made the wiki-link a markdown link to its own target as well.
    let linked = extract(noteText("Keepers kept logs [[keeper_logs | [00:01:15]]](keeper_logs), [[weather | [00:01:58]]](weather).\n"))
    #expect(linked.claims.map(\.text) == ["Keepers kept logs."])
    #expect(linked.claims.first?.timestamps.map(\.seconds) == [75, 118])
    #expect(linked.claims.first?.links.map(\.target) == ["keeper_logs", "weather"])
    // A label that is not a time stays a label.
    let plain = extract(noteText("Keepers trimmed the wicks [[lighthouse_keepers | the keepers]] \(anchor("00:01:00")).\n"))
    #expect(plain.claims.first?.links.first?.label == "the keepers")
    #expect(plain.claims.first?.timestamps.map(\.form) == [.anchor])
}

@Test func paragraphAndSpacedAnchorsAreCitations() {
    let note = extract(noteText("""
        Barrages turn the pull into power < a class="yt-timestamp" data-t="00:02:10">[00:02:10]</a>.

        Estuaries amplify the range of the tide.
        <p class="yt-timestamp" data-t="00:03:20">[00:03:20]</p>

        If 0 < a and b > c the inequality holds \(anchor("00:04:00")).

        """))
    #expect(note.claims.map(\.text) == ["Barrages turn the pull into power.", "Estuaries amplify the range of the tide.",
                                        "If 0 < a and b > c the inequality holds."])
    #expect(note.claims.map { $0.timestamps.map(\.seconds) } == [[130], [200], [240]])
    #expect(note.claims.map { $0.timestamps.map(\.form) } == [[.anchor], [.anchor], [.anchor]])
    // Apart from a paragraph (a blank line between), the citation is kept, with no claim.
    let apart = extract(noteText("Estuaries amplify the tide.\n\n<p class=\"yt-timestamp\" data-t=\"00:03:20\">[00:03:20]</p>\n"))
    #expect(apart.claims.first?.timestamps.isEmpty == true)
    #expect(apart.allTimestamps.map(\.seconds) == [200])
}

@Test func admonitionFencesAreProse() {
    let note = extract(noteText("""
        ```ad-note
        title: An aside
        collapse: open
        Wind turbines are cheaper to build \(anchor("00:05:00")).
        ```

        ```ad-warning
        Tides are predictable \(anchor("00:06:00")).
        ```

        """))
    #expect(note.claims.map(\.text) == ["Wind turbines are cheaper to build.", "Tides are predictable."])
    #expect(note.claims.map(\.line) == [9, 13])
}

@Test func aGeneratorsPreambleAndAPastedPromptAreNotClaims() {
    let topics = (1...6).map { "Harbour topic \($0) – [[harbour_topic_\($0) | Harbour topic \($0)]]" }.joined(separator: "\n")
    let note = extract(noteText("""
        Here is the revised article with the links you asked for:

        Ferries carry riders across the bay \(anchor("00:00:12")).

        Use these topics for links:
        \(topics)

        Here is why the bridge was never built: money ran out \(anchor("00:01:00")).

        """))
    #expect(note.claims.map(\.text) == ["Ferries carry riders across the bay.", "Here is why the bridge was never built: money ran out."])
    #expect(note.warnings.contains { $0.message.hasPrefix("generator preamble skipped") && $0.line == 6 })
    #expect(note.warnings.contains { $0.message.hasPrefix("skipped 7 lines that end no sentence") })
    #expect(note.otherLinks.count == 6, "the skipped list's links are kept as links of the note")
    // A colon line that is not a preamble, and a short uncited list, stay claims.
    let kept = extract(noteText("The crossing has three stops:\nNorth pier\nSouth pier\n"))
    #expect(kept.claims.count == 1)
    // Prose wrapped by hand ends sentences on most lines; display maths is the note's.
    let wrapped = extract(noteText("The ferry left at dawn. It\ncrossed the bay. The\nwind rose. Waves\ngrew tall. It\ndocked at noon.\n"))
    #expect(wrapped.claims.count == 5)
    #expect(extract(noteText("$$\na = b\nc = d\ne = f\ng = h\n$$\n")).claims.count == 1)
    // A list with a sentence end here and there is still a list.
    let dotted = extract(noteText("Use these topics:\n" + (1...9).map { "Topic \($0) – [[topic_\($0)]]" }.joined(separator: "\n") + "\nU.S. ports – [[us_ports]]\n"))
    #expect(dotted.claims.isEmpty)
    #expect(GeneratorLeftovers.isPreamble("Here are the three stops:"))
    #expect(!GeneratorLeftovers.isPreamble("Here the ferry turns:") && !GeneratorLeftovers.isPreamble("Here is the plan."))
}

/// Minutes and seconds written one place too high (`07:37:00` in a 20-minute video):
/// `kb check` reports the time past the end, with the likely reading.
@Test func checkReportsCitationsPastTheEndOfTheirVideo() throws {
    let folder = try TempFolder("kb-check")
    defer { folder.cleanup() }
    // With a transcript: past its end.
    try folder.write("notes/ferries.md", noteText(title: "Ferries", videoID: "ferrVIDEO0A", """
        Ferries carry riders across the bay \(anchor("00:01:10")).
        Fares doubled after the storm \(anchor("07:37:00")).

        """))
    try folder.write("notes/ferrVIDEO0A.en.srt", "1\n00:00:00,000 --> 00:00:05,000\nToday, ferries.\n\n2\n00:19:50,000 --> 00:20:13,000\nThanks for watching.\n")
    // Without one: far beyond the video's other citations.
    try folder.write("notes/tides.md", noteText(title: "Tides", videoID: "tideVIDEO01", """
        The moon pulls the oceans \(anchor("00:02:00")). Barrages turn tides into power \(anchor("00:05:30")).
        Brittany's barrage dates from 1966 \(anchor("00:09:45")). Keepers logged every tide \(anchor("12:40:00")).
        Long podcasts run for hours \(anchor("00:11:00")).

        """))
    let report = CorpusCheck.run(paths: [folder.path("notes")])
    let past = report.findings.filter { $0.kind == .pastEnd }
    #expect(past.map(\.line) == [7, 7])
    #expect(past.first?.message == "citation 07:37:00 is past the end of video ferrVIDEO0A (its transcript ends at 00:20:13); likely 00:07:37")
    #expect(past.last?.message == "citation 12:40:00 is past the end of video tideVIDEO01 (far beyond the video's other citations, the latest below it at 00:11:00); likely 00:12:40")
    #expect(ImpossibleTime.isFarBeyond(3 * 3600, among: [600, 5400, 7200, 3 * 3600]) == false, "a long video's late citations are not impossible")
    // Another note of a long podcast citing a second past the jump: the video runs that long.
    #expect(!ImpossibleTime.isFarBeyond(6840, among: [120, 600, 1500, 2166, 6840, 8190]))
    #expect(ImpossibleTime.isFarBeyond(6840, among: [120, 600, 1500, 2166, 6840, 8160]))
    #expect(!ImpossibleTime.isFarBeyond(6870, among: [120, 600, 1500, 2166, 6870]), "02:04:30 names a second: written as meant")
}

/// A video whose every citation is written one place too high (`00:45:00`, `09:12:00`,
/// `16:05:00` for a 17-minute video) has nothing below a jump to compare with: every time a
/// whole minute and the latest past ten hours say so. A long video cited at whole minutes,
/// or one citation naming a second, says otherwise.
@Test func aVideoWhoseEveryTimeIsShiftedIsCaughtWithoutATranscript() throws {
    let shifted = [45 * 60, 9 * 3600 + 12 * 60, 16 * 3600 + 5 * 60]
    #expect(shifted.allSatisfy { ImpossibleTime.isFarBeyond($0, among: shifted) })
    #expect(!ImpossibleTime.isFarBeyond(3 * 3600, among: [600, 3600, 2 * 3600, 3 * 3600]), "a three-hour video cited at whole minutes")
    #expect(!ImpossibleTime.isFarBeyond(16 * 3600 + 5 * 60, among: shifted + [16 * 3600 + 30]), "16:00:30 names a second")
    #expect(!ImpossibleTime.isFarBeyond(16 * 3600, among: [16 * 3600, 11 * 3600]), "two citations are too few to tell")

    let folder = try TempFolder("kb-shifted")
    defer { folder.cleanup() }
    try folder.write("notes/looms.md", noteText(title: "Looms", videoID: "loomVIDEO01", """
        Hand looms came first \(anchor("00:45:00")). Jacquard cards stored patterns \(anchor("09:12:00")).
        Power looms ended the trade \(anchor("16:05:00")).

        """))
    let past = CorpusCheck.run(paths: [folder.path("notes")]).findings.filter { $0.kind == .pastEnd }
    #expect(past.count == 3)
    #expect(past.last?.message == "citation 16:05:00 is past the end of video loomVIDEO01 (every citation of the video is a whole minute, the latest at 16:05:00); likely 00:16:05")
}

/// `kb render note` keeps every claim and citation of a list item that is only a link with a
/// citation, and of a bold label with a citation and a colon before nested items.
@Test func renderedNoteKeepsLinkOnlyItemsAndColonLabels() throws {
    let folder = try TempFolder("kb-roundtrip")
    defer { folder.cleanup() }
    let text = noteText(title: "Harbours", videoID: "harbVIDEO0A", """
        ## Topics

        *   **[[harbour_pilots | Harbour pilots]]** \(anchor("00:01:10"))
        *   **Follow a Structure** \(anchor("00:02:00")):
            *   Open with the tide table \(anchor("00:02:10")).
            *   Close with the weather \(anchor("00:02:20")).

        """)
    try folder.write("notes/harbours.md", text)
    let store = try folder.indexedStore()
    let page = try Renderer(store: store, options: RenderOptions(), plan: nil)
        .notePage(try store.resolveNote("harbours")).markdown
    let before = extract(text), after = extract(page)
    #expect(after.claims.map(\.text) == before.claims.map(\.text))
    #expect(before.claims.map(\.text) == ["Follow a Structure:", "Open with the tide table.", "Close with the weather."])
    #expect(after.claims.map { $0.timestamps.map(\.seconds) } == before.claims.map { $0.timestamps.map(\.seconds) })
    #expect(after.allTimestamps.map(\.seconds).sorted { ($0 ?? 0) < ($1 ?? 0) } == [70, 120, 130, 140])
    #expect(after.allLinks.map(\.target) == ["harbour_pilots"])
}

/// A time its video cannot have (written one place too high) links to its likely reading in
/// search, jump and the reports; the written time stays what is shown and stored.
@Test func answersLinkAnImpossibleTimeToItsLikelyReading() throws {
    let folder = try TempFolder("kb-likely")
    defer { folder.cleanup() }
    try folder.write("notes/tides.md", noteText(title: "Tides", videoID: "tideVIDEO0A", """
        The moon pulls the oceans \(anchor("00:02:00")). Barrages turn tides into power \(anchor("00:05:30")).
        Brittany's barrage dates from 1966 \(anchor("00:09:45")). Keepers logged every lighthouse tide \(anchor("12:40:00")).

        """))
    let store = try folder.indexedStore()
    let hit = try #require(try store.search(SearchRequest(query: "lighthouse keepers")).first)
    let cite = try #require(hit.timestamps.first)
    #expect(cite.seconds == 45600, "the written time is kept")
    #expect(cite.likely == 760)
    #expect(cite.url(noteVideo: "tideVIDEO0A") == "https://www.youtube.com/watch?v=tideVIDEO0A&t=760s")
    #expect(try Jump.resolve(String(hit.claim), in: store).seconds == 760)
    let other = try #require(try store.search(SearchRequest(query: "moon")).first?.timestamps.first)
    #expect(other.likely == nil, "a possible time links to itself")
    let page = try Renderer(store: store, options: RenderOptions(html: true), plan: nil)
        .notePage(try store.resolveNote("tides")).markdown
    #expect(page.contains("[12:40:00](https://www.youtube.com/watch?v=tideVIDEO0A&t=760s)"))
}

/// `kb jump CLAIM` says exactly why a claim has no moment to jump to.
@Test func jumpSaysWhyAClaimHasNoMoment() throws {
    let folder = try TempFolder("kb-jump-why")
    defer { folder.cleanup() }
    try folder.write("notes/ferries.md", noteText(title: "Ferries", videoID: "ferrVIDEO0A", """
        Ferries cross the bay every hour.
        Fares rose after the storm [1:2:3:4:5].

        """))
    try folder.write("notes/novideo.md", noteText(title: "No video", videoID: nil, "Bridges take a decade to build \(anchor("00:01:00")).\n"))
    let store = try folder.indexedStore()
    let claims = try store.search(SearchRequest(query: "ferries OR fares OR bridges"))
    func id(_ prefix: String) throws -> String { String(try #require(claims.first { $0.text.hasPrefix(prefix) }).claim) }
    #expect(throws: QueryError.noClaim(999999)) { try Jump.resolve("999999", in: store) }
    #expect(throws: QueryError.noMoment(claim: Int64(try id("Ferries"))!, why: "cites no moment (kb search shows its note and line)")) {
        try Jump.resolve(try id("Ferries"), in: store)
    }
    #expect(throws: QueryError.noMoment(claim: Int64(try id("Bridges"))!, why: "cites a time, but neither the citation nor its note names a video")) {
        try Jump.resolve(try id("Bridges"), in: store)
    }
}

/// `kb render note` keeps a heading with no claim under it, and the links under it stay
/// under it (before, the index kept no headings: the heading was lost and its links moved
/// above the heading before them).
@Test func renderedNoteKeepsClaimlessHeadingsAndTheLinksUnderThem() throws {
    let folder = try TempFolder("kb-headings")
    defer { folder.cleanup() }
    let text = noteText(title: "Canals", videoID: "canaVIDEO0A", """
        ## Locks

        Locks lift boats between levels \(anchor("00:01:00")).

        ## Related

        *   [[towpaths]]
        *   [[aqueducts | Aqueducts]]

        ### Further reading

        #### Maps

        ## Engines

        Steam tugs replaced horses \(anchor("00:03:00")).

        """)
    try folder.write("notes/canals.md", text)
    let store = try folder.indexedStore()
    let page = try Renderer(store: store, options: RenderOptions(), plan: nil)
        .notePage(try store.resolveNote("canals")).markdown
    let lines = page.split(separator: "\n").map(String.init)
    func at(_ prefix: String) throws -> Int { try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "\(prefix) in\n\(page)") }
    #expect(try at("## Locks") < at("Locks lift boats"))
    #expect(try at("Locks lift boats") < at("## Related"))
    #expect(try at("## Related") < at("- [[towpaths]]"))
    #expect(try at("- [[towpaths]]") < at("- [[aqueducts"))
    #expect(try at("- [[aqueducts") < at("### Further reading"))
    #expect(try at("### Further reading") < at("#### Maps"))
    #expect(try at("#### Maps") < at("## Engines"))
    #expect(try at("## Engines") < at("Steam tugs"))
    // Read back, the note has the same sections, claims, citations and links.
    let before = extract(text), after = extract(page)
    #expect(after.headings.map(\.title) == before.headings.map(\.title))
    #expect(after.headings.map(\.level) == [2, 2, 3, 4, 2])
    #expect(after.claims.map(\.section) == before.claims.map(\.section))
    #expect(after.allLinks.map(\.target) == before.allLinks.map(\.target))
}
