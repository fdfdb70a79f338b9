import KBModel
import KBMarkdown
/// A word or punctuation mark of a sentence, as the speaker extractor reads it.
struct SpeakerToken: Hashable, Sendable {
    var text: String
    var lower: String
    var isWord: Bool
    /// Worked out once per token: name finding asks these of every token many times.
    let isCapitalized: Bool
    let isLowercaseWord: Bool
    /// The word without a possessive "'s" / "’s" / trailing apostrophe.
    let possessiveBase: String?
    /// Whether the word has the shape of a name word (see `NameReader.isNameShaped`).
    let isNameShaped: Bool
    /// The lowercased word without its possessive: what names and counts are keyed on.
    let nameKey: String
    /// A capitalised word of the lexicon that is never part of a name (an honorific, a
    /// month, "Congress"): looked up once here rather than at every name test.
    let isLexiconNonName: Bool
    /// "Dr", "Professor", "Mr" written capitalised.
    let isHonorific: Bool
    /// One of `SpeakerText.sentenceOpeners`: asked of nearly every token while names are found.
    let isSentenceOpener: Bool

    init(text: String, lower: String, isWord: Bool) {
        self.text = text
        self.lower = lower
        self.isWord = isWord
        let first = text.utf8.first ?? 0
        // An ASCII first letter is the whole first character unless a combining mark follows.
        if first < 0x80, text.utf8.dropFirst().first.map({ $0 < 0x80 }) ?? true {
            isCapitalized = first >= 65 && first <= 90
            isLowercaseWord = isWord && first >= 97 && first <= 122
        } else {
            isCapitalized = text.first.map { $0.isUppercase } ?? false
            isLowercaseWord = isWord && (text.first.map { $0.isLowercase } ?? false)
        }
        possessiveBase = Self.possessiveBase(of: text)
        isNameShaped = isWord && isCapitalized && NameReader.isNameShaped(possessiveBase ?? text)
        nameKey = possessiveBase?.lowercasedFast ?? lower
        isLexiconNonName = isNameShaped
            && (SpeakerLexicon.nonPersonFilter.mayContain(nameKey) && SpeakerLexicon.nonPerson.contains(nameKey)
                || SpeakerLexicon.honorificFilter.mayContain(nameKey) && SpeakerLexicon.honorifics.contains(nameKey))
        isHonorific = isWord && isCapitalized
            && SpeakerLexicon.honorificFilter.mayContain(lower) && SpeakerLexicon.honorifics.contains(lower)
        isSentenceOpener = SpeakerText.isSentenceOpener(text)
    }

    /// "Y.", "C.M.", "J."
    var isInitials: Bool { Self.isInitials(text) }

    static func isInitials(_ text: String) -> Bool {
        guard text.utf8.last == UInt8(ascii: ".") else { return false }
        if text.isASCII {
            // Bytes are Characters: capital, dot, capital, dot …
            var expectLetter = true
            for b in text.utf8 {
                if expectLetter { guard b >= 65 && b <= 90 else { return false } } else { guard b == UInt8(ascii: ".") else { return false } }
                expectLetter.toggle()
            }
            return text.utf8.count >= 2
        }
        guard text.count >= 2 else { return false }
        var expectLetter = true
        for c in text {
            if expectLetter { guard c.isUppercase else { return false } } else { guard c == "." else { return false } }
            expectLetter.toggle()
        }
        return expectLetter
    }

    private static func possessiveBase(of text: String) -> String? {
        let bytes = text.utf8
        guard let last = bytes.last, last == UInt8(ascii: "s") || last == UInt8(ascii: "'") || last >= 0x80 else { return nil }
        if text.isASCII {
            // The same tests as below, on bytes: no ’ can occur, and every byte is a Character.
            guard bytes.count > 2 else { return nil }
            let end = bytes.index(before: bytes.endIndex)
            if last == UInt8(ascii: "s"), bytes[bytes.index(before: end)] == UInt8(ascii: "'") { return String(text[..<bytes.index(before: end)]) }
            if last == UInt8(ascii: "'") { return String(text[..<end]) }
            return nil
        }
        for suffix in ["'s", "’s"] where text.hasSuffix(suffix) && text.count > 2 { return String(text.dropLast(2)) }
        if (text.hasSuffix("'") || text.hasSuffix("’")), text.count > 2 { return String(text.dropLast()) }
        return nil
    }
}


enum SpeakerText {
    /// Marks after which a capital letter may just open a sentence or a quotation.
    static let sentenceOpeners: Set<String> = [".", "!", "?", ":", ";", "\"", "“", "("]

