import Testing
import Foundation
@testable import KBModel
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// One resolver per kind of name (Store+Names.swift): every command that takes a note, a video
// or a link target agrees on what a name means, and fails the same way.

/// Two shows that each have an `intro` note, a note known by its title and alias, a note that
/// links to a page nobody wrote.
private func namesFixture() throws -> (TempFolder, Store) {
    let folder = try TempFolder("kb-names")
    try folder.write("c/orchard_show/intro.md", noteText(title: "Orchard Intro", videoID: "vidORCHARD1",
                                                         "Apple trees need a cold winter \(anchor("00:01:00")).\n"))
    try folder.write("c/kiln_show/intro.md", noteText(title: "Kiln Intro", videoID: "vidKILNSS01",
                                                      "Stoneware fires near 1,200 degrees \(anchor("00:02:00")).\n"))
    try folder.write("c/kiln_show/glazes.md", """
        ---
        title: Ash Glazes
        aliases: [wood ash glazing]
        videoId: vidKILNSS02
        ---

        Wood ash melts into a glass on the pot \(anchor("00:03:00")), see [[Salt Firing]].

        """)
    let store = try Store(path: folder.path("kb.sqlite"))
    _ = try Indexer(store: store).run(paths: [folder.path("c")])
    return (folder, store)
}

@Test func aNoteIsFoundByPathSlugTitleAndAlias() throws {
    let (folder, store) = try namesFixture()
    defer { folder.cleanup() }
    #expect(try store.resolveNote("kiln_show/glazes.md").slug == "glazes")
    #expect(try store.resolveNote("kiln_show/glazes").slug == "glazes")
    #expect(try store.resolveNote("glazes.md").slug == "glazes")
    #expect(try store.resolveNote("glazes").path == "kiln_show/glazes.md")
    #expect(try store.resolveNote("GLAZES").path == "kiln_show/glazes.md")
    #expect(try store.resolveNote("Ash Glazes").path == "kiln_show/glazes.md")
    #expect(try store.resolveNote("wood ash glazing").path == "kiln_show/glazes.md")
    #expect(try store.resolveNote("orchard_show/intro.md").title == "Orchard Intro")
}

@Test func aNameSeveralNotesAnswerToListsThemAll() throws {
    let (folder, store) = try namesFixture()
    defer { folder.cleanup() }
    let ambiguous = StoreError.ambiguousName(.note, "intro", candidates: ["kiln_show/intro.md", "orchard_show/intro.md"],
                                             hint: "give the path")
    #expect(ambiguous.description == "'intro' names 2 notes: kiln_show/intro.md, orchard_show/intro.md; give the path")
    #expect(ambiguous.isRequestProblem)
    // The same error from every place that takes a note.
    #expect(throws: ambiguous) { try store.resolveNote("intro") }
    #expect(throws: ambiguous) { try store.search(SearchRequest(query: "trees", note: "intro")) }
    #expect(throws: ambiguous) { try Verify.report(VerifyScope(note: "intro"), in: store) }
    #expect(throws: StoreError.self) { try store.resolveNote("intro.md") }
    // A video: the two notes are about different videos.
    #expect(throws: StoreError.self) { try Jump.resolve("intro@0:30", in: store) }
    #expect(try Jump.resolve("orchard_show/intro@0:30", in: store).video == "vidORCHARD1")
    // The path chooses.
    #expect(try store.search(SearchRequest(query: "trees OR stoneware", note: "kiln_show/intro.md")).map(\.slug) == ["intro"])
}

@Test func anUnknownNameSaysTheNearestOnes() throws {
    let (folder, store) = try namesFixture()
    defer { folder.cleanup() }
    let unknown = StoreError.unknownName(.note, "glaze", nearest: ["glazes"], hint: nil)
    #expect(unknown.description == "no note called 'glaze' in the index; did you mean glazes?")
    #expect(throws: unknown) { try store.resolveNote("glaze") }
    #expect(throws: unknown) { try store.search(SearchRequest(query: "ash", note: "glaze")) }
    #expect(throws: StoreError.unknownName(.video, "vidKILNSS03", nearest: ["vidKILNSS01", "vidKILNSS02"], hint: nil)) {
        try store.resolveVideo("vidKILNSS03")
    }
}

@Test func aLinkTargetIsANoteOrTheKeyOfLinksThatNameNone() throws {
    let (folder, store) = try namesFixture()
    defer { folder.cleanup() }
    let renderer = try Renderer(store: store, options: RenderOptions(), plan: nil)
    guard case .note(let note) = try renderer.hubTarget("wood ash glazing") else { Issue.record("not a note"); return }
    #expect(note.slug == "glazes")
    #expect(try renderer.hubTarget("salt firing") == .unresolved(key: "salt_firing"))
    #expect(throws: StoreError.unknownName(.linkTarget, "salt firng", nearest: ["salt_firing"], hint: nil)) {
        try renderer.hubTarget("salt firng")
    }
    #expect(throws: StoreError.ambiguousName(.note, "intro", candidates: ["kiln_show/intro.md", "orchard_show/intro.md"],
                                             hint: "give the path")) {
        try renderer.hubTarget("intro")
    }
}
