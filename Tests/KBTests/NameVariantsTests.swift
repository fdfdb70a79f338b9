import Testing
@testable import KBExtract

// All names and sentences here are invented.

private func analyze(_ title: String?, _ sentences: [String]) -> SpeakerAnalysis {
    let input = SpeakerInput(title: title, sentences: sentences.enumerated().map { SpeakerSentence(line: $0.offset + 1, text: $0.element, lead: nil) })
    return SpeakerExtractor().analyze(videoTitle: title, notes: [input])
}

@Test func wordsThatSoundAlike() {
    #expect(NameVariants.soundAlike("brausch", "brosch"))
    #expect(NameVariants.soundAlike("torvald", "torvalt"))
    #expect(NameVariants.soundAlike("kaz", "kos"))
    #expect(NameVariants.soundAlike("kathrin", "cathrin"))
    #expect(!NameVariants.soundAlike("brandt", "brooks"))
    #expect(!NameVariants.soundAlike("mira", "nora"))       // different first sounds
    #expect(!NameVariants.soundAlike("lindqvist", "lindgren"))
    #expect(NameVariants.digits("brausch") == "62")
    #expect(NameVariants.consonants("brausch") == "brsc")
}

@Test func misspeltFullNameOfTheTitleGuest() {
    let a = analyze("Canals and Locks | Torvald Brausch", [
        "Torvald Brosch, a lock keeper for thirty years, argues that canals outlast railways.",
        "Brosch notes that the locks were rebuilt twice.",
    ])
    #expect(a.speakers == ["Torvald Brausch"])
    #expect(a.notes[0].attributions == ["Torvald Brausch", "Torvald Brausch"])
}

@Test func misspeltFirstNameAloneOfTheTitleGuest() {
    let a = analyze("Canals and Locks | Torvald Brausch", [
        "Torvalt emphasizes that the locks need keepers.",
        "Mira argues that the canals were too narrow.",      // another person, not a misspelling
    ])
    #expect(a.notes[0].attributions == ["Torvald Brausch", nil])
}

@Test func rareGivenNameSharedWithTheTitleGuest() {
    let a = analyze("Canals and Locks | Tavishka Ramdeen", [
        "Tavishka Oolderink, chief engineer of the port, explains how locks are filled.",
        "Oolderink observes that silt is the real enemy.",
    ])
    #expect(a.speakers == ["Tavishka Ramdeen"])
    #expect(a.notes[0].attributions == ["Tavishka Ramdeen", "Tavishka Ramdeen"])
}

@Test func twoSpellingsInTheNotesAreOnePersonWithTheCommonerOne() {
    let a = analyze(nil, [
        "In this podcast episode, Ilse Hamerschlag joins the host to talk about canals.",
        "Ilse Hammerschlag argues that canals outlast railways.",
        "Ilse Hammerschlag notes that locks were rebuilt twice.",
        "Hamerschlag suggests that keepers matter more than gates.",
        "Hammerschlag explains that silt is the real enemy.",
    ])
    #expect(a.speakers == ["Ilse Hammerschlag"])
    #expect(a.notes[0].attributions.compactMap { $0 } == Array(repeating: "Ilse Hammerschlag", count: 4))
}
