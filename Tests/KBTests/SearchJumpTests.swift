import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// Three notes in two channels, indexed into a temp store.
private func searchFixture() throws -> (TempFolder, Store) {
    let folder = try TempFolder()
    try folder.write("c/chan_one/turbines.md", """
        ---
        title: Turbines
        videoId: vidTURBINE1
        ---

        From: [[chan_one | Channel One]]

        ## Blades
        Longer blades catch more wind \(anchor("00:14:23")), \(anchor("00:15:00")).

        """)
    try folder.write("c/chan_one/grids.md", """
        ---
        title: Power Grids
        videoId: vidGRIDS111
        ---

        From: [[chan_one | Channel One]]

        A grid must balance every turbine with demand \(anchor("00:01:40")).

        """)
    try folder.write("c/chan_two/ships.md", """
        ---
        title: Ships
        videoId: vidSHIPS111
        ---

        From: [[chan_two]] <br/>

        Each ship turbine burns fuel oil \(anchor("00:00:30")).

        """)
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("c")])
    #expect(report.failed == 0)
    return (folder, store)
}

/// The note titled "Turbines" says nothing about turbines in its one claim ("Longer blades
/// catch more wind."): a title match must not lift it above claims whose text says "turbine"
/// (issue 14; title matches used to rank it first).
@Test func searchRanksClaimsSayingTheWordAboveTitleOnlyMatches() throws {
    let (folder, store) = try searchFixture()
    defer { folder.cleanup() }
    let hits = try store.search(SearchRequest(query: "turbine"))
    #expect(hits.count == 3)
    #expect(hits.last?.slug == "turbines")
    #expect(Set(hits.prefix(2).map(\.slug)) == ["grids", "ships"])
    #expect(try store.search(SearchRequest(query: "turbine", limit: 1)).count == 1)
    #expect(try store.search(SearchRequest(query: "nonexistentword")).isEmpty)
}

@Test func searchFilters() throws {
    let (folder, store) = try searchFixture()
    defer { folder.cleanup() }
    #expect(Set(try store.search(SearchRequest(query: "turbine", channel: "chan_one")).map(\.slug)) == ["turbines", "grids"])
    #expect(Set(try store.search(SearchRequest(query: "turbine", channel: "channel one")).map(\.slug)) == ["turbines", "grids"])
    #expect(try store.search(SearchRequest(query: "turbine", channel: "CHAN_TWO")).map(\.slug) == ["ships"])
    #expect(try store.search(SearchRequest(query: "turbine", video: "vidGRIDS111")).map(\.slug) == ["grids"])
    #expect(try store.search(SearchRequest(query: "turbine", note: "ships")).map(\.slug) == ["ships"])
    #expect(try store.search(SearchRequest(query: "turbine", note: "chan_two/ships.md")).map(\.slug) == ["ships"])
    // A filter no note answers is a usage error naming the nearest values (issue 14; it used to find nothing).
    #expect(throws: StoreError.unknownName(.channel, "chan_tow", nearest: ["chan_two", "chan_one"], hint: nil)) {
        try store.search(SearchRequest(query: "turbine", channel: "chan_tow"))
    }
    #expect(throws: StoreError.unknownName(.note, "shipz", nearest: ["ships"], hint: nil)) {
        try store.search(SearchRequest(query: "turbine", note: "shipz"))
    }
    #expect(throws: StoreError.self) { try store.search(SearchRequest(query: "turbine", video: "vidNOPE")) }
}

@Test func searchHitCarriesSnippetSectionAndLinks() throws {
    let (folder, store) = try searchFixture()
    defer { folder.cleanup() }
    let hit = try #require(try store.search(SearchRequest(query: "blades")).first)
    #expect(hit.snippet.contains(Search.highlightStart + "blades" + Search.highlightEnd))
    #expect(hit.text == "Longer blades catch more wind.")
    #expect(hit.section == "Blades")
    #expect(hit.line == 9)
    #expect(hit.video == "vidTURBINE1")
    #expect(hit.channel == "chan_one")
    #expect(hit.note == "chan_one/turbines.md")
    #expect(hit.timestamps.map { $0.url(noteVideo: hit.video) } == [
        "https://www.youtube.com/watch?v=vidTURBINE1&t=863s",
        "https://www.youtube.com/watch?v=vidTURBINE1&t=900s",
    ])
    #expect(hit.timestamps.map(\.seconds) == [863, 900])
}

@Test(arguments: ["\"unclosed", "-only", "OR", "a*b"])
func badQuerySyntaxIsAUsageError(query: String) throws {
    let (folder, store) = try searchFixture()
    defer { folder.cleanup() }
    do {
        _ = try store.search(SearchRequest(query: query))
        Issue.record("no error for \(query)")
    } catch let error as any KBFailure {
        #expect(error.isRequestProblem, "not a request problem: \(error)")
    }
}

@Test func jumpResolvesEveryReference() throws {
    let (folder, store) = try searchFixture()
    defer { folder.cleanup() }
    let claim = try #require(try store.search(SearchRequest(query: "blades")).first?.claim)
    let byClaim = try Jump.resolve(String(claim), in: store)
    #expect(byClaim.video == "vidTURBINE1")
    #expect(byClaim.seconds == 863)
    #expect(byClaim.url == "https://www.youtube.com/watch?v=vidTURBINE1&t=863s")
    #expect(try Jump.resolve("vidTURBINE1@14:23", in: store).url == "https://www.youtube.com/watch?v=vidTURBINE1&t=863s")
    #expect(try Jump.resolve("turbines@00:14:23", in: store).seconds == 863)
    #expect(try Jump.resolve("turbines@863", in: store).video == "vidTURBINE1")
    #expect(try Jump.resolve("chan_two/ships.md@14m23s", in: store).video == "vidSHIPS111")
    // An id shaped like a YouTube id that the index does not know still jumps.
    #expect(try Jump.resolve("zzzzzzzzzzz@1:00", in: store).seconds == 60)
}

@Test(arguments: ["@14:23", "turbines@abc", "no_such_note@14:23", "999999", "abc", "0", ""])
func jumpErrorsAreUsageErrors(ref: String) throws {
    let (folder, store) = try searchFixture()
    defer { folder.cleanup() }
    do {
        _ = try Jump.resolve(ref, in: store)
        Issue.record("no error for \(ref)")
    } catch let error as any KBFailure {
        #expect(error.isRequestProblem, "not a request problem: \(error)")
    }
}

@Test func jumpPrefersTheVideoAURLCitationNames() throws {
    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("n/talk.md", noteText(title: "Talk", videoID: "noteVIDEO11",
        "Watch the demo [at 1:05](https://www.youtube.com/watch?v=otherVIDEO1&t=65) closely.\n"))
    let store = try folder.indexedStore("n")
    let hit = try #require(try store.search(SearchRequest(query: "demo")).first)
    #expect(hit.timestamps.map { $0.url(noteVideo: hit.video) } == ["https://www.youtube.com/watch?v=otherVIDEO1&t=65s"])
    let target = try Jump.resolve(String(hit.claim), in: store)
    #expect(target.video == "otherVIDEO1")
    #expect(target.seconds == 65)
}
