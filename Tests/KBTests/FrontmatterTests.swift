import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

@Test func titleAndVideoIDAreRead() {
    let note = extract(noteText(title: "Rivers and Dams", videoID: "xyzXYZ12345", "A claim here \(anchor("00:00:01")).\n"))
    #expect(note.title == "Rivers and Dams")
    #expect(note.videoID == "xyzXYZ12345")
    #expect(note.warnings.isEmpty)
}

@Test func missingTitleAndVideoAreNil() {
    let note = extract("---\nauthor: Someone\n---\n\nA claim here.\n")
    #expect(note.title == nil)
    #expect(note.videoID == nil)
    let none = extract("Just a body, no frontmatter at all.\n")
    #expect(none.title == nil)
    #expect(none.videoID == nil)
    #expect(none.claims.count == 1)
}

@Test func extraKeysAreKeptAsJSON() throws {
    let text = "---\ntitle: T\nvideoId: abcDEF12345\ntags: [dams, rivers]\nauthor: Ann\n---\n\nBody claim.\n"
    let note = extract(text)
    let json = try #require(note.extraFrontmatter)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["author"] as? String == "Ann")
    #expect(object["tags"] as? [String] == ["dams", "rivers"])
    #expect(object["title"] == nil)
    #expect(object["videoId"] == nil)
    #expect(extract(noteText("Body claim.\n")).extraFrontmatter == nil)
}

@Test func aliasesAreRead() {
    let list = extract("---\ntitle: T\naliases:\n  - Big Dam\n  - Dam Notes\n---\n\nBody claim.\n")
    #expect(list.aliases == ["Big Dam", "Dam Notes"])
    let one = extract("---\ntitle: T\naliases: Only One\n---\n\nBody claim.\n")
    #expect(one.aliases == ["Only One"])
}

@Test func brokenYAMLWarnsAndKeepsTheNote() throws {
    let text = "---\ntitle: [unclosed\nvideoId: abcDEF12345\n---\n\nThe body still counts \(anchor("00:00:04")).\n"
    let note = extract(text, path: "broken.md")
    #expect(note.warnings.contains { $0.message.contains("YAML") && $0.file == "broken.md" })
    let claim = try #require(note.claims.first)
    #expect(claim.text == "The body still counts.")
    #expect(claim.line == 6)

    let folder = try TempFolder()
    defer { folder.cleanup() }
    try folder.write("notes/broken.md", text)
    let store = try Store(path: folder.path("kb.sqlite"))
    let report = try Indexer(store: store).run(paths: [folder.path("notes")])
    #expect(report.indexed == 1)
    #expect(report.failed == 0)
    #expect(report.warnings.contains { $0.message.contains("YAML") })
    #expect(try store.search(SearchRequest(query: "body counts")).count == 1)
}

@Test func neverClosedFrontmatterWarns() {
    let note = extract("---\ntitle: Lost\n\nBody text here.\n", path: "open.md")
    #expect(note.warnings.contains { $0.message.contains("never closed") && $0.line == 1 })
    #expect(note.title == nil)
}

@Test func leftoverFirstLineIsSkippedWithAWarning() throws {
    let text = "Here is the rewritten note:\n---\ntitle: Kept Title\nvideoId: abcDEF12345\n---\n\nThe claim sits on line seven \(anchor("00:00:02")).\n"
    let note = extract(text, path: "leftover.md")
    #expect(note.title == "Kept Title")
    #expect(note.videoID == "abcDEF12345")
    #expect(note.warnings.contains { $0.line == 1 && $0.message.contains("before the frontmatter") })
    let claim = try #require(note.claims.first)
    #expect(note.claims.count == 1)
    #expect(claim.line == 7)
    #expect(!note.claims.contains { $0.text.contains("rewritten") })
}

@Test func fromLineWithoutLabelSetsChannel() throws {
    let note = extract(noteText("From: [[somechannel]] <br/>\n\nFirst claim of the note \(anchor("00:00:01")).\n"))
    #expect(note.channel == "somechannel")
    #expect(note.channelName == nil)
    #expect(note.claims.count == 1)
    #expect(note.claims.first?.text == "First claim of the note.")
    #expect(note.otherLinks.contains { $0.target == "somechannel" })
}

@Test func fromLineWithLabelSetsChannelName() throws {
    let note = extract(noteText("From: [[some_show | The Some Show]]\n\nFirst claim of the note \(anchor("00:00:01")).\n"))
    #expect(note.channel == "some_show")
    #expect(note.channelName == "The Some Show")
    #expect(note.claims.map(\.text) == ["First claim of the note."])
}

@Test func fromLineRunningIntoTheFirstParagraph() throws {
    let note = extract(noteText("From: [[chan]] <br/>\nThe first claim follows at once \(anchor("00:00:01")).\n"))
    #expect(note.channel == "chan")
    #expect(note.claims.map(\.text) == ["The first claim follows at once."])
}

@Test func channelIndexPageListsVideos() throws {
    let text = """
        ---
        title: Some Channel
        ---

        # Some Channel

        ### [First Video](https://www.youtube.com/watch?v=AAAAAAAAAAA)
        - [[note_a | Note A]]
        - [[note_b | Note B]]

        ### [Second Video](https://www.youtube.com/watch?v=BBBBBBBBBBB)
        - [[note_c | Note C]]

        """
    let note = extract(text, path: "somechannel/somechannel.md")
    #expect(note.claims.isEmpty, "\(note.claims.map(\.text))")
    try #require(note.videos.count == 2)
    #expect(note.videos[0].videoID == "AAAAAAAAAAA")
    #expect(note.videos[0].title == "First Video")
    #expect(note.videos[0].noteTargets == ["note_a", "note_b"])
    #expect(note.videos[0].line == 7)
    #expect(note.videos[1].videoID == "BBBBBBBBBBB")
    #expect(note.videos[1].noteTargets == ["note_c"])
}
