import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

private func link(_ inner: String, embed: Bool = false) throws -> WikiLink {
    guard case .link(let l) = WikiLinks.parse(inner: inner, isEmbed: embed, line: 3) else {
        Issue.record("[[\(inner)]] was not read as a link")
        throw CancellationError()
    }
    return l
}

@Test func plainTarget() throws {
    let l = try link("target")
    #expect(l.target == "target")
    #expect(l.label == nil)
    #expect(l.heading == nil)
    #expect(!l.isEmbed)
    #expect(l.line == 3)
}

@Test func targetWithLabel() throws {
    let l = try link("target | label")
    #expect(l.target == "target")
    #expect(l.label == "label")
    #expect(l.displayText == "label")
}

@Test func headingIsSplitFromTarget() throws {
    let l = try link("Target Title#Heading|label")
    #expect(l.target == "Target Title")
    #expect(l.heading == "Heading")
    #expect(l.label == "label")
}

@Test func severalPipesTakeFirstAsTargetAndLastAsLabel() throws {
    let l = try link("first|middle|last")
    #expect(l.target == "first")
    #expect(l.label == "last")
}

@Test func trailingMdIsDropped() throws {
    #expect(try link("some_note.md").target == "some_note")
    #expect(try link("some_note.md | Some Note").target == "some_note")
}

@Test func timeInsideBracketsIsNoLink() {
    guard case .time(let t) = WikiLinks.parse(inner: "01:07:01", isEmbed: false, line: 1) else {
        Issue.record("[[01:07:01]] read as a link")
        return
    }
    #expect(t.seconds == 4021)
    #expect(t.form == .wikilink)
}

@Test func slugRule() {
    #expect(WikiLinks.slug("Investments and Economic Strategies") == "investments_and_economic_strategies")
    #expect(WikiLinks.slug("AI & Chips: 2024!") == "ai__chips_2024")
    #expect(WikiLinks.slug("Café Über-Plan") == "caf_berplan")
    #expect(WikiLinks.slug("") == "")
}

@Test func embedsThroughTheExtractor() throws {
    let note = extract(noteText("Picture of the plant ![[plant_photo]] was shown \(anchor("00:00:05")).\n"))
    let l = try #require(note.allLinks.first)
    #expect(l.target == "plant_photo")
    #expect(l.isEmbed)
    #expect(note.claims.first.map { !$0.text.contains("!") } == true)
}

@Test func claimTextReplacesLinksByLabels() throws {
    let body = "We visited [[big_dam | the big dam]] and [[river]] and [[Old Town#Market|the market]] today \(anchor("00:00:05")).\n"
    let claim = try #require(extract(noteText(body)).claims.first)
    #expect(claim.text == "We visited the big dam and river and the market today.")
    #expect(claim.links.map(\.target) == ["big_dam", "river", "Old Town"])
    #expect(claim.links.map(\.label) == ["the big dam", nil, "the market"])
    #expect(claim.markdown.contains("[[big_dam | the big dam]]"))
}

@Test func escapedPipeInsideATableCell() throws {
    let body = """
        | Topic | Detail |
        | --- | --- |
        | Dams | The [[hydro_power\\|hydro plant]] was huge \(anchor("00:00:09")). |

        """
    let note = extract(noteText(body))
    let l = try #require(note.allLinks.first { $0.target == "hydro_power" }, "links: \(note.allLinks)")
    #expect(l.label == "hydro plant")
    let claim = try #require(note.claims.first { $0.text.contains("was huge") })
    #expect(claim.text == "The hydro plant was huge.")
    #expect(claim.timestamps.map(\.seconds) == [9])
}

@Test func unclosedBracketsAreTextWithAWarning() throws {
    let note = extract(noteText("This [[open link never ends here. Second sentence follows.\n"))
    let claim = try #require(note.claims.first)
    #expect(note.allLinks.isEmpty)
    #expect(claim.text == "This [[open link never ends here.")
    #expect(note.claims.count == 2)
    #expect(note.warnings.contains { $0.message.contains("unclosed") && $0.line == 6 })
}

@Test func unclosedBracketsBeforeACitationAreStillText() throws {
    // "[[" never closed, a citation later on the line: the words must stay text.
    let note = extract(noteText("This [[open link never ends \(anchor("00:00:07")).\n"))
    let claim = try #require(note.claims.first)
    #expect(claim.timestamps.map(\.seconds) == [7])
    #expect(claim.links.isEmpty)
    #expect(claim.text.contains("[[open link never ends"))
    #expect(note.warnings.contains { $0.message.contains("unclosed") && $0.line == 6 })
}

@Test func bracketsInsideCodeAreNoLink() {
    let body = """
        Use `[[not_a_link]]` in code \(anchor("00:00:03")).

        ```
        [[also_not_a_link]]
        ```

        """
    let note = extract(noteText(body))
    #expect(note.allLinks.isEmpty, "\(note.allLinks)")
}
