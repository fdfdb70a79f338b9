import Testing
@testable import KBExtract

// All names and sentences here are invented.

private func attributions(_ title: String?, _ sentences: [String]) -> [String?] {
    let input = SpeakerInput(title: title, sentences: sentences.enumerated().map { SpeakerSentence(line: $0.offset + 1, text: $0.element, lead: nil) })
    return SpeakerExtractor().analyze(videoTitle: title, notes: [input]).notes[0].attributions
}

@Test func appositionWithCommasOfItsOwn() {
    #expect(attributions("Salt and Empire | Maya Okafor", [
        "Maya Okafor, author of two books, a sailor, and a historian of trade, argues that salt built cities.",
        "Maya Okafor, author of *Salt: How a Mineral Made the Modern Coastline and the Tax Office*, explains the tax.",
        "Okafor, who met the traders, the clerks and the guards, and who kept notes, recalls the strike.",
        "Okafor, a historian; the clerks, she says, were loyal.",  // a semicolon ends the aside
    ]) == ["Maya Okafor", "Maya Okafor", "Maya Okafor", nil])
}

@Test func subjectAfterACoordinatingConjunction() {
    #expect(attributions("Salt and Empire | Maya Okafor", [
        "Salt is cheap today, but Maya Okafor notes that it once paid soldiers.",
        "The mines closed early, and Okafor observed that nobody complained.",
        "The tax lasted a century, though Okafor questions how often it was paid.",  // a subordinate clause
        "Prices fell, while Okafor argued the opposite.",
    ]) == ["Maya Okafor", "Maya Okafor", nil, nil])
}

@Test func roleWordsBeforeTheName() {
    #expect(attributions("Salt and Empire | Maya Okafor", [
        "Maritime historian Maya Okafor emphasizes the guilds.",
        "The historian Maya Okafor explains the ledgers.",
        "Critics of Maya Okafor noted the gaps.",  // not a role: "of"
    ]) == ["Maya Okafor", "Maya Okafor", nil])
}

@Test func reportingVerbsFromTheUsualLists() {
    #expect(attributions("Salt and Empire | Maya Okafor", [
        "Okafor champions open ledgers.",
        "Okafor even encourages students to visit the mines.",
        "Okafor realized the ledgers were forged.",
        "Okafor concedes that the tax was fair.",
        "Okafor visited the mines.",
    ]) == ["Maya Okafor", "Maya Okafor", "Maya Okafor", "Maya Okafor", nil])
}

@Test func firstNameAloneAsSubject() {
    #expect(attributions("Salt and Empire | Maya Okafor", [
        "Maya and Tomas would often visit the mines together.",
        "Maya noted the moment the clerks gave up.",
    ]) == [nil, "Maya Okafor"])
}

@Test func panelMembersNamedInFullEveryTime() {
    let input = SpeakerInput(title: nil, sentences: [
        "The panel discussion turns to harbour tolls.",
        "Ottoline Verhaegen contends that tolls fund the dredging.",
        "Ottoline Verhaegen argues that silt costs more than storms.",
        "Ottoline Verhaegen notes that keepers are underpaid.",
        "Ottoline Verhaegen cautions against private ports.",
        "Ottoline Verhaegen described the old toll houses.",
        "Reinholt Baske visited the toll houses in 1911.",
    ].enumerated().map { SpeakerSentence(line: $0.offset + 1, text: $0.element, lead: nil) })
    let a = SpeakerExtractor().analyze(videoTitle: nil, notes: [input])
    #expect(a.speakers == ["Ottoline Verhaegen"])
    #expect(a.notes[0].attributions.compactMap { $0 }.count == 5)
}
