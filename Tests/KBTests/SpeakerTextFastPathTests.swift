import Testing
@testable import KBModel
@testable import KBMarkdown
@testable import KBExtract
@testable import KBStore
@testable import KBQuery
@testable import KBRender
@testable import KBIndex

// The speaker tokenizer's shortcuts must answer exactly what the String sets and the
// Character-level code they stand in for answer.

private let words = [
    "", "a", "guest", "Guest", "guests", "q&a", "co-host", "host", "hosts", "interview", "interviews", "x", "zebra",
    "K", "\u{212A}", "a\u{212A}", "aK", ";", "\u{037E}", "é", "e\u{301}", "café", "Café", "O'Brien", "O’Brien",
    "Ünïcödé", "MacAskill", "van", "😀", "conversation", "conversations", "episode", "podcast",
]

@Test func wordFilterNeverRulesOutAMember() {
    let lexicons: [[String]] = [
        Array(SpeakerLexicon.talkWords), Array(SpeakerLexicon.cuesByFirstWord.keys), ["aK", "b"], ["\u{212A}"], [""], [],
    ]
    for lexicon in lexicons {
        let set = Set(lexicon)
        let filter = WordFilter(lexicon)
        for w in words + lexicon where set.contains(w) { #expect(filter.mayContain(w), "\(w) in \(lexicon)") }
    }
    // A word of another first letter or length is ruled out; one canonically equal to a member is not.
    let filter = WordFilter(["aK", "b"])
    #expect(!filter.mayContain("a"))
    #expect(!filter.mayContain("bb"))
    #expect(!filter.mayContain(""))
    #expect(filter.mayContain("a\u{212A}"))
    #expect(Set(["aK"]).contains("a\u{212A}"))
    #expect(!WordFilter(SpeakerLexicon.talkWords).mayContain("zebra"))
    // Every member of the big lexicons passes; ordinary words mostly do not.
    let figureWords = WordFilter(FigureLexicon.words.keys)
    #expect(FigureLexicon.words.keys.allSatisfy(figureWords.mayContain))
    let nonPerson = WordFilter(SpeakerLexicon.nonPerson)
    #expect(SpeakerLexicon.nonPerson.allSatisfy(nonPerson.mayContain))
    #expect(!nonPerson.mayContain("xylophones"))
}

@Test func sentenceOpenerTestAgreesWithTheSetForEveryScalar() {
    var disagreements: [UInt32] = []
    for k in UInt32(0)...0x10FFFF {
        guard let s = Unicode.Scalar(k) else { continue }
        let text = String(Character(s))
        if SpeakerText.isSentenceOpener(text) != SpeakerText.sentenceOpeners.contains(text) { disagreements.append(k) }
    }
    #expect(disagreements.isEmpty)
    for text in ["", "..", ";;", "a", "\u{037E}", "“", "(", "e\u{301}"] {
        #expect(SpeakerText.isSentenceOpener(text) == SpeakerText.sentenceOpeners.contains(text))
    }
}

@Test(arguments: words + ["Dylan Patel", "Fitz-Claridge", "J. R. R.", "Ångström", "ABC xyz 123", "İstanbul", "Carl\u{0301}smith"])
func nameKeyAgreesWithLowercasedLetters(_ text: String) {
    #expect(SpeakerText.key(text) == String(text.lowercased().filter { $0.isLetter }))
}

@Test(arguments: ["Patel's", "Collins'", "a's", "'s", "s'", "James", "Ross's", "O'Brien", "O'Brien's", "x", "", "Jones’s", "Dylan"])
func possessiveBaseOnBytesAgreesWithCharacters(_ text: String) {
    var expected: String?
    if text.count > 2 {
        if text.hasSuffix("'s") || text.hasSuffix("’s") { expected = String(text.dropLast(2)) }
        else if text.hasSuffix("'") || text.hasSuffix("’") { expected = String(text.dropLast()) }
    }
    #expect(SpeakerToken(text: text, lower: text.lowercased(), isWord: true).possessiveBase == expected)
}

@Test func nameShapeOnBytesAgreesWithCharacters() {
    for word in ["Patel", "McKenzie", "OpenAI", "iPhone", "Fitz-Claridge", "Prize-winning", "O'Brien", "DeAndre", "GPT4", "@lex", "Ab", "MacAskill", "LeCun", "VanDyke", "ABC-Def"] {
        // The same word with a non-ASCII letter appended takes the Character path; a lowercase
        // ending changes neither test, so both paths must agree.
        #expect(NameReader.isNameShaped(word) == NameReader.isNameShaped(word + "é"), "\(word)")
    }
}

@Test(arguments: [
    "Sara C.M. Vance and Jon Q. met Dr. Fitz-Roy's team.", "Collins' view, per J. Robert Oppenheimer (1945): \"no\".",
    "In a conversation with Lex Fridman, Jordan Peterson argues that Q&A sessions end.Next @lex_fridman 3.5 U.S. vs. e.g.",
    "O'Brien's claims... Mr. T, Ms. X; Prof. Y! St. Louis? It's 5 o'clock — really", "end.", "A.", "x", "", "  \t\n ",
    "Jones's and the Joneses' dogs-and-cats' 1990s A.B.C. AB. Ab.C.",
])
func asciiTokenizerAgreesWithTheScalarTokenizer(_ text: String) {
    // A trailing non-ASCII word sends the same text through the scalar path.
    let viaScalars = SpeakerText.tokenize(text + " é")
    #expect(Array(viaScalars.dropLast()) == SpeakerText.tokenize(text))
    #expect(viaScalars.last?.text == "é")
}

@Test(arguments: ["A.", "C.M.", "J.R.R.", "AB.", "A", ".", "a.", "A..", "É.", "A.É."])
func initialsOnBytesAgreeWithCharacters(_ text: String) {
    var expected = text.utf8.last == UInt8(ascii: ".") && text.count >= 2
    var expectLetter = true
    for c in text where expected {
        expected = expectLetter ? c.isUppercase : c == "."
        expectLetter.toggle()
    }
    #expect(SpeakerToken.isInitials(text) == (expected && expectLetter))
}

@Test func capitalizationCountsKeepSentenceStartsApart() {
    var stats = CapitalizationStats()
    stats.add(SpeakerText.tokenize("Opening words here. Mid Patel and patel, then Sole."))
    // "Opening" only starts a sentence: capitalised somewhere, yet never counted.
    #expect(stats.isCapitalizedAnywhere("opening"))
    #expect(!stats.seen("opening"))
    #expect(!stats.capitalizedMidSentence("opening"))
    #expect(stats.capitalizedMidSentence("patel") && stats.isCommon("patel"))
    #expect(stats.seen("words") && stats.isCommon("words") && !stats.isCapitalizedAnywhere("words"))
    #expect(Set(stats.capitalizedWords) == ["opening", "mid", "patel", "sole"])
}
