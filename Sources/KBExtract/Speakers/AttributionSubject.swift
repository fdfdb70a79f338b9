import KBModel
/// The subject of a sentence that reports what someone says or thinks: a name, then a verb of
/// saying or thinking (SpeakerLexicon.sayingForms), with what may sit between them. Tests:
/// AttributionSubjectTests.
extension VideoPeople {
    private static let openers: Set<String> = ["though", "although", "while", "whereas"]
    /// Words that join a second clause after a comma: ", but Okafor argues ...".
    private static let conjunctions: Set<String> = ["but", "and", "yet", "so"]
    /// Words that cannot be role words before a name ("Economist Maya Okafor argues").
    private static let notRoleWords: Set<String> = [
        "of", "for", "to", "with", "by", "from", "in", "on", "at", "and", "or", "but", "that", "which", "who", "as",
        "like", "than", "about", "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "this",
        "these", "those", "when", "while", "if", "because", "after", "before", "since", "not", "is", "was", "are", "were",
    ]

    /// The name that is the grammatical subject of a verb of saying or thinking, possibly after an
    /// opening phrase that ends in a comma, a conjunction after that comma, or role words.
    func subject(_ t: [SpeakerToken]) -> (span: NameSpan, present: Bool)? {
        var starts = [0]
        if let f = t.first, Self.openers.contains(f.lower) { starts.append(1) }
        var commas = 0
        for (k, tok) in t.enumerated() where tok.text == "," && k < 30 {
            starts.append(k + 1)
            if k + 2 < t.count, Self.conjunctions.contains(t[k + 1].lower) { starts.append(k + 2) }
            commas += 1
            if commas == 3 { break }
        }
        for s in starts where s < t.count {
            var twoSubjects = false
            if let found = subject(at: s, in: t, twoSubjects: &twoSubjects) { return found }
            if twoSubjects { return nil }
            // "Executive coach Maya Okafor argues": role words before a full name.
            if let named = nameAfterRoleWords(at: s, in: t), let found = subject(at: named, in: t, twoSubjects: &twoSubjects) { return found }
        }
        return nil
    }

    /// The subject when a name starts at token `s`: the name (not possessive), an affiliation, a
    /// parenthesis or an apposition, up to three adverbs, then a verb of saying.
    private func subject(at s: Int, in t: [SpeakerToken], twoSubjects: inout Bool) -> (span: NameSpan, present: Bool)? {
        guard t[s].isWord, t[s].isCapitalized, let span = NameReader.name(at: s, in: t, stats: stats, commonFirst: true), !span.possessive else { return nil }
        var j = span.end
        guard j < t.count else { return nil }
        if ["and", "&"].contains(t[j].lower) { twoSubjects = true; return nil }
        if t[j].lower == "of" || t[j].lower == "from" {
            var k = j + 1
            while k < t.count, t[k].isWord, t[k].isCapitalized { k += 1 }
            if k > j + 1 { j = k }
        }
        if j < t.count, t[j].text == "(", let close = t[j...].prefix(15).firstIndex(where: { $0.text == ")" }) { j = close + 1 }
        if j < t.count, t[j].text == "," {
            // An apposition or aside, perhaps with commas of its own: "Okafor, on the other hand,
            // maintains", "Maya Okafor, author of two books, a historian, and a sailor, argues".
            guard let close = asideEnd(after: j, in: t) else { return nil }
            j = close
        }
        return sayingVerb(at: j, in: t).map { (span, $0) }
    }

    /// Whether a verb of saying follows at `j` after closing quotes and up to three adverbs; whether it is present tense.
    private func sayingVerb(at start: Int, in t: [SpeakerToken]) -> Bool? {
        var j = start
        while j < t.count, SpeakerText.closingQuotes.contains(t[j].text) { j += 1 }
        var adverbs = 0
        while j < t.count, adverbs < 3, t[j].isLowercaseWord, SpeakerLexicon.subjectAdverbs.contains(t[j].lower) || (t[j].lower.hasSuffix("ly") && !SpeakerLexicon.sayingForms.contains(t[j].lower)) {
            j += 1; adverbs += 1
        }
        guard j < t.count, t[j].isLowercaseWord, SpeakerLexicon.sayingForms.contains(t[j].lower) else { return nil }
        return SpeakerLexicon.presentForms.contains(t[j].lower)
    }

    /// The token after the comma that closes an aside opened by the comma at `open`: the first of the
    /// next commas (within 45 tokens, before a semicolon) that a verb of saying follows.
    private func asideEnd(after open: Int, in t: [SpeakerToken]) -> Int? {
        var k = open + 1
        while k < min(t.count, open + 46), t[k].text != ";" {
            if t[k].text == ",", sayingVerb(at: k + 1, in: t) != nil { return k + 1 }
            k += 1
        }
        return nil
    }

    /// The start of a full name after one to three role words at `s` ("Executive coach", "The
    /// economist", "Veteran investor"): lowercase words, the first perhaps capitalised, or nil.
    private func nameAfterRoleWords(at s: Int, in t: [SpeakerToken]) -> Int? {
        var j = s
        while j < t.count, j - s < 3, t[j].isWord, !Self.notRoleWords.contains(t[j].lower), !SpeakerLexicon.sayingForms.contains(t[j].lower),
              t[j].isLowercaseWord || j == s && t[j].isCapitalized && j + 1 < t.count && t[j + 1].isLowercaseWord && !SpeakerLexicon.particles.contains(t[j + 1].lower) {
            j += 1
        }
        guard j > s, j < t.count, t[j].isCapitalized, let span = NameReader.name(at: j, in: t, stats: stats), span.isFull else { return nil }
        return j
    }
}
