import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

/// Rerank on invented candidates: tokens are given as the index would hold them.
private func candidate(_ id: Int64, note: Int64 = 0, bm25: Double = -1, _ text: String, section: String = "", title: String = "") -> Rerank.Candidate {
    let words = { (s: String) in s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init) }
    return Rerank.Candidate(id: id, note: note == 0 ? id : note, bm25: bm25, text: words(text), section: words(section),
                            title: words(title), raw: text)
}

private func concept(_ words: String...) -> [Rerank.Form] {
    words.map { Rerank.Form(tokens: $0.split(separator: " ").map(String.init)) }
}

@Test func claimsHoldingEveryConceptComeFirstThenMostOfThem() {
    let cs = [
        candidate(1, bm25: -9, "solar panels on roofs"),
        candidate(2, bm25: -2, "solar panels and batteries for homes"),
        candidate(3, bm25: -5, "batteries for cars"),
    ]
    let order = Rerank.order(cs, concepts: [concept("solar"), concept("batteries"), concept("homes")]).map(\.id)
    #expect(order == [2, 1, 3])
}

@Test func aTitleMatchDoesNotLiftAClaimWhoseTextSaysNothing() {
    let cs = [
        candidate(1, bm25: -20, "This ensures:", section: "Tidal power"),
        candidate(2, bm25: -15, "Engines run hot in summer.", title: "Tidal power stations"),
        candidate(3, bm25: -3, "Tidal power stations use the moon's pull."),
    ]
    let order = Rerank.order(cs, concepts: [concept("tidal"), concept("power")])
    #expect(order.first?.id == 3)
    #expect(order.map(\.tier) == [2, 0, 0])
}

@Test func shortClaimsEndingInAColonRankLow() {
    let cs = [
        candidate(1, bm25: -10, "Sources of tidal power include:"),
        candidate(2, bm25: -4, "Tidal power comes from the moon and the sun."),
    ]
    #expect(Rerank.order(cs, concepts: [concept("tidal"), concept("power")]).map(\.id) == [2, 1])
}

@Test func aConceptMatchesByAnyOfItsFormsAndPhrasesInOrder() {
    let forms = concept("datacenter", "data center")
    #expect(Rerank.matches(forms, in: ["new", "data", "center", "sites"]) == [1])
    #expect(Rerank.matches(forms, in: ["center", "of", "data"]).isEmpty)
    #expect(Rerank.matches(forms, in: ["datacenter"]) == [0])
    #expect(Rerank.matches([Rerank.Form(tokens: ["turbin"], prefix: true)], in: ["a", "turbines"]) == [1])
}

@Test func proximityIsOneForNeighboursAndFallsWithDistance() {
    #expect(Rerank.proximity([[3], [4]]) == 1)
    #expect(Rerank.proximity([[0], [10]]) == 0.1)
    // The closest pair counts, whichever order.
    #expect(Rerank.proximity([[0, 20], [18]]) == 0.5)
    #expect(Rerank.proximity([[5]]) == 0)
    #expect(Rerank.proximity([[1], [2], [3]]) == 1)
}

@Test func closerWordsRankHigherAmongEquals() {
    let cs = [
        candidate(1, "tidal flows shape the coast and power grids"),
        candidate(2, "tidal power grids"),
    ]
    #expect(Rerank.order(cs, concepts: [concept("tidal"), concept("power")]).map(\.id) == [2, 1])
}

@Test func rareConceptsWeighMoreAmongPartialMatches() {
    let cs = [
        candidate(1, bm25: -5, "the wind blew"),
        candidate(2, bm25: -4, "a sextant reading"),
    ]
    // "sextant" is rare (idf 9), "wind" common (idf 2): holding the rare one is holding more.
    let order = Rerank.order(cs, concepts: [concept("wind"), concept("sextant")], weights: [2, 9])
    #expect(order.map(\.id) == [2, 1])
}

@Test func optionalConceptsAreNotNeededToHoldTheQuery() {
    let cs = [candidate(1, "eigenvalues of a rotation"), candidate(2, "geometric intuition")]
    let order = Rerank.order(cs, concepts: [concept("eigenvalues"), concept("intuition")], required: [true, false])
    #expect(order.map(\.tier) == [2, 0])
}

@Test func oneNoteHoldsAtMostThreePlacesBeforeOtherNotesOfTheSameTier() {
    var cs = (1...5).map { candidate(Int64($0), note: 100, bm25: -10, "tidal power \($0)") }
    cs.append(candidate(6, note: 200, bm25: -1, "tidal power elsewhere"))
    cs.append(candidate(7, note: 300, bm25: -9, "tidal charts"))
    let concepts = [concept("tidal"), concept("power")]
    #expect(Rerank.order(cs, concepts: concepts).map(\.id) == [1, 2, 3, 6, 4, 5, 7])
    // With `--note` (no cap): bm25 order within the tier.
    #expect(Rerank.order(cs, concepts: concepts, perNote: nil).map(\.id) == [1, 2, 3, 4, 5, 6, 7])
}

