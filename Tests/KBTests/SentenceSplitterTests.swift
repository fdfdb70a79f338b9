import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

@Test(arguments: [
    ("Jon Y. Lee wrote the book. Then he left.", ["Jon Y. Lee wrote the book.", "Then he left."]),
    ("The U.S. Army grew fast. It was large.", ["The U.S. Army grew fast.", "It was large."]),
    ("Some languages, e.g. Python, are slow. Others are fast.", ["Some languages, e.g. Python, are slow.", "Others are fast."]),
    ("Apple vs. Google is old news. New fights come.", ["Apple vs. Google is old news.", "New fights come."]),
    ("Dr. Smith spoke first. He left early.", ["Dr. Smith spoke first.", "He left early."]),
    ("It cost $2.15 per chip. That is cheap.", ["It cost $2.15 per chip.", "That is cheap."]),
    ("Version 1.1 shipped late. It was fine.", ["Version 1.1 shipped late.", "It was fine."]),
    ("It ranked No. 1 in sales. Then it fell.", ["It ranked No. 1 in sales.", "Then it fell."]),
    ("He paused... Then he spoke. Done.", ["He paused... Then he spoke.", "Done."]),
    ("He paused… Then he spoke.", ["He paused… Then he spoke."]),
    ("He said \"Stop. Go now.\" Then he left.", ["He said \"Stop. Go now.\"", "Then he left."]),
    ("She wrote “It works. Ship it.” Everyone agreed.", ["She wrote “It works. Ship it.”", "Everyone agreed."]),
    ("One. Two! Three? Four.", ["One.", "Two!", "Three?", "Four."]),
    ("No end here", ["No end here"]),
])
func sentenceSplitting(text: String, expected: [String]) {
    #expect(SentenceSplitter.split(text) == expected)
}

@Test func listItemThatIsOneSentenceIsOneClaimWithLead() throws {
    let body = """
        ## Power
        *   **Hydro power:** The plant was built in five years by Dr. Wu's team \(anchor("00:00:40")).
        *   **Wind** A second item without a colon \(anchor("00:00:50")).

        """
    let note = extract(noteText(body))
    try #require(note.claims.count == 2)
    #expect(note.claims[0].lead == "Hydro power")
    #expect(note.claims[0].text.hasSuffix("The plant was built in five years by Dr. Wu's team."))
    #expect(note.claims[0].timestamps.map(\.seconds) == [40])
    #expect(note.claims[1].lead == nil)
    #expect(note.claims.map(\.ordinal) == [0, 1])
}

@Test func boldLabelAloneOnItsLineIsALead() throws {
    let body = """
        *   **Tidal mills**
            Okafor describes the mills of the estuary \(anchor("00:01:10")).

        """
    let note = extract(noteText(body))
    try #require(note.claims.count == 1)
    #expect(note.claims[0].lead == "Tidal mills")
    #expect(note.claims[0].text == "Tidal mills Okafor describes the mills of the estuary.")
    #expect(note.claims[0].line == note.claims[0].timestamps[0].line)  // the sentence's line, below the label
}

@Test func sectionPathFollowsNestedHeadings() throws {
    let body = """
        # Alpha
        ## Beta
        ### Gamma
        Deep claim here \(anchor("00:00:01")).
        ## Delta
        Shallow claim here \(anchor("00:00:02")).
        # Omega
        Top claim here \(anchor("00:00:03")).

        """
    let note = extract(noteText(body))
    try #require(note.claims.count == 3)
    #expect(note.claims[0].section == ["Alpha", "Beta", "Gamma"])
    #expect(note.claims[1].section == ["Alpha", "Delta"])
    #expect(note.claims[2].section == ["Omega"])
}

@Test func claimLineCountsFrontmatter() throws {
    // 1 ---, 2 title, 3 videoId, 4 ---, 5 blank, 6 heading, 7 blank, 8-10 paragraph, 11 blank, 12 item.
    let body = """
        ## Section

        First claim on line eight \(anchor("00:00:01")). Second claim
        starts on line eight too. Third claim is on line nine \(anchor("00:00:02")).
        Fourth claim is on line ten.

        *   Item on line twelve \(anchor("00:00:03")).

        """
    let note = extract(noteText(body))
    try #require(note.claims.count == 5)
    #expect(note.claims.map(\.line) == [8, 8, 9, 10, 12])
    #expect(note.claims[0].timestamps.first?.line == 8)
    #expect(note.claims[2].timestamps.first?.line == 9)
}
