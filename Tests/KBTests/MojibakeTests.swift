import Foundation
import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// Mojibake: UTF-8 read as Windows-1252 and saved again. Repaired as ftfy does,
// only where the round trip through Windows-1252 bytes is valid UTF-8.

@Test(arguments: [
    ("Pascalâ€™s Wager", "Pascal’s Wager"),
    ("â€œquotedâ€\u{9D} text", "“quoted” text"),
    ("a â€” dash and â€“ range", "a — dash and – range"),
    ("cafÃ© crÃ¨me", "café crème"),
    ("naÃ¯ve faÃ§ade", "naïve façade"),
    ("wait for itâ€¦", "wait for it…"),
    ("priced at â‚¬5", "priced at €5"),
    ("MÃ¼nchen StraÃŸe", "München Straße"),
    ("a\u{00C2}\u{00A0}b", "a\u{00A0}b"),
    ("nice ðŸ˜€ face", "nice 😀 face"),
    ("ï»¿title", "title"),
    // Twice mojibaked: both layers go.
    ("PascalÃ¢â‚¬â„¢s", "Pascal’s"),
])
func mojibakeIsRepaired(_ broken: String, _ fixed: String) {
    let (text, repairs) = Mojibake.repair(broken)
    #expect(text == fixed)
    #expect(repairs.count == 1)
    #expect(repairs.first?.line == 1)
}

@Test(arguments: [
    "Plain ASCII text, nothing to do.",
    "café crème, naïve façade, München, Straße, Ωμέγα, Привет, 東京",
    "Pascal’s “Wager” — a dash… and € and 😀",
    "Ça va? À bientôt. Élan. Ö’s.",
    "é…” an accented letter before two symbols stays",
    "â alone, Ã alone, Â alone",
    "pâté and â€ cut short",
])
func realTextIsLeftAlone(_ text: String) {
    let (out, repairs) = Mojibake.repair(text)
    #expect(out == text)
    #expect(repairs.isEmpty)
}

@Test func repairsReportTheirLine() {
    let (text, repairs) = Mojibake.repair("fine\nstill fine\nitâ€™s here, and itâ€™s twice\nok")
    #expect(text == "fine\nstill fine\nit’s here, and it’s twice\nok")
    #expect(repairs == [Mojibake.Repair(line: 3, original: "â€™", repaired: "’", count: 2)])
    #expect(Mojibake.warning(repairs[0]) == "mojibake repaired: \"â€™\" read as \"’\" (and 1 more on this line)")
}

@Test func extractorRepairsAndWarns() {
    let note = extract(noteText("Intro line.\n\nPascalâ€™s Wager is cited \(anchor("00:01:00")).\n"))
    #expect(note.claims.map(\.text) == ["Intro line.", "Pascal’s Wager is cited."])
    let warnings = note.warnings.filter { $0.message.hasPrefix("mojibake") }
    #expect(warnings.map(\.line) == [8])
    #expect(warnings.first?.description == "test_note.md:8: mojibake repaired: \"â€™\" read as \"’\"")
}

@Test func mojibakeInFrontmatterTitleIsRepaired() {
    let note = extract("---\ntitle: Pascalâ€™s Wager\n---\n\nText.\n")
    #expect(note.title == "Pascal’s Wager")
    #expect(note.warnings.contains { $0.line == 2 && $0.message.hasPrefix("mojibake") })
}

/// The real note we were handed: one line of mojibake; repaired, it equals the wiki's copy.
@Test(.enabled(if: FileManager.default.fileExists(atPath: seedNote), "no corpus at ../shared/corpus"))
func seedNoteIsRepaired() throws {
    let raw = try NoteReader.readText(atPath: seedNote, displayPath: "seed.md").text
    let clean = try NoteReader.readText(atPath: seedClean, displayPath: "clean.md").text
    let (text, repairs) = Mojibake.repair(raw)
    #expect(text == clean)
    #expect(repairs.map(\.line) == [64])
    #expect(repairs.first?.original == "â€™")
    #expect(Mojibake.repair(clean).repairs.isEmpty)
    let note = NoteExtractor.extract(path: "seed.md", text: raw)
    let reference = NoteExtractor.extract(path: "seed.md", text: clean)
    #expect(note.claims.map(\.text) == reference.claims.map(\.text))
    #expect(note.warnings.filter { $0.message.hasPrefix("mojibake") }.map(\.line) == [64])
}

/// No note of the real corpus is touched: their accents and typography are genuine.
@Test(.enabled(if: FileManager.default.fileExists(atPath: corpusRoot), "no corpus at ../shared/corpus"))
func realCorpusHasNoFalsePositives() throws {
    let listing = CorpusWalker.list([corpusRoot + "/channels", corpusRoot + "/seed-wiki"])
    #expect(listing.files.count > 500)
    var flagged: [String] = []
    for file in listing.files {
        guard let text = try? NoteReader.readText(atPath: file.file, displayPath: file.path).text else { continue }
        if Mojibake.detect(text) { flagged.append(file.path) }
    }
    #expect(flagged.isEmpty, "\(flagged.prefix(5))")
}

private let corpusRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/corpus").path
private let seedNote = corpusRoot + "/seed/000_03513f9324de2dcd.txt"
private let seedClean = corpusRoot + "/seed-wiki/investments_and_economic_strategies_in_tech_development.md"

@Test func theByteCheckBeforeRepairingMissesNoLeadScalar() {
    // Every scalar `repair` starts from is written with a 0xC3 byte, so the check passes it.
    for value in Array(0xC2...0xDF) + [0xE2, 0xEF, 0xF0] {
        let scalar = Unicode.Scalar(UInt32(value))!
        #expect(Mojibake.mayHoldLead("plain text \(Character(scalar)) more"), "U+\(String(value, radix: 16))")
    }
    #expect(!Mojibake.mayHoldLead("plain ASCII, and “quotes” — dashes, 😀, Ω"))
    #expect(!Mojibake.mayHoldLead(""))
}
