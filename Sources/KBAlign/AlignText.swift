import KBModel

/// The words a claim and a transcript passage are compared by (docs/verify.md, "Scoring"):
/// lower-cased words without function words or the notes' reporting verbs, cut to a crude
/// common stem, and numbers as digits whether written as digits or as words, so that
/// "$4-5 billion" and "four to five billion" share `4`, `5` and `billion`.
public enum AlignText {
    /// Stems and numbers of `text`, in order (repeats kept).
    public static func terms(_ text: String) -> [String] {
        var reader = Reader()
        return reader.terms(text)
    }

    /// `terms(text)` with repeats dropped, each where it first appears. The order is fixed so
    /// that scores, summed over terms in this order, come out the same to the last bit on every
    /// run: a `Set`'s order changes from process to process, and with it which of two windows
    /// (or two copies of a transcript) scoring alike won.
    public static func distinctTerms(_ text: String) -> [String] {
        var reader = Reader()
        return reader.distinctTerms(text)
    }

    /// Reads terms, keeping what each word read as: one aligner reads a video's passages and
    /// claims with one reader.
    ///
    /// Why: a transcript says the same few thousand words over and over, and reading a word
    /// (three table lookups, then the stemmer) was most of aligning the shared corpus;
    /// remembered, it is one lookup. `readerReadsAsTheRulesDo` checks a reader against
    /// the rules word by word.
    ///
    /// Terms are numbered as they are first met (`termNumbers`), so that the aligner indexes
    /// and compares integers: a term's string was hashed three or four times more per word
    /// (a set to drop repeats, the transcript's vocabulary), a fifth of aligning the shared
    /// corpus (profiled). Words are looked up by their bytes (`WordTable`), so a word met
    /// before costs no string; the hashing of strings was most of what was left. Both are
    /// checked by `readerReadsAsTheRulesDo` and, over the shared corpus's passages and claims,
    /// `aligningsShortcutsGiveWhatTheRulesGive`.
    public struct Reader {
        private var readings = WordTable()
        /// Every term met so far, by its number.
        private(set) var names: [String] = []
        /// Each term's number.
        private(set) var numbers: [String: Int] = [:]
        /// Whether the term numbered so is a number (it weighs more).
        private var numeric: [Bool] = []
        /// For dropping repeats: the pass in which each term was last met.
        private var lastPass: [UInt32] = []
        private var pass: UInt32 = 0

        public init() {}

        /// What a word stands for in `terms`, its terms numbered.
        enum Reading: Equatable {
            /// A number word: "twenty", "five", "hundred".
            case numberWord(Double)
            /// Anything else: a stem, a scale or percent, the terms of digits; none for a
            /// function word, a reporting verb or a single letter. Either ends a number read
            /// from number words.
            case one(Int)
            case terms([Int])
        }

        /// What a lower-cased word reads as by the rules, before terms are numbered: a number
        /// word's value, or its terms.
        static func read(_ raw: String) -> (numberWord: Double?, terms: [String]) {
            if let value = numberWords[raw] { return (value, []) }
            if let scale = scales[raw] { return (nil, [scale]) }
            if raw.first?.isNumber == true { return (nil, digitTerms(raw)) }
            guard raw.count > 1, !stopwords.contains(raw) else { return (nil, []) }
            return (nil, [stem(raw)])
        }

        /// The number of `term`, numbering it if it is new.
        mutating func number(_ term: String) -> Int {
            if let known = numbers[term] { return known }
            let n = names.count
            names.append(term)
            numbers[term] = n
            numeric.append(term.first?.isNumber == true)
            return n
        }

        /// Whether the term numbered `term` is a number.
        func isNumber(_ term: Int) -> Bool { numeric[term] }

        /// The reading of the lower-cased word spelt by `word`, remembered.
        mutating func reading(_ word: UnsafeBufferPointer<UInt8>) -> Reading {
            let hash = WordTable.hash(word)
            if let known = readings.find(word, hash: hash) { return known }
            let rule = Self.read(String(decoding: word, as: UTF8.self))
            let r: Reading
            if let value = rule.numberWord {
                r = .numberWord(value)
            } else if rule.terms.count == 1 {
                r = .one(number(rule.terms[0]))
            } else {
                r = .terms(rule.terms.map { number($0) })
            }
            readings.insert(word, hash: hash, reading: r)
            return r
        }

        mutating func reading(_ raw: String) -> Reading {
            var raw = raw
            return raw.withUTF8 { reading($0) }
        }

        /// As `AlignText.terms`, each term as its number.
        mutating func termNumbers(_ text: String) -> [Int] {
            var out: [Int] = []
            var pendingNumber: Double?
            func add(_ r: Reading, _ reader: inout Reader) {
                switch r {
                case .numberWord(let value):
                    let (done, next) = joinNumber(pendingNumber, value)
                    if let done { out.append(reader.number(numberTerm(done))) }
                    pendingNumber = next
                case .one(let term):
                    if let n = pendingNumber { out.append(reader.number(numberTerm(n))) }
                    pendingNumber = nil
                    out.append(term)
                case .terms(let terms):
                    if let n = pendingNumber { out.append(reader.number(numberTerm(n))) }
                    pendingNumber = nil
                    out += terms
                }
            }
            // Each word looked up where it lies, without a string made from it.
            var text = text
            let ascii = text.withUTF8 { bytes in forEachASCIIWord(bytes) { add(reading($0), &self) } }
            if !ascii {
                for raw in scalarWords(text) { add(reading(raw), &self) }
            }
            if let n = pendingNumber { out.append(number(numberTerm(n))) }
            return out
        }

