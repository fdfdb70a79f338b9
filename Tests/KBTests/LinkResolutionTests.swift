import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

private func simple(_ title: String? = nil, aliases: [String] = [], _ body: String = "Filler claim \(anchor("00:00:01")).\n") -> String {
    var front = "---\n"
    if let title { front += "title: \(title)\n" }
    if !aliases.isEmpty { front += "aliases:\n" + aliases.map { "  - \($0)\n" }.joined() }
    return front + "---\n\n" + body
}

@Test func resolutionOrder() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    // Exact stem beats the slug rule.
    try folder.write("n/Big Dam.md", simple())
    try folder.write("n/big_dam.md", simple())
    // Slug rule beats case folding.
    try folder.write("n/foobar.md", simple())
    try folder.write("n/FOO-BAR.md", simple())
    // Case folding beats titles.
    try folder.write("n/quiet river.md", simple())
    try folder.write("n/titled_quiet.md", simple("Quiet River"))
    // Case folding alone.
    try folder.write("n/MixedCase.md", simple())
    // Title and alias alone.
    try folder.write("n/h1.md", simple("Hydro Power Story"))
    try folder.write("n/h2.md", simple("Other", aliases: ["Dam Tales"]))
    try folder.write("n/source.md", simple("Source", """
        Links [[Big Dam]] and [[big dam]] here \(anchor("00:00:01")).
        Then [[Foo-Bar]] and [[Quiet River]] there \(anchor("00:00:02")).
        Also [[mixedcase]], [[Hydro Power Story]], [[dam tales]] and [[nowhere_at_all]] \(anchor("00:00:03")).

        """))
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("n")])
    #expect(report.failed == 0)
    let links = try store.resolvedLinks(from: "source.md")
    #expect(links["Big Dam"] == .some("Big Dam.md"))
    #expect(links["big dam"] == .some("big_dam.md"))
    #expect(links["Foo-Bar"] == .some("foobar.md"))
    #expect(links["Quiet River"] == .some("quiet river.md"))
    #expect(links["mixedcase"] == .some("MixedCase.md"))
    #expect(links["Hydro Power Story"] == .some("h1.md"))
    #expect(links["dam tales"] == .some("h2.md"))
    #expect(links["nowhere_at_all"] == .some(nil))
    #expect(try store.count("SELECT count(*) FROM links WHERE target = 'nowhere_at_all' AND resolved IS NULL") == 1)
    #expect(report.totals.unresolvedLinks == 1)
}

@Test func ownFolderWinsAmongSeveralMatches() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("root/a/dup.md", simple("Dup A"))
    try folder.write("root/b/dup.md", simple("Dup B"))
    try folder.write("root/a/src_a.md", simple("Src A", "See [[dup]] now \(anchor("00:00:01")).\n"))
    try folder.write("root/b/src_b.md", simple("Src B", "See [[dup]] now \(anchor("00:00:01")).\n"))
    let store = try folder.indexedStore("root")
    #expect(try store.resolvedLinks(from: "a/src_a.md")["dup"] == .some("a/dup.md"))
    #expect(try store.resolvedLinks(from: "b/src_b.md")["dup"] == .some("b/dup.md"))
}

@Test func newNoteResolvesAnOldUnresolvedLink() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("n/src.md", simple("Src", "Points at [[Later Note]] soon \(anchor("00:00:01")).\n"))
    let store = try Store(path: folder.path("kb.sqlite"))
    let first = try Indexer(store: store).run(paths: [folder.path("n")])
    #expect(first.indexed == 1)
    #expect(try store.resolvedLinks(from: "src.md")["Later Note"] == .some(nil))

    try folder.write("n/later_note.md", simple("Later Note"))
    let second = try Indexer(store: store).run(paths: [folder.path("n")])
    #expect(second.indexed == 1)
    #expect(second.unchanged == 1)
    #expect(try store.resolvedLinks(from: "src.md")["Later Note"] == .some("later_note.md"))

    // And removing it makes the link unresolved again.
    try folder.remove("n/later_note.md")
    let third = try Indexer(store: store).run(paths: [folder.path("n")])
    #expect(third.removed == 1)
    #expect(try store.resolvedLinks(from: "src.md")["Later Note"] == .some(nil))
}

@Test func headingOnlyLinkPointsAtItsOwnNote() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("n/self.md", simple("Self", "See [[#Later Part]] below \(anchor("00:00:01")).\n\n## Later Part\nMore text here.\n"))
    let store = try folder.indexedStore("n")
    let rows = try store.sql("SELECT l.heading, r.path FROM links l LEFT JOIN notes r ON r.id = l.resolved")
    #expect(rows.count == 1)
    #expect(rows.first?.string(0) == "Later Part")
    #expect(rows.first?.string(1) == "self.md")
}

@Test func renamingANoteMovesItsLinks() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("n/src.md", simple("Src", "Points at [[old_name]] and [[new_name]] \(anchor("00:00:01")).\n"))
    try folder.write("n/old_name.md", simple("Moved Note"))
    let store = try folder.indexedStore("n")
    let before = try store.resolvedLinks(from: "src.md")
    #expect(before["old_name"] == .some("old_name.md"))
    #expect(before["new_name"] == .some(nil))
    try FileManager.default.moveItem(atPath: folder.path("n/old_name.md"), toPath: folder.path("n/new_name.md"))
    let report = try Indexer(store: store).run(paths: [folder.path("n")])
    #expect(report.removed == 1)
    #expect(report.indexed == 1)
    #expect(report.unchanged == 1)
    let after = try store.resolvedLinks(from: "src.md")
    #expect(after["old_name"] == .some(nil))
    #expect(after["new_name"] == .some("new_name.md"))
    #expect(try store.count("SELECT count(*) FROM notes") == 2)
}

@Test(arguments: ["/a/b/c.md", "/c.md", "c.md", "/a/b c/ü.md", "a/b.md"])
func folderOfAFileIsWhatNSStringGives(_ file: String) {
    #expect(LinkResolver.folder(of: file) == (file as NSString).deletingLastPathComponent)
}

/// Every link is resolved a page at a time: pages of three links, and of one, give the
/// same links as one page of all of them.
@Test func linksResolvedInPagesEqualLinksResolvedAtOnce() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("n/big_dam.md", simple("Big Dam"))
    try folder.write("n/a/river.md", simple("River", aliases: ["The Stream"]))
    try folder.write("n/b/river.md", simple("River"))
    try folder.write("n/b/source.md", simple("Source", """
        Links [[Big Dam]], [[big_dam]], [[river]], [[the stream]] and [[nowhere]] here \(anchor("00:00:01")).
        Then [[River]] again and [[BIG DAM|the dam]] \(anchor("00:00:02")).

        """))
    let store = try Store(path: folder.path("kb.sqlite"))
    try Indexer(store: store).run(paths: [folder.path("n")])
    let resolved = "SELECT id, resolved FROM links ORDER BY id"
    let once = try store.sql(resolved).map { "\($0.int(0) ?? -1)→\($0.int(1).map(String.init) ?? "nil")" }
    #expect(once.count > 6)
    #expect(once.contains { $0.hasSuffix("nil") } && once.contains { !$0.hasSuffix("nil") })
    for page in [3, 1] {
        try store.db.run("UPDATE links SET resolved = NULL")
        let changed = try store.write { try store.resolveLinks(sources: nil, page: page) }
        #expect(changed == once.filter { !$0.hasSuffix("nil") }.count)
        #expect(try store.sql(resolved).map { "\($0.int(0) ?? -1)→\($0.int(1).map(String.init) ?? "nil")" } == once)
    }
}
