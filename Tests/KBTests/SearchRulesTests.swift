import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// Every query rule and ranking rule of issue 14 against invented notes.
private func rulesFixture() throws -> (TempFolder, Store) {
    let folder = try TempFolder()
    try folder.write("n/chan/infrastructure.md", noteText(title: "Infrastructure", videoID: "vidINFRA111", """
        From: [[chan | The Channel]]

        ## Sites
        Our datacenters draw 40 megawatts each \(anchor("00:01:00")).
        The colour of the cooling towers is chosen for the neighbours \(anchor("00:02:00")).
        Profits fell when mice chewed the cables \(anchor("00:03:00")).
        Extreme ultraviolet light is made from tin droplets \(anchor("00:04:00")).
        The organisation bought land near the river \(anchor("00:05:00")).
        Rainwater cools the roof in summer \(anchor("00:06:00")).
        Japan's shipyards build the hulls \(anchor("00:07:00")).

        """))
    try folder.write("n/chan/startups.md", noteText(title: "Startups", videoID: "vidSTART111", """
        From: [[chan | The Channel]]

        Finding product market fit took the team two years \(anchor("00:01:00")).
        Their GPUs arrived late \(anchor("00:02:00")).
        A data center in Oslo runs on hydro power \(anchor("00:03:00")).

        """))
    try folder.write("n/other/tides.md", noteText(title: "Tides", videoID: "vidTIDES111", """
        From: [[other]]

        ## Tidal power
        This ensures:
        - Tides turn turbines twice a day \(anchor("00:00:10")).

        Tidal power is steady because the moon is \(anchor("00:00:20")).
        Tidal power plants are rare \(anchor("00:00:30")).
        Tidal power needs a high tidal range \(anchor("00:00:40")).
        Tidal power suits estuaries \(anchor("00:00:50")).
        Tidal power lasts for ages \(anchor("00:01:00")).

        """))
    try folder.write("n/other/grids.md", noteText(title: "Grids", videoID: "vidGRIDS111", """
        From: [[other]]

        A grid stores tidal power in batteries \(anchor("00:00:10")).

        """))
    let store = try Store(path: folder.path("kb.sqlite"))
    #expect(try Indexer(store: store).run(paths: [folder.path("n")]).failed == 0)
    return (folder, store)
}

private func first(_ store: Store, _ query: String, _ request: (inout SearchRequest) -> Void = { _ in }) throws -> String? {
    var r = SearchRequest(query: query, limit: 5)
    request(&r)
    return try store.search(r).first?.text
}

@Test(arguments: [
    // Rule 1: question and function words are dropped.
    ("what did they say about megawatts", "Our datacenters draw 40 megawatts each."),
    ("why is the tin droplets light made", "Extreme ultraviolet light is made from tin droplets."),
    // Rule 2: British and American spellings, both ways.
    ("color of the towers", "The colour of the cooling towers is chosen for the neighbours."),
    ("neighbors", "The colour of the cooling towers is chosen for the neighbours."),
    ("organization land", "The organisation bought land near the river."),
    // Rule 3: irregular forms.
    ("profits fall", "Profits fell when mice chewed the cables."),
    ("mouse cables", "Profits fell when mice chewed the cables."),
    ("Japanese hulls", "Japan's shipyards build the hulls."),
    // Rule 4: abbreviations, both ways.
    ("EUV light", "Extreme ultraviolet light is made from tin droplets."),
    ("PMF", "Finding product market fit took the team two years."),
    ("graphics processing units", "Their GPUs arrived late."),
    // Rule 5: compounds split and joined; with British spelling.
    ("data centres megawatts", "Our datacenters draw 40 megawatts each."),
    ("datacenter Oslo", "A data center in Oslo runs on hydro power."),
    ("rain water roof", "Rainwater cools the roof in summer."),
])
func eachRuleFindsItsSentence(query: String, expected: String) throws {
    let (folder, store) = try rulesFixture()
    defer { folder.cleanup() }
    #expect(try first(store, query) == expected, "\(query)")
}

