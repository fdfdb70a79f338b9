import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex
import KBTestSupport

private let repo = URL(fileURLWithPath: #filePath)  // <repo>/Tests/KBTests/this.swift
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let goldenFolder = repo.appendingPathComponent("Tests/Golden")
private let recording = ProcessInfo.processInfo.environment["KB_RECORD"] == "1"

/// notes/ indexed into a temporary store.
private func sampleStore() throws -> (Store, TempFolder) {
    let folder = try TempFolder("kb-render")
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [repo.appendingPathComponent("notes").path])
    #expect(report.failed == 0)
    return (store, folder)
}

/// Compares with `Tests/Golden/NAME`; KB_RECORD=1 writes the file instead.
private func golden(_ name: String, _ text: String) throws {
    let file = goldenFolder.appendingPathComponent(name)
    if recording {
        try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return
    }
    let expected = try? String(contentsOf: file, encoding: .utf8)
    guard let expected else {
        Issue.record("no golden file \(name): run KB_RECORD=1 swift test --filter Render")
        return
    }
    if expected != text {
        let a = expected.components(separatedBy: "\n"), b = text.components(separatedBy: "\n")
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        let line = first?.offset ?? min(a.count, b.count)
        Issue.record("""
            \(name) differs from its golden file at line \(line + 1) (KB_RECORD=1 re-records):
              golden: \(line < a.count ? a[line] : "<end>")
              now:    \(line < b.count ? b[line] : "<end>")
            """)
    }
}

@Test func goldenReportsOverSampleNotes() throws {
    let (store, folder) = try sampleStore()
    defer { folder.cleanup() }
    let markdown = try Renderer(store: store, options: RenderOptions(), plan: nil)
    let anchors = try Renderer(store: store, options: RenderOptions(timestamps: .anchor), plan: nil)
    let note = try store.resolveNote("gpu_rental_economics")
    try golden("note.md", markdown.output(try markdown.notePage(note)))
    try golden("note-anchor.md", anchors.output(try anchors.notePage(note)))
    let index = try store.resolveNote("thestacktalks")
    try golden("note-index-page.md", markdown.output(try markdown.notePage(index)))
    try golden("topic.md", markdown.output(try markdown.topicPage(query: "rental price*")))
    try golden("video.md", markdown.output(try markdown.videoPage("Qm7vT2xLp9A")))
    try golden("hub-note.md", markdown.output(try markdown.hubPage(try markdown.hubTarget("gpu_rental_economics"))))
    try golden("hub-unresolved.md", markdown.output(try markdown.hubPage(try markdown.hubTarget("liquid cooling retrofits"))))

    let plan = try SitePlan(store: store)
    let html = try Renderer(store: store, options: RenderOptions(html: true), plan: plan)
    try golden("topic.html", html.output(try html.topicPage(query: "rental price*")))
    try golden("video.html", html.output(try html.videoPage("Qm7vT2xLp9A")))
    let site = try Renderer(store: store, options: RenderOptions(), plan: plan)
    try golden("site-index.md", site.output(site.indexPage()))
    try golden("site-note.md", site.output(try site.notePage(note)))
    // A site sorts a hub's backlink sources by each note's place in path order.
    try golden("site-hub-note.md", site.output(try site.hubPage(try site.hubTarget("gpu_rental_economics"))))
}

/// The speaker report groups the claims the index attributes to a speaker by video.
@Test func goldenSpeakerReport() throws {
    let (store, folder) = try sampleStore()
    defer { folder.cleanup() }
    let renderer = try Renderer(store: store, options: RenderOptions(), plan: nil)
    let speaker = try #require(try store.reportSpeaker(named: "Raman"))
    try golden("speaker.md", renderer.output(try renderer.speakerPage(speaker)))
}

