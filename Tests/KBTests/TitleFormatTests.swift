import Testing
@testable import KBExtract

// All names, shows and titles here are invented.

/// The speakers a title gives over notes that write "building" and "introducing" in lowercase
/// and name the guests once.
private func guests(_ title: String) -> [String] {
    let sentences = [
        "The talk covers building harbours, introducing tolls, tides and the salt trade.",
        "Building a port takes decades; Pell and Dunstan are named once, and so is Saltworks.",
    ]
    let input = SpeakerInput(title: nil, sentences: sentences.enumerated().map { SpeakerSentence(line: $0.offset + 1, text: $0.element, lead: nil) })
    return SpeakerExtractor().analyze(videoTitle: title, notes: [input]).speakers
}

@Test func titleFormatsOfTalkShowsAndPanels() {
    #expect(guests("Osric Pell and Mirela Dunstan | Harbour Hour #256") == ["Osric Pell", "Mirela Dunstan"])
    #expect(guests("Osric Pell: why harbours silt up") == ["Osric Pell"])
    #expect(guests("Why harbours silt up | Osric Pell") == ["Osric Pell"])
    #expect(guests("The future of ports (with Osric Pell & Saltworks CEO Mirela Dunstan)") == ["Osric Pell", "Mirela Dunstan"])
    #expect(guests("Why the tides turn twice a day Dr Osric Pell") == ["Osric Pell"])
    #expect(guests("Osric Pell vs Mirela Dunstan") == ["Osric Pell", "Mirela Dunstan"])
}

@Test func titlePhrasesThatAreNotNames() {
    // A word the notes write in lowercase opens no name: "Building Saltworks" is a topic.
    #expect(guests("Building Saltworks: the fastest port in history | Osric Pell (CMO)") == ["Osric Pell"])
    #expect(guests("Introducing Saltworks | Osric Pell") == ["Osric Pell"])
}