    /// `sentenceOpeners.contains(text)` without hashing: each opener is one scalar, and the
    /// Greek question mark is canonically equivalent to ";", so String equality counts it too.
    static func isSentenceOpener(_ text: String) -> Bool {
        var scalars = text.unicodeScalars.makeIterator()
        guard let s = scalars.next(), scalars.next() == nil else { return false }
        switch s {
        case ".", "!", "?", ":", ";", "\"", "“", "(", "\u{037E}": return true
        default: return false
        }
    }
    static let closingQuotes: Set<String> = ["\"", "”", "’", "'"]
    private static let abbreviations: Set<String> = ["dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "rev", "mx", "vs", "ft", "feat", "ep", "pt", "vol"]

    /// Splits text into words and single punctuation marks. A word keeps inner apostrophes and
    /// hyphens, initials keep their dots ("C.M."), and "Dr." keeps its dot.
    static func tokenize(_ text: String) -> [SpeakerToken] {
        if text.isASCII { return tokenizeASCII(text) }
        let sc = text.scalarArray
        var out: [SpeakerToken] = []
        out.reserveCapacity(sc.count / 4)
        var i = 0
        @inline(__always) func isWordScalar(_ u: Unicode.Scalar) -> Bool {
            if u.isASCII {
                let v = u.value
                return (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57)
            }
            let p = u.properties
            return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
        }
        while i < sc.count {
            let c = sc[i]
            if c.isWhitespaceFast { i += 1; continue }
            if isWordScalar(c) || (c == "@" && i + 1 < sc.count && isWordScalar(sc[i + 1])) {
                var j = i + 1
                while j < sc.count {
                    let d = sc[j]
                    if isWordScalar(d) { j += 1; continue }
                    if d == "'" || d == "’" || d == "-" || d == "." || d == "&", j + 1 < sc.count, isWordScalar(sc[j + 1]) {
                        // "C.M" inside initials, "Fitz-Claridge", "O'Brien", "Q&A"; not "end.Next".
                        if d == ".", !(j - i == 1 && sc[i].isUppercaseFast) { break }
                        j += 1; continue
                    }
                    break
                }
                var word = String(scalars: sc[i..<j])
                if j < sc.count, sc[j] == "." {
                    if SpeakerToken.isInitials(word + ".") || abbreviations.contains(word.lowercasedFast) { word += "."; j += 1 }
                } else if j < sc.count, sc[j] == "'" || sc[j] == "’", word.utf8.last == UInt8(ascii: "s") {
                    // "Collins'" possessive
                    if j + 1 >= sc.count || !isWordScalar(sc[j + 1]) { word.unicodeScalars.append(sc[j]); j += 1 }
                }
                out.append(SpeakerToken(text: word, lower: word.lowercasedFast, isWord: true))
                i = j
            } else {
                let p = String(scalars: sc[i..<(i + 1)])
                out.append(SpeakerToken(text: p, lower: p, isWord: false))
                i += 1
            }
        }
        return out
    }

    /// `tokenize` for ASCII text, on its bytes: the same rules, where every byte is a scalar and
    /// no curly apostrophe can occur.
    private static func tokenizeASCII(_ text: String) -> [SpeakerToken] {
        var text = text
        return text.withUTF8 { b in
            var out: [SpeakerToken] = []
            out.reserveCapacity(b.count / 4)
            let n = b.count
            @inline(__always) func isWordByte(_ c: UInt8) -> Bool {
                (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
            }
            var i = 0
            while i < n {
                let c = b[i]
                if c == 32 || (c >= 9 && c <= 13) { i += 1; continue }
                if isWordByte(c) || (c == UInt8(ascii: "@") && i + 1 < n && isWordByte(b[i + 1])) {
                    var j = i + 1
                    while j < n {
                        let d = b[j]
                        if isWordByte(d) { j += 1; continue }
                        if d == UInt8(ascii: "'") || d == UInt8(ascii: "-") || d == UInt8(ascii: ".") || d == UInt8(ascii: "&"),
                           j + 1 < n, isWordByte(b[j + 1]) {
                            if d == UInt8(ascii: "."), !(j - i == 1 && b[i] >= 65 && b[i] <= 90) { break }
                            j += 1; continue
                        }
                        break
                    }
                    if j < n, b[j] == UInt8(ascii: ".") {
                        let withDot = String(decoding: UnsafeBufferPointer(rebasing: b[i..<(j + 1)]), as: UTF8.self)
                        let word = String(decoding: UnsafeBufferPointer(rebasing: b[i..<j]), as: UTF8.self)
                        if SpeakerToken.isInitials(withDot) || abbreviations.contains(word.lowercasedFast) { j += 1 }
                    } else if j < n, b[j] == UInt8(ascii: "'"), b[j - 1] == UInt8(ascii: "s"), j + 1 >= n || !isWordByte(b[j + 1]) {
                        j += 1  // "Collins'" possessive
                    }
                    let word = String(decoding: UnsafeBufferPointer(rebasing: b[i..<j]), as: UTF8.self)
                    out.append(SpeakerToken(text: word, lower: word.lowercasedFast, isWord: true))
                    i = j
                } else {
                    let p = String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + 1)]), as: UTF8.self)
                    out.append(SpeakerToken(text: p, lower: p, isWord: false))
                    i += 1
                }
            }
            return out
        }
    }

    /// Edit distance, for spelling variants of names (on Characters, unbounded).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        return NearestName.distance(x, y, limit: max(x.count, y.count))!
    }

    /// Lowercase letters only: the key names are compared on.
    static func key(_ s: String) -> String {
        guard s.isASCII else { return String(s.lowercased().filter { $0.isLetter }) }
        // In ASCII the letters are A-Z and a-z, and lowercasing touches nothing else.
        return String(unsafeUninitializedCapacity: s.utf8.count) { buffer in
            var n = 0
            for b in s.utf8 where (b | 0x20) >= 97 && (b | 0x20) <= 122 {
                buffer[n] = b | 0x20
                n += 1
            }
            return n
        }
    }

    static func commonPrefix(_ a: String, _ b: String) -> Int {
        var n = 0
        for (x, y) in zip(a, b) { if x == y { n += 1 } else { break } }
        return n
    }
}