@Test func siteLinksResolveInMarkdownAndHTML() throws {
    let (store, folder) = try sampleStore()
    defer { folder.cleanup() }
    let speakers = try store.speakers().count
    #expect(speakers >= 3)
    for html in [false, true] {
        let out = folder.path(html ? "html" : "md")
        let report = try SiteWriter(store: store, options: RenderOptions(html: html)).write(to: out)
        #expect(report.notes == 15)
        #expect(report.videos == 3)
        #expect(report.speakers == speakers)
        let check = try LinkChecker.check(folder: out)
        #expect(check.pages == report.pages)
        #expect(check.links > 200, "\(check.links) links checked")
        #expect(check.broken.isEmpty, "\(check.broken.prefix(10))")
        let names = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(names.allSatisfy { name in name.unicodeScalars.allSatisfy { "abcdefghijklmnopqrstuvwxyz0123456789_-.".unicodeScalars.contains($0) } })
    }
}

@Test func linkCheckerFindsBrokenLinks() throws {
    let folder = try TempFolder("kb-links")
    defer { folder.cleanup() }
    try folder.write("a.md", "[[b|B]] [[missing|M]] [x](b.md) [y](gone.md#top) [z](https://example.com) [[b#Head]]\n")
    try folder.write("b.md", "ok\n")
    try folder.write("c.html", "<a href=\"a.md\">a</a> <a href=\"nope.html?x=1\">n</a> <a href=\"https://x.y/\">e</a> <a href=\"#top\">t</a>\n")
    let result = try LinkChecker.check(folder: folder.path)
    #expect(result.broken.map(\.link).sorted() == ["[[missing|M]]", "gone.md#top", "nope.html?x=1"])
}

@Test func safeNamesKeepOnlySafeCharacters() {
    #expect(RenderText.safeName("GPU rental economics") == "gpu_rental_economics")
    #expect(RenderText.safeName("../../etc/passwd") == "etc_passwd")
    #expect(RenderText.safeName("") == "page")
    #expect(RenderText.safeName("ÄÖÜ") == "page")
    #expect(RenderText.safeName(String(repeating: "ab", count: 100)).count == RenderText.nameCap)
    #expect(RenderText.safeName("Qm7vT2xLp9A") == "qm7vt2xlp9a")
    #expect(RenderText.safeName("  __Café--Bar__  ") == "caf_--bar")
    #expect(RenderText.safeName("a\u{301}b") == "a_b")
    // The byte pass agrees with the scalar pass it replaced.
    func byScalars(_ text: String) -> String {
        var out = ""
        var pendingGap = false
        for s in text.unicodeScalars {
            let v = s.value
            let kept: Character?
            switch v {
            case 65...90: kept = Character(Unicode.Scalar(v + 32)!)
            case 97...122, 48...57, 45, 95: kept = Character(s)
            default: kept = nil
            }
            if let kept {
                if pendingGap, !out.isEmpty { out.append("_") }
                pendingGap = false
                out.append(kept)
            } else {
                pendingGap = true
            }
            if out.count >= RenderText.nameCap { break }
        }
        while out.hasPrefix("-") || out.hasPrefix("_") { out.removeFirst() }
        if out.count > RenderText.nameCap { out = String(out.prefix(RenderText.nameCap)) }
        while out.hasSuffix("-") || out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "page" : out
    }
    let alphabet = Array("aZ9 _-.é✓/\u{301}")
    for n in 0..<3_000 {
        let sample = String((0..<(n % 120)).map { _ in alphabet.randomElement()! })
        #expect(RenderText.safeName(sample) == byScalars(sample), "\(sample.debugDescription)")
    }
}