        /// `termNumbers` with repeats dropped, each where it first appears.
        mutating func distinctTermNumbers(_ text: String) -> [Int] {
            let all = termNumbers(text)
            if lastPass.count < names.count { lastPass += repeatElement(0, count: names.count - lastPass.count) }
            if pass == .max {
                for i in lastPass.indices { lastPass[i] = 0 }
                pass = 0
            }
            pass += 1
            var out: [Int] = []
            out.reserveCapacity(all.count)
            for term in all where lastPass[term] != pass {
                lastPass[term] = pass
                out.append(term)
            }
            return out
        }

        /// As `AlignText.terms`.
        public mutating func terms(_ text: String) -> [String] {
            termNumbers(text).map { names[$0] }
        }

        /// As `AlignText.distinctTerms`.
        public mutating func distinctTerms(_ text: String) -> [String] {
            distinctTermNumbers(text).map { names[$0] }
        }
    }

    /// The words a reader has read, by their bytes: open addressing over one byte store, so
    /// that looking a word up needs no string made from it and no seeded hash of one.
    struct WordTable {
        private var slots = [Int32](repeating: -1, count: 1 << 12)
        private var hashes: [UInt64] = []
        private var starts: [Int] = []
        private var lengths: [Int] = []
        private var store: [UInt8] = []
        private var readings: [Reader.Reading] = []

        /// FNV-1a over the bytes, then mixed (so the low bits that pick a slot depend on all of them).
        static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in word { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            h ^= h >> 33
            h = h &* 0xff51_afd7_ed55_8ccd
            h ^= h >> 33
            return h
        }

        func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Reader.Reading? {
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let e = Int(slots[i])
                if e < 0 { return nil }
                if hashes[e] == hash, lengths[e] == word.count, same(e, word) { return readings[e] }
                i = (i + 1) & mask
            }
        }

        private func same(_ e: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            store.withUnsafeBufferPointer { s in
                for k in 0..<word.count where s[starts[e] + k] != word[k] { return false }
                return true
            }
        }

        mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, reading: Reader.Reading) {
            let e = readings.count
            hashes.append(hash)
            starts.append(store.count)
            lengths.append(word.count)
            store.append(contentsOf: word)
            readings.append(reading)
            if readings.count * 2 > slots.count {
                slots = [Int32](repeating: -1, count: slots.count * 2)
                for k in 0..<readings.count { place(k) }
            } else {
                place(e)
            }
        }

        private mutating func place(_ e: Int) {
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(e)
        }
    }

    /// Lower-case words: letters, digits and the `.`/`,` inside numbers; `$`, `%` and `-` split.
    static func words(_ text: String) -> [String] {
        var text = text
        return text.withUTF8(asciiWords) ?? scalarWords(text)
    }

    /// `words` for text of ASCII and right single quotes, read byte by byte; nil for any
    /// other text. Why: most transcripts are ASCII, and building words a scalar at a time
    /// was a third of reading terms. `asciiWordsAreTheScalarWords` checks both ways agree.
    static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var out: [String] = []
        let ascii = forEachASCIIWord(bytes) { out.append(String(decoding: $0, as: UTF8.self)) }
        return ascii ? out : nil
    }

    /// Calls `body` with the bytes of each word of `asciiWords`, lower-cased, in order; false,
    /// without calling it, for text that holds any byte above ASCII but U+2019's (E2 80 99,
    /// read as an apostrophe): such text is read the scalar way.
    @discardableResult
    static func forEachASCIIWord(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            if bytes[i] >= 0x80 {
                guard bytes[i] == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x99 else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, n)) { word in
            var length = 0
            func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
            func endWord() {
                if length > 0 { body(UnsafeBufferPointer(rebasing: word[0..<length])) }
                length = 0
            }
            var i = 0
            while i < n {
                let b = bytes[i]
                if b >= 0x80 {
                    i += 3  // U+2019: an apostrophe, as 0x27 below
                    continue
                }
                if b >= 0x61 && b <= 0x7A || isDigit(b) {
                    word[length] = b
                    length += 1
                } else if b >= 0x41 && b <= 0x5A {
                    word[length] = b + 0x20
                    length += 1
                } else if b == 0x2E || b == 0x2C, length > 0, isDigit(word[length - 1]), i + 1 < n, isDigit(bytes[i + 1]) {
                    word[length] = b
                    length += 1
                } else if b == 0x27 {
                    // "don't" → "dont"; "Grant's" → "grants"
                } else {
                    endWord()
                    if b == 0x25 { Self.percent.withUnsafeBufferPointer { body($0) } }
                }
                i += 1
            }
            endWord()
        }
        return true
    }

    private static let percent = Array("percent".utf8)

    /// `words`, a Unicode scalar at a time.
    static func scalarWords(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let scalars = Array(text.lowercased().unicodeScalars)
        // ASCII answered by ranges: Unicode's property tables were a tenth of aligning a corpus.
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.isASCII ? ("0"..."9").contains(s) : s.properties.numericType != nil }
        func isLetter(_ s: Unicode.Scalar) -> Bool { s.isASCII ? ("a"..."z").contains(s) || ("A"..."Z").contains(s) : s.properties.isAlphabetic }
        for (i, s) in scalars.enumerated() {
            let isDigitJoin = (s == "." || s == ",") && !current.isEmpty && isDigit(current.unicodeScalars.last!)
                && i + 1 < scalars.count && isDigit(scalars[i + 1])
            if isLetter(s) || isDigit(s) || isDigitJoin {
                current.unicodeScalars.append(s)
            } else if s == "'" || s == "\u{2019}" {
                continue  // "don't" → "dont"; "Grant's" → "grants"
            } else {
                if !current.isEmpty { out.append(current) }
                current = ""
                if s == "%" { out.append("percent") }
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Number words read as one number: "twenty five" → 25, "four hundred" → 400 (scale
    /// words stay words too). Given the number read so far and the next number word's value:
    /// the number that is complete (if any) and the one read so far after it.
    static func joinNumber(_ pending: Double?, _ value: Double) -> (done: Double?, pending: Double) {
        if let n = pending, value < 10, n >= 20, n.truncatingRemainder(dividingBy: 10) == 0 { return (nil, n + value) }
        if let n = pending, value == 100, n < 100 { return (nil, n * 100) }
        return (pending, value)
    }

    /// `4.5bn` → ["4.5", "billion"]; `1,200` → ["1200"]; `2023` → ["2023"]; `10x` → ["10"].
    static func digitTerms(_ raw: String) -> [String] {
        let digits = raw.prefix { $0.isNumber || $0 == "." || $0 == "," }
        let rest = String(raw.dropFirst(digits.count))
        var out: [String] = []
        if let value = Double(digits.replacingOccurrences(of: ",", with: "")) { out.append(numberTerm(value)) }
        switch rest {
        case "k": out.append("thousand")
        case "m", "mm": out.append("million")
        case "b", "bn": out.append("billion")
        case "t", "tn": out.append("trillion")
        default: break
        }
        return out
    }

    static func numberTerm(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The stem both sides are compared by: Porter's (PorterStemmer.swift), as the search
    /// index stems, for words of ASCII letters; for others a few common endings cut when the
    /// rest keeps three letters.
    static func stem(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return PorterStemmer.stem(word) }
        var w = word
        for suffix in ["ations", "ation", "ingly", "ings", "ing", "edly", "ers", "ies", "ied", "ed", "es", "er", "ly", "s", "e"] {
            if w.hasSuffix(suffix), w.count - suffix.count >= 3 {
                w.removeLast(suffix.count)
                if suffix == "ies" || suffix == "ied" { w += "y" }
                break
            }
        }
        return w
    }

    static let numberWords: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5, "dozen": 12,
    ]

    static let scales: [String: String] = [
        "thousand": "thousand", "million": "million", "millions": "million", "billion": "billion", "billions": "billion",
        "trillion": "trillion", "percent": "percent", "bn": "billion",
    ]

    /// Function words, and the words notes use to report speech rather than its content.
    static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "then", "than", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "onto", "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
        "have", "has", "had", "having", "it", "its", "this", "that", "these", "those", "there", "here", "he", "she", "they",
        "them", "their", "his", "her", "him", "we", "us", "our", "you", "your", "i", "me", "my", "who", "whom", "which",
        "what", "when", "where", "why", "how", "not", "no", "can", "could", "would", "should", "will", "shall", "may",
        "might", "must", "also", "just", "very", "really", "more", "most", "such", "some", "any", "all", "each", "other",
        "both", "only", "own", "same", "too", "over", "under", "after", "before", "because", "while", "during", "through",
        "up", "down", "out", "off", "again", "further", "once", "like", "even", "much", "many", "way", "thing", "things",
        "get", "gets", "got", "make", "makes", "made", "lot", "kind", "sort", "actually", "basically", "yeah", "okay",
        "well", "going", "know", "think", "mean", "said", "say", "says", "saying", "argues", "argued", "argue", "explains",
        "explained", "explain", "notes", "noted", "highlights", "highlighted", "highlight", "emphasizes", "emphasized",
        "emphasises", "stresses", "stressed", "believes", "believe", "believed", "suggests", "suggested", "suggest",
        "describes", "described", "discusses", "discussed", "mentions", "mentioned", "points", "pointed", "states",
        "stated", "observes", "observed", "according", "recounts", "shares", "shared", "adds", "added", "recalls",
        "recalled", "claims", "claimed", "asserts", "contends", "cautions", "warns", "warned", "notes", "illustrates",
        "underscores", "acknowledges", "concedes", "reflects", "advises", "recommends", "compares", "describe", "uses",
    ]
}