/// How often each word is written capitalised mid-sentence and lowercase across a video's notes:
/// a word written lowercase more often than capitalised is a common word, not a name.
struct CapitalizationStats: Sendable {
    private struct Count: Sendable {
        /// Written lowercase.
        var lower = 0
        /// Written capitalised mid-sentence.
        var capital = 0
        /// Written capitalised somewhere, sentence starts included.
        var anywhere = false

        mutating func markCapitalized(midSentence: Bool) {
            if midSentence { capital += 1 }
            anywhere = true
        }
    }

    /// Per lowercased word, one entry: a capitalised word costs one hash, not a second for a set.
    private var counts: [String: Count] = [:]

    package mutating func add(_ tokens: [SpeakerToken]) {
        var sentenceStart = true
        for t in tokens {
            if !t.isWord {
                if t.isSentenceOpener { sentenceStart = true }
                continue
            }
            let w = t.nameKey
            if t.isLowercaseWord { counts[w, default: Count()].lower += 1 } else if t.isCapitalized {
                let midSentence = !sentenceStart
                counts[w, default: Count()].markCapitalized(midSentence: midSentence)
            }
            sentenceStart = false
        }
    }

    func capitalizedMidSentence(_ lowered: String) -> Bool { (counts[lowered]?.capital ?? 0) > 0 }

    /// Written lowercase or capitalised mid-sentence somewhere.
    func seen(_ lowered: String) -> Bool {
        guard let c = counts[lowered] else { return false }
        return c.lower > 0 || c.capital > 0
    }

    func isCommon(_ lowered: String) -> Bool {
        guard let c = counts[lowered] else { return false }
        return c.lower > 0 && c.lower >= c.capital
    }

    /// Written capitalised somewhere, sentence starts included.
    func isCapitalizedAnywhere(_ lowered: String) -> Bool { counts[lowered]?.anywhere ?? false }

    /// Every word written capitalised somewhere, in no particular order.
    var capitalizedWords: some Sequence<String> { counts.lazy.filter { $0.value.anywhere }.map(\.key) }
}

/// A person's name as read from text: the words kept, honorifics dropped.
package struct NameSpan: Hashable, Sendable {
    /// Token range in the sentence, honorifics included.
    var start: Int
    var end: Int
    var words: [String]
    var hadHonorific: Bool
    var possessive: Bool

    var text: String { words.joined(separator: " ") }
    /// A full name: two or more words, one of which is not an initial.
    var isFull: Bool { words.count >= 2 }
}

enum NameReader {
    /// A capitalised word that can be part of a person's name.
    static func isNameWord(_ t: SpeakerToken, stats: CapitalizationStats?) -> Bool {
        guard t.isNameShaped, !t.isLexiconNonName else { return false }
        if let stats, stats.isCommon(t.nameKey) { return false }
        return true
    }