@Test func syntaxKeepsWorking() throws {
    let (folder, store) = try rulesFixture()
    defer { folder.cleanup() }
    // A quoted phrase is exact: no British form of "colour" is added, and the words must be in order.
    #expect(try store.search(SearchRequest(query: "\"cooling towers\"")).map(\.text) == ["The colour of the cooling towers is chosen for the neighbours."])
    #expect(try store.search(SearchRequest(query: "\"towers cooling\"")).isEmpty)
    #expect(try first(store, "megawat*") == "Our datacenters draw 40 megawatts each.")
    #expect(try first(store, "tin OR mice") != nil)
    // -word and --not exclude.
    let tidal = try store.search(SearchRequest(query: "tidal power", limit: 20))
    #expect(tidal.contains { $0.text.contains("grid") })
    #expect(!(try store.search(SearchRequest(query: "tidal power -grid", limit: 20))).contains { $0.text.contains("grid") })
    #expect(!(try store.search(SearchRequest(query: "tidal power", limit: 20, not: ["grid"]))).contains { $0.text.contains("grid") })
    #expect(try store.search(SearchRequest(query: "-tidal power", limit: 20)).allSatisfy { !$0.text.lowercased().contains("tidal") })
}

@Test func titleAndSectionMatchesDoNotLiftFragmentsOrSilentClaims() throws {
    let (folder, store) = try rulesFixture()
    defer { folder.cleanup() }
    let hits = try store.search(SearchRequest(query: "tidal power", limit: 20))
    // "This ensures:" and "Tides turn turbines…" sit under the heading "Tidal power" and say nothing
    // of it themselves: they come after every claim that does, even one saying only "power".
    let silent = ["This ensures:", "Tides turn turbines twice a day."]
    let firstSilent = try #require(hits.firstIndex { silent.contains($0.text) })
    #expect(hits[..<firstSilent].allSatisfy { $0.text.lowercased().contains("tidal power") || $0.text.contains("hydro power") })
    #expect(hits[..<firstSilent].last?.text == "A data center in Oslo runs on hydro power.")
    #expect(hits.suffix(2).allSatisfy { silent.contains($0.text) })
}

@Test func oneNoteHoldsAtMostThreeOfTheFirstPlacesUnlessANoteIsAsked() throws {
    let (folder, store) = try rulesFixture()
    defer { folder.cleanup() }
    let hits = try store.search(SearchRequest(query: "tidal power", limit: 4))
    #expect(hits.prefix(3).allSatisfy { $0.slug == "tides" })
    #expect(hits[3].slug == "grids")
    let one = try store.search(SearchRequest(query: "tidal power", limit: 5, note: "tides"))
    #expect(one.count == 5)
    #expect(one.allSatisfy { $0.slug == "tides" })
}

@Test func withoutAClaimHoldingEveryWordTheSearchFallsBackToMostOfThem() throws {
    let (folder, store) = try rulesFixture()
    defer { folder.cleanup() }
    let result = try store.searchResult(SearchRequest(query: "datacenters in Oslo with unicorns"))
    #expect(result.relaxed)
    #expect(result.concepts == ["datacenters", "Oslo", "unicorns"])
    // The claim holding two of the three words comes first.
    #expect(result.hits.first?.text == "A data center in Oslo runs on hydro power.")
    #expect(try !store.searchResult(SearchRequest(query: "datacenters Oslo")).relaxed)
}

@Test func fewResultsSuggestTheClosestSpellingsInTheIndex() throws {
    let (folder, store) = try rulesFixture()
    defer { folder.cleanup() }
    let none = try store.searchResult(SearchRequest(query: "megawats"))
    #expect(none.hits.isEmpty)
    #expect(none.suggestions == [.init(word: "megawats", nearest: ["megawatts"])])
    // With the word found, nothing to suggest.
    #expect(try store.searchResult(SearchRequest(query: "megawatts")).suggestions.isEmpty)
    // A misspelling beside a word that matches: the hits, and the suggestion.
    let some = try store.searchResult(SearchRequest(query: "cooling towars"))
    #expect(!some.hits.isEmpty)
    #expect(some.suggestions.first?.nearest.contains("towers") == true)
}

@Test func aFilterThatNamesNothingIsAUsageErrorWithTheNearestNames() throws {
    let (folder, store) = try rulesFixture()
    defer { folder.cleanup() }
    #expect(throws: StoreError.unknownName(.channel, "chann", nearest: ["chan", "The Channel"], hint: nil)) {
        try store.search(SearchRequest(query: "tidal", channel: "chann"))
    }
    #expect(throws: StoreError.unknownName(.video, "vidTIDES112", nearest: ["vidTIDES111", "vidGRIDS111"], hint: nil)) {
        try store.search(SearchRequest(query: "tidal", video: "vidTIDES112"))
    }
    #expect(try store.search(SearchRequest(query: "tidal", channel: "The Channel")).isEmpty)
}