/// Hub keys of ASCII targets come from a byte pass; it must agree with the Characters pass.
@Test func hubKeysFromBytesEqualHubKeysFromCharacters() {
    var samples = ["GPU rental economics", "gpu_rental-economics", "__a__b--c  d__", "A.B", "a._b", " x ", "...",
                   "", "_", "-", "Mixed CASE 42", "tab\there", "line\r\nbreak", "a | b", "C++ & C#"]
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("aZ09 _-.|#\t")
    for _ in 0..<2_000 {
        samples.append(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
    }
    for sample in samples {
        #expect(RenderText.hubKey(sample) == RenderText.hubKeyByCharacters(sample), "\(sample.debugDescription)")
    }
    #expect(RenderText.hubKey("__GPU--rental  economics_") == "gpu_rental_economics")
    #expect(RenderText.hubKey("...") == "...")
    // Not ASCII: by Characters, where a `-` with a combining mark is no separator.
    #expect(RenderText.hubKey("a-\u{301}b") == "ab")
    #expect(RenderText.hubKey("Café-Bar") == "caf_bar")
}

/// `md` changes exactly these ASCII characters (its one-pass check for clean text must know all of them).
@Test func markdownEscapesExactlyTheMarkupCharacters() {
    let escaped = Set("\\`*_[]<>|!&#~$")
    for b in UInt8(0)..<0x80 {
        let c = Character(Unicode.Scalar(b))
        let text = "a\(c)b"
        let expected = escaped.contains(c) ? "a\\\(c)b" : [9, 10, 13].contains(b) ? "a b" : text
        #expect(RenderText.md(text) == expected, "\(b)")
    }
}

/// cmark reads bytes: markup followed by a combining mark is still markup, so it is escaped.
@Test func markdownEscapesWorkOnBytes() {
    #expect(RenderText.md("a *b* [c] <d> `e`") == #"a \*b\* \[c\] \<d\> \`e\`"#)
    #expect(RenderText.md("x*\u{301}y_\u{301}") == "x\\*\u{301}y\\_\u{301}")
    #expect(RenderText.md("one\r\ntwo\nthree\rfour\tfive") == "one two three four five")
    #expect(RenderText.md("café ‘quoted’") == "café ‘quoted’")
    #expect(RenderText.wikiLabel(" a|b [c]\r\n ") == "a/b (c)")
    #expect(RenderText.wikiLabel("x|\u{301}") == "x/\u{301}")
    // Table cells escape pipes the same way: a pipe with a combining mark still ends a cell.
    let table = RenderTable(header: ["a|\u{301}b", "c"], rows: [["x\\|y", "p\nq|"]])
    #expect(table.markdown == "| a\\|\u{301}b | c |\n|---|---|\n| x\\|y | p q\\| |")
}

/// A note with raw HTML, a script, a javascript: link and markup in its title comes out inert.
@Test func htmlPagesEscapeEverythingFromNotes() throws {
    let folder = try TempFolder("kb-escape")
    defer { folder.cleanup() }
    try folder.write("notes/evil.md", """
        ---
        title: "<script>alert('t')</script> & <b>bold</b>"
        videoId: vidAAAAAAAA
        ---

        ## Head <img src=x onerror=alert(1)>

        A claim with <script>alert(1)</script> inside it \(anchor("00:01:02")). A [click](javascript:alert(2)) link and <iframe src="//evil"></iframe> here \(anchor("00:02:03")).

        """)
    let store = try folder.indexedStore()
    let plan = try SitePlan(store: store)
    let renderer = try Renderer(store: store, options: RenderOptions(html: true), plan: plan)
    let note = try store.resolveNote("evil")
    for page in [try renderer.notePage(note), try renderer.videoPage("vidAAAAAAAA"),
                 try renderer.topicPage(query: "claim"), renderer.indexPage()] {
        let html = renderer.output(page).lowercased()
        #expect(!html.contains("<script"), "\(page.name)")
        #expect(!html.contains("<img"), "\(page.name)")
        #expect(!html.contains("<iframe"), "\(page.name)")
        #expect(!html.contains("<b>"), "\(page.name)")
        #expect(!html.contains("javascript:"), "\(page.name)")
        if page.name != SitePlan.index { #expect(html.contains("watch?v=vidaaaaaaaa&amp;t=62s"), "\(page.name)") }
    }
    let title = renderer.output(try renderer.notePage(note))
    #expect(title.contains("<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</title>"))
}

/// Small batches spread the site over every core, each thread with its own connection:
/// the pages are the same, byte for byte, as when one thread makes them all.
@Test func aSiteMadeOnEveryCoreEqualsOneMadeOnOneThread() throws {
    let (store, folder) = try sampleStore()
    defer { folder.cleanup() }
    for html in [false, true] {
        let one = folder.path(html ? "one-html" : "one-md")
        let every = folder.path(html ? "every-html" : "every-md")
        let sequential = try SiteWriter(store: store, options: RenderOptions(html: html)).write(to: one)
        let names = try FileManager.default.contentsOfDirectory(atPath: one).sorted()
        #expect(names.count == sequential.pages)
        // Hub pages from backlink lines kept from the main pass (all of them by default),
        // from none (every claim read again) and from a few.
        for kept in [0, (1 << 20) + 32 * 10] {
            try? FileManager.default.removeItem(atPath: every)
            var writer = SiteWriter(store: store, options: RenderOptions(html: html))
            writer.batchSize = 2
            writer.laterBatchSize = 3
            writer.keptBacklinkBytes = kept
            let parallel = try writer.write(to: every)
            #expect(parallel.pages == sequential.pages)
            #expect(parallel.hubs == sequential.hubs && parallel.speakers == sequential.speakers)
            #expect(parallel.bytes == sequential.bytes)
            try expectSameFiles(every, as: one, "kept \(kept)")
        }
    }
}

/// The folder `folder` holds the same files, byte for byte, as `reference`.
private func expectSameFiles(_ folder: String, as reference: String, _ context: String = "") throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: reference).sorted()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == names, "\(context)")
    for name in names {
        #expect(FileManager.default.contents(atPath: folder + "/" + name)
            == FileManager.default.contents(atPath: reference + "/" + name), "\(name) \(context)")
    }
}