    /// The spelling test of a name word, independent of context.
    static func isNameShaped(_ base: String) -> Bool {
        if base.isASCII { return isNameShapedASCII(base.utf8) }
        guard base.count >= 2, !base.hasPrefix("@") else { return false }
        guard base.contains(where: { $0.isLowercase }), !base.contains(where: { $0.isNumber }) else { return false }
        // "McAllister", "DeAndre" are fine; "OpenAI", "iPhone"-like mixed words with caps after position 2 are not.
        let uppers = base.dropFirst().filter { $0.isUppercase }.count
        if uppers > 0 {
            let parts = base.split(whereSeparator: { $0 == "-" || $0 == "'" || $0 == "’" })
            let ok = base.hasPrefix("Mc") || base.hasPrefix("Mac") || base.hasPrefix("De") || base.hasPrefix("Di")
                || base.hasPrefix("La") || base.hasPrefix("Le") || base.hasPrefix("Van") || base.hasPrefix("O'") || base.hasPrefix("O’")
                || parts.count > 1 && parts.allSatisfy { p in p.first!.isUppercase && p.dropFirst().allSatisfy { !$0.isUppercase } }
            if !ok || uppers > 1 && parts.count < 2 { return false }
        }
        // "Fitz-Claridge" yes, "Prize-winning" no.
        if base.contains("-"), base.split(separator: "-").contains(where: { !($0.first?.isUppercase ?? false) }) { return false }
        return true
    }

    /// `isNameShaped` for ASCII text, on bytes: the same tests, without Character.
    private static func isNameShapedASCII(_ b: String.UTF8View) -> Bool {
        @inline(__always) func upper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        @inline(__always) func lower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
        guard b.count >= 2, b.first != UInt8(ascii: "@") else { return false }
        guard b.contains(where: lower), !b.contains(where: { $0 >= 48 && $0 <= 57 }) else { return false }
        var uppers = 0
        for c in b.dropFirst() where upper(c) { uppers += 1 }
        if uppers > 0 {
            let parts = b.split(whereSeparator: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "'") })
            func has(_ prefix: String) -> Bool { b.starts(with: prefix.utf8) }
            let ok = has("Mc") || has("Mac") || has("De") || has("Di") || has("La") || has("Le") || has("Van") || has("O'")
                || parts.count > 1 && parts.allSatisfy { p in upper(p.first!) && !p.dropFirst().contains(where: upper) }
            if !ok || uppers > 1 && parts.count < 2 { return false }
        }
        if b.contains(UInt8(ascii: "-")), b.split(separator: UInt8(ascii: "-")).contains(where: { !upper($0.first!) }) { return false }
        return true
    }

    /// The name that starts at token `i` (honorifics skipped), or nil.
    /// A common word may open a name when a rarer name word follows ("Will Abernathy", "Grant Ellery"),
    /// except at the start of a sentence.
    static func name(at i: Int, in tokens: [SpeakerToken], stats: CapitalizationStats?, maxWords: Int = 4, commonFirst: Bool = false) -> NameSpan? {
        var j = i
        var honorific = false
        while j < tokens.count, tokens[j].isHonorific {
            honorific = true
            j += 1
            if j < tokens.count, tokens[j].text == "." { j += 1 }
        }
        var words: [String] = []
        var hasNameWord = false
        var possessive = false
        if commonFirst, j + 1 < tokens.count, tokens[j].isWord, tokens[j].isCapitalized, tokens[j].possessiveBase == nil,
           !isNameWord(tokens[j], stats: stats), isNameWord(tokens[j], stats: nil), isNameWord(tokens[j + 1], stats: stats) {
            words.append(tokens[j].text)
            j += 1
        }
        while j < tokens.count, words.count < maxWords {
            let t = tokens[j]
            if isNameWord(t, stats: stats) {
                if let base = t.possessiveBase { words.append(base); possessive = true; hasNameWord = true; j += 1; break }
                words.append(t.text); hasNameWord = true; j += 1; continue
            }
            if t.isInitials, t.text.count <= 6 {
                // An initial needs a name word before or after it ("J. Robert Quill", "Bo Y.").
                let next = j + 1 < tokens.count && isNameWord(tokens[j + 1], stats: stats)
                if hasNameWord || next { words.append(t.text); j += 1; continue }
                break
            }
            if hasNameWord, t.isLowercaseWord, SpeakerLexicon.particles.contains(t.lower),
               j + 1 < tokens.count, isNameWord(tokens[j + 1], stats: stats) {
                words.append(t.text); j += 1; continue
            }
            break
        }
        guard hasNameWord else { return nil }
        // A trailing word in a long capitalised run is more likely an organisation than a surname.
        return NameSpan(start: i, end: j, words: words, hadHonorific: honorific, possessive: possessive)
    }
}
