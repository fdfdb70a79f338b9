import Foundation
import Testing
@testable import KBExtract

// `.kbignore` patterns (gitignore syntax) against invented corpus paths.

private func rules(_ lines: String...) -> IgnoreRules { IgnoreRules(text: lines.joined(separator: "\n")) }

@Test func blankLinesAndCommentsIgnoreNothing() {
    let r = rules("", "# drafts are kept out", "   ", "#*.md")
    #expect(r.rules.isEmpty)
    #expect(!r.ignores("podcasts/episode_12.md", isDirectory: false))
}

@Test func aNameWithoutSlashMatchesAtAnyDepth() {
    let r = rules("scratch.md")
    #expect(r.ignores("scratch.md", isDirectory: false))
    #expect(r.ignores("channels/orbitlab/scratch.md", isDirectory: false))
    #expect(!r.ignores("channels/orbitlab/scratch.md.bak", isDirectory: false))
    #expect(!r.ignores("channels/orbitlab/old_scratch.md", isDirectory: false))
}

@Test func starAndQuestionMarkStayInsideOneName() {
    let r = rules("draft-*.md", "take?.srt")
    #expect(r.ignores("draft-rocket-engines.md", isDirectory: false))
    #expect(r.ignores("orbitlab/draft-.md", isDirectory: false))
    #expect(r.ignores("transcripts/take1.srt", isDirectory: false))
    #expect(!r.ignores("transcripts/take12.srt", isDirectory: false))
    #expect(!r.ignores("final-rocket-engines.md", isDirectory: false))
    // `*` does not cross a slash in an anchored pattern.
    let anchored = rules("channels/*.md")
    #expect(anchored.ignores("channels/index.md", isDirectory: false))
    #expect(!anchored.ignores("channels/orbitlab/index.md", isDirectory: false))
}

@Test func aLeadingSlashAnchorsToTheRoot() {
    let r = rules("/inbox.md", "/archive")
    #expect(r.ignores("inbox.md", isDirectory: false))
    #expect(!r.ignores("orbitlab/inbox.md", isDirectory: false))
    #expect(r.ignores("archive", isDirectory: true))
    #expect(r.ignores("archive/2019/old_note.md", isDirectory: false))
    #expect(!r.ignores("orbitlab/archive/note.md", isDirectory: false))
}

@Test func aSlashInTheMiddleAnchorsToo() {
    let r = rules("orbitlab/drafts")
    #expect(r.ignores("orbitlab/drafts", isDirectory: true))
    #expect(r.ignores("orbitlab/drafts/launch.md", isDirectory: false))
    #expect(!r.ignores("channels/orbitlab/drafts/launch.md", isDirectory: false))
}

@Test func aTrailingSlashMatchesFoldersOnly() {
    let r = rules("attachments/")
    #expect(r.ignores("attachments", isDirectory: true))
    #expect(r.ignores("orbitlab/attachments/diagram.md", isDirectory: false))
    #expect(!r.ignores("attachments", isDirectory: false))
    #expect(!r.ignores("orbitlab/attachments", isDirectory: false))
}

@Test func doubleStarMatchesAnyNumberOfFolders() {
    let leading = rules("**/templates")
    #expect(leading.ignores("templates", isDirectory: true))
    #expect(leading.ignores("a/b/templates/note.md", isDirectory: false))
    let middle = rules("channels/**/raw.md")
    #expect(middle.ignores("channels/raw.md", isDirectory: false))
    #expect(middle.ignores("channels/orbitlab/2024/raw.md", isDirectory: false))
    #expect(!middle.ignores("other/orbitlab/raw.md", isDirectory: false))
    // A trailing `/**` is what lies inside, not the folder itself.
    let trailing = rules("private/**")
    #expect(!trailing.ignores("private", isDirectory: true))
    #expect(trailing.ignores("private/diary.md", isDirectory: false))
    #expect(trailing.ignores("private/2023/diary.md", isDirectory: false))
}

@Test func negationReincludesAndTheLastMatchDecides() {
    let r = rules("*.md", "!keep-*.md", "keep-not-this.md")
    #expect(r.ignores("episode.md", isDirectory: false))
    #expect(!r.ignores("keep-episode.md", isDirectory: false))
    #expect(r.ignores("keep-not-this.md", isDirectory: false))
    #expect(!r.ignores("captions.vtt", isDirectory: false))
    // Inside an excluded folder nothing comes back, as in git.
    let folder = rules("drafts/", "!drafts/ready.md")
    #expect(folder.ignores("drafts/ready.md", isDirectory: false))
    // `private/**` leaves the folder open, so a file in it can be re-included.
    let inside = rules("private/**", "!private/shared.md")
    #expect(!inside.ignores("private/shared.md", isDirectory: false))
    #expect(inside.ignores("private/diary.md", isDirectory: false))
}

@Test func escapesBracketsAndTrailingSpaces() {
    let r = rules("\\#hashtag.md", "\\!bang.md", "notes [old].md", "take[0-9].srt", "v[!a-c].md", "spaced.md   ")
    #expect(r.ignores("#hashtag.md", isDirectory: false))
    #expect(r.ignores("!bang.md", isDirectory: false))
    #expect(!r.ignores("bang.md", isDirectory: false))
    #expect(r.ignores("notes o.md", isDirectory: false))
    #expect(!r.ignores("notes [old].md", isDirectory: false))
    #expect(r.ignores("take7.srt", isDirectory: false))
    #expect(!r.ignores("takeX.srt", isDirectory: false))
    #expect(r.ignores("vd.md", isDirectory: false))
    #expect(!r.ignores("vb.md", isDirectory: false))
    #expect(r.ignores("spaced.md", isDirectory: false))
    // An unclosed `[` is itself.
    #expect(rules("odd[.md").ignores("odd[.md", isDirectory: false))
}

@Test func rulesLoadFromTheFolderAndAreNilWithoutPatterns() throws {
    let folder = try TempFolder("kb-ignore")
    defer { folder.cleanup() }
    #expect(IgnoreRules.load(folder: folder.path) == nil)
    try folder.write(".kbignore", "# only a comment\n\n")
    #expect(IgnoreRules.load(folder: folder.path) == nil)
    try folder.write(".kbignore", "# drafts\r\ndrafts/\r\n")
    let loaded = try #require(IgnoreRules.load(folder: folder.path))
    #expect(loaded.ignores("drafts", isDirectory: true))
}