/// An index in memory cannot be opened again: its site is read and made on one thread,
/// every background read done in place, and comes out the same as from a file.
@Test func aSiteFromAnIndexInMemoryEqualsOneFromAFile() throws {
    let (store, folder) = try sampleStore()
    defer { folder.cleanup() }
    let memory = try Store(path: ":memory:")
    #expect(try Indexer(store: memory).run(paths: [repo.appendingPathComponent("notes").path]).failed == 0)
    let fromFile = try SiteWriter(store: store, options: RenderOptions()).write(to: folder.path("file"))
    let fromMemory = try SiteWriter(store: memory, options: RenderOptions()).write(to: folder.path("memory"))
    #expect(fromMemory.pages == fromFile.pages && fromMemory.bytes == fromFile.bytes && fromFile.hubs > 0)
    try expectSameFiles(folder.path("memory"), as: folder.path("file"))
}

/// Section paths split over bytes exactly as Foundation splits them between Characters,
/// including a separator whose space carries a combining mark (no split there).
@Test func sectionPathsSplitAsFoundationDoes() {
    var samples = ["", "A", "A › B", "A › B › C", " › ", "A ›  › B", "A › \u{301}B", "\u{600} › x", "› ›", "A ›B", "A › B ›"]
    let alphabet = ["a", "é", " ", "›", " › ", "\u{301}", "\u{600}", "👍🏽", "\r\n", "\n"]
    for n in 0..<2_000 {
        samples.append((0..<(n % 9)).map { _ in alphabet.randomElement()! }.joined())
    }
    for sample in samples {
        #expect(Store.sectionPath(sample) == sample.components(separatedBy: Store.sectionSeparator), "\(sample.debugDescription)")
    }
}

