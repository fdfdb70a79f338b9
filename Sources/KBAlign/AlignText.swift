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
    public struct Reader {
        private var readings: [String: Reading] = [:]

        public init() {}

        /// What a word stands for in `terms`.
        enum Reading: Equatable {
            /// A number word: "twenty", "five", "hundred".
            case numberWord(Double)
            /// A scale or percent: its term.
            case scale(String)
            /// Digits, perhaps with a suffix: their terms.
            case digits([String])
            /// A function word, a reporting verb or a single letter.
            case skipped
            case stem(String)
        }

        /// The reading of a lower-cased word (the rules, not the memory).
        static func read(_ raw: String) -> Reading {
            if let value = numberWords[raw] { return .numberWord(value) }
            if let scale = scales[raw] { return .scale(scale) }
            if raw.first?.isNumber == true { return .digits(digitTerms(raw)) }
            guard raw.count > 1, !stopwords.contains(raw) else { return .skipped }
            return .stem(stem(raw))
        }

        mutating func reading(_ raw: String) -> Reading {
            if let known = readings[raw] { return known }
            let r = Self.read(raw)
            readings[raw] = r
            return r
        }

        /// As `AlignText.terms`.
        public mutating func terms(_ text: String) -> [String] {
            var out: [String] = []
            var pendingNumber: Double?
            func flushNumber() {
                if let n = pendingNumber { out.append(numberTerm(n)) }
                pendingNumber = nil
            }
            for raw in words(text) {
                switch reading(raw) {
                case .numberWord(let value):
                    let (done, next) = joinNumber(pendingNumber, value)
                    if let done { out.append(numberTerm(done)) }
                    pendingNumber = next
                case .scale(let term):
                    flushNumber()
                    out.append(term)
                case .digits(let terms):
                    flushNumber()
                    out += terms
                case .skipped:
                    flushNumber()
                case .stem(let term):
                    flushNumber()
                    out.append(term)
                }
            }
            flushNumber()
            return out
        }

        /// As `AlignText.distinctTerms`.
        public mutating func distinctTerms(_ text: String) -> [String] {
            var seen = Set<String>()
            return terms(text).filter { seen.insert($0).inserted }
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
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b >= 0x80 {
                // U+2019 (E2 80 99), read as an apostrophe; anything else: the scalar way.
                guard b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x99 else { return nil }
                i += 3
                continue
            }
            if b >= 0x61 && b <= 0x7A || isDigit(b) {
                word.append(b)
            } else if b >= 0x41 && b <= 0x5A {
                word.append(b + 0x20)
            } else if (b == 0x2E || b == 0x2C), let last = word.last, isDigit(last), i + 1 < n, isDigit(bytes[i + 1]) {
                word.append(b)
            } else if b == 0x27 {
                // "don't" → "dont"; "Grant's" → "grants"
            } else {
                if !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll(keepingCapacity: true)
                if b == 0x25 { out.append("percent") }
            }
            i += 1
        }
        if !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)) }
        return out
    }

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