@Test func aConceptOnlyTheHeadingHoldsCountsHalfTowardTheClaimsShare() {
    let cs = [
        candidate(1, "Tidal power lifts the harbour pumps."),
        candidate(2, "Tidal flows lift the harbour pumps.", section: "Power from the sea"),
    ]
    let order = Rerank.order(cs, concepts: [concept("tidal"), concept("power")])
    // Both hold the query (the tier counts the heading in full); the heading's word counts half.
    #expect(order.map(\.tier) == [2, 2])
    #expect(order.map(\.id) == [1, 2])
    #expect(order[1].inClaim == 0.75)
    #expect(order[1].inText == 0.5)
}

@Test func claimsOfANoteSeveralCandidatesComeFromRankAboveALoneClaim() {
    // The same words and bm25 everywhere: the note three candidates come from is about the
    // query; the note with one candidate mentions it in passing.
    var cs = [candidate(1, note: 900, bm25: -5, "Tidal power turned the old mill.")]
    cs += (2...4).map { candidate(Int64($0), note: 700, bm25: -5, "Tidal power turned the old mill.") }
    #expect(Rerank.order(cs, concepts: [concept("tidal"), concept("power")]).map(\.id) == [2, 3, 4, 1])
    #expect(Rerank.noteFocusShare(1) < Rerank.noteFocusShare(2))
    #expect(Rerank.noteFocusShare(3) == 1)
    #expect(Rerank.noteFocusShare(40) == 1)
}

@Test func aClaimAboutTheNoteItselfRanksBelowOneAboutTheTopic() {
    let cs = [
        candidate(1, bm25: -9, "This article explores tidal power and its future."),
        candidate(2, bm25: -5, "Tidal power follows the moon, so its output is known years ahead."),
    ]
    #expect(Rerank.order(cs, concepts: [concept("tidal"), concept("power")]).map(\.id) == [2, 1])
    #expect(Rerank.speaksOfItself("For more on tides, see also the harbour note."))
    #expect(Rerank.speaksOfItself("This video walks through the proof."))
    #expect(!Rerank.speaksOfItself("The article of faith was that tides never stop."))
    #expect(!Rerank.speaksOfItself("Tidal power is steady."))
}

@Test func aNearCopyOfAClaimPlacedAboveGoesToTheEndOfItsTier() {
    // The same sentence in two notes of one video, one word changed: the second adds nothing.
    let cs = [
        candidate(1, bm25: -9, "Tidal power turns the harbour pumps at every flood tide."),
        candidate(2, bm25: -8.8, "Tidal power turns the harbour pumps at each flood tide."),
        candidate(3, bm25: -6, "Tidal power stations sit where the range of the tide is widest."),
        candidate(4, bm25: -9, "Harbour pumps run at every flood tide.", section: "Tidal flows"),
    ]
    let order = Rerank.order(cs, concepts: [concept("tidal"), concept("power")])
    #expect(order.map(\.id) == [1, 3, 2, 4])
    #expect(Rerank.order(cs, concepts: [concept("tidal"), concept("power")], perNote: nil).map(\.id) == [1, 3, 2, 4])
    let nearCopies = { (a: String, b: String) -> Bool in
        let w = Rerank.distinctWords([a, b].map { $0.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init) })
        return Rerank.isNearCopy(w[0], w[1])
    }
    #expect(nearCopies("Tidal power turns the pumps.", "The pumps: tidal power turns them."))
    #expect(!nearCopies("Tidal power turns the harbour pumps.", "Tidal power lights the harbour lamps."))
    #expect(!nearCopies("Tidal power.", "Tidal power turns the harbour pumps at every flood tide."))
    #expect(Rerank.distinctWords([["b", "a", "b"], ["a", "c"]]) == [[0, 1], [1, 2]])
}

@Test func aLongClaimEndingInAColonIntroducesAListAndRanksLow() {
    let cs = [
        candidate(1, bm25: -10, "Several things explain why tidal power stations on the northern coast kept failing in winter storms:"),
        candidate(2, bm25: -4, "On the northern coast, tidal power stations failed when storms clogged their intakes."),
    ]
    let order = Rerank.order(cs, concepts: [concept("tidal"), concept("power")])
    // Longer than a fragment: it keeps its tier, but loses to the claim that says something.
    #expect(order.map(\.tier) == [2, 2])
    #expect(order.map(\.id) == [2, 1])
}

@Test func aClaimNamingTheQueryInItsFirstWordsIsAboutIt() {
    let cs = [
        candidate(1, bm25: -5, "Engineers on the northern coast trust tidal power."),
        candidate(2, bm25: -4.6, "Tidal power is trusted by engineers on the northern coast."),
        candidate(3, bm25: -4.6, "On the coast, tidal power keeps the lamps lit."),
    ]
    // Only the first three tokens count: "on the coast tidal" does not lead with the query.
    #expect(Rerank.order(cs, concepts: [concept("tidal"), concept("power")]).map(\.id) == [2, 1, 3])
}