/// Kept backlink lines read back as they were kept, across buffers.
@Test func keptBacklinksReadBackWhatWasKept() {
    var kept = KeptBacklinks()
    let long = String(repeating: "é", count: 700_000)
    let claims: [(Int64, Renderer.BacklinkClaim)] = [
        (1, .init(section: ["A", "B"], line: "one [[x|y]] café")), (2, .init(section: [], line: "")),
        (3, .init(section: ["C"], line: long)), (4, .init(section: ["D"], line: "after the long one ✓")),
    ]
    for (id, claim) in claims { kept.keep(id, claim) }
    for (id, claim) in claims {
        #expect(kept[id]?.line == claim.line)
        #expect(kept[id]?.section == claim.section)
    }
    #expect(kept[5] == nil)
    #expect(kept.bytes >= 2 * (1 << 20))
}

/// Backlinks read claims without figures, the site's main pass only those of speakers: the same
/// claims, in the same order, with figures only where asked.
@Test func reportClaimsReadFiguresOnlyWhereAsked() throws {
    let (store, folder) = try sampleStore()
    defer { folder.cleanup() }
    let ids = try store.sql("SELECT DISTINCT claim FROM figures ORDER BY claim").compactMap { $0.int(0) }
    #expect(ids.count > 10)
    let full = try store.reportClaims(.ids(ids))
    let bare = try store.reportClaims(.ids(ids), figures: .none)
    let spoken = try store.reportClaims(.ids(ids), figures: .spoken)
    #expect(spoken.contains { $0.speaker != nil } && spoken.contains { $0.speaker == nil })
    let figuresByClaim = Dictionary(uniqueKeysWithValues: full.map { ($0.id, $0.figures) })
    #expect(spoken.allSatisfy { claim in claim.speaker == nil ? claim.figures.isEmpty : claim.figures == figuresByClaim[claim.id] })
    #expect(full.count == ids.count)
    #expect(bare.allSatisfy { $0.figures.isEmpty })
    func with(_ c: ReportClaim, figures: [Figure]) -> ReportClaim {
        ReportClaim(id: c.id, note: c.note, section: c.section, ordinal: c.ordinal, text: c.text, markdown: c.markdown,
                    line: c.line, lead: c.lead, speaker: c.speaker, notePath: c.notePath, noteSlug: c.noteSlug,
                    noteTitle: c.noteTitle, video: c.video, channel: c.channel, moments: c.moments, links: c.links,
                    figures: figures)
    }
    #expect(bare.count == full.count)
    #expect(zip(bare, full).map { with($0, figures: $1.figures) } == full)
}

/// A batch of hubs reads its notes' backlinks and first claims together: the same as the
/// reads of one note each, which a single hub page makes.
@Test func hubBatchReadsEqualReadsOfOneNoteEach() throws {
    let (store, folder) = try sampleStore()
    defer { folder.cleanup() }
    let notes = try store.sql("SELECT id FROM notes ORDER BY id").compactMap { $0.int(0) }
    #expect(notes.count > 5)
    let backlinks = try store.reportBacklinks(to: notes)
    #expect(!backlinks.isEmpty)
    let heads = try store.reportClaimHeads(of: notes, first: 3)
    for note in notes {
        #expect(backlinks[note] ?? [] == (try store.reportBacklinks(to: note)))
        let claims = try store.reportClaims(.note(note))
        #expect(heads[note]?.count ?? 0 == claims.count)
        #expect(heads[note]?.first ?? [] == claims.prefix(3).map(\.id))
    }
    #expect(heads.values.contains { $0.count > 3 })
    #expect(try store.reportBacklinks(to: []).isEmpty)
    // The one-note read goes through the batched one: check that against the table too.
    let expected = try store.count("SELECT count(*) FROM links WHERE resolved IS NOT NULL AND source != resolved")
    #expect(backlinks.values.map(\.count).reduce(0, +) == expected)
    #expect(backlinks.allSatisfy { note, links in links.allSatisfy { $0.link.resolved == note && $0.source != note } })
}
