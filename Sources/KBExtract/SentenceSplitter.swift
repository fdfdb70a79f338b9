import KBModel
import KBMarkdown
/// Splits prose into sentences without breaking at "Jon Y.", "U.S.", "e.g.", "vs.",
/// "Dr.", "$2.15", "1.1", "No. 1", ellipses or inside quotations.
public enum SentenceSplitter {
    /// Words that end with a period but rarely end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "nos", "vs", "v", "fig", "figs",
        "approx", "inc", "corp", "ltd", "co", "mt", "gen", "sen", "rep", "gov", "lt", "col", "capt",
        "sgt", "est", "dept", "univ", "vol", "pp", "ca", "cf", "al", "op", "ed", "eds", "rev", "hon",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "sr", "sra", "dra", "ph", "mx",
    ]

    /// Splits `text` into trimmed sentences.
    public static func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var starts = [0] + boundaries(scalars)
        starts.append(scalars.count)
        var out: [String] = []
        for k in 0..<(starts.count - 1) {
            let s = String(scalars: scalars[starts[k]..<starts[k + 1]]).trimmingWhitespace
            if !s.isEmpty { out.append(s) }
        }
        return out
    }

    /// Offsets at which a new sentence starts (the first sentence's 0 excluded).
    ///
    /// `citations` are offsets where a citation stood: a citation between the
    /// punctuation and the next word ends the sentence whatever follows ("… needs
    /// [cite]. xAI …").
    package static func boundaries(_ s: [Unicode.Scalar], citations: Set<Int> = []) -> [Int] {
        let n = s.count
        let depth = quoteDepths(s)
        var result: [Int] = []
        var i = 0
        while i < n {
            let c = s[i]
            guard c == "." || c == "!" || c == "?" || c == "।" || c == "。" else { i += 1; continue }
            if !citations.isEmpty {
                // Closers stand right after the mark; once white space is passed, a quote
                // opens the next sentence ('strategic." [cite] "If you …').
                var k = i + 1
                while k < n, isCloser(s[k]) { k += 1 }
                while k < n, s[k].isWhitespaceFast { k += 1 }
                // A citation before the mark ends the sentence whatever follows ("needs
                // [cite]. xAI"); one after it only when the next word is not lower case
                // ('"Find?" [cite] and his').
                let before = citations.contains(i)
                let after = k < n && (i + 1...k).contains(where: citations.contains) && !s[k].isLowercaseFast
                if k < n, k > i + 1 || s[i + 1].isWhitespaceFast, before || after {
                    result.append(k)
                    i = k
                    continue
                }
            }
            if c == "." && ((i + 1 < n && s[i + 1] == ".") || (i > 0 && s[i - 1] == ".")) {
                i += 1
                continue  // an ellipsis
            }
            var j = i + 1
            while j < n, isCloser(s[j]) { j += 1 }
            guard j < n, s[j].isWhitespaceFast else { i = j; continue }
            var k = j
            while k < n, s[k].isWhitespaceFast { k += 1 }
            guard k < n else { break }
            if !depth.isEmpty, depth[j] > 0 { i = k; continue }
            guard startsSentence(s, at: k) || c == "।" || c == "。" else { i = k; continue }
            if c == ".", !endsSentence(wordBefore: s, dot: i) { i = k; continue }
            result.append(k)
            i = k
        }
        return result
    }

    private static func isCloser(_ c: Unicode.Scalar) -> Bool {
        c == "\"" || c == "'" || c == "”" || c == "’" || c == ")" || c == "]" || c == "»" || c == "*" || c == "_"
    }

    private static func startsSentence(_ s: [Unicode.Scalar], at k: Int) -> Bool {
        var k = k
        while k < s.count, "\"“‘'([¿¡*_«".unicodeScalars.contains(s[k]) { k += 1 }
        guard k < s.count else { return false }
        let p = s[k].properties
        if p.isUppercase || TimeText.digit(s[k]) != nil { return true }
        // Scripts without case (Devanagari, CJK) start sentences with any letter.
        return p.isAlphabetic && !p.isLowercase && !p.changesWhenUppercased
    }

    /// Whether the period at `dot` ends a sentence, judged by the word before it.
    private static func endsSentence(wordBefore s: [Unicode.Scalar], dot: Int) -> Bool {
        var b = dot
        while b > 0, !s[b - 1].isWhitespaceFast { b -= 1 }
        var word = Array(s[b..<dot])
        while let f = word.first, "\"“‘'([*_".unicodeScalars.contains(f) { word.removeFirst() }
        guard !word.isEmpty else { return true }
        if word.count == 1, word[0].isUppercaseFast { return false }  // an initial: "Jon Y."
        if word.contains(".") {
            // "U.S", "e.g", "C.M", "a.m": dotted letters.
            let parts = word.split(separator: ".")
            if parts.allSatisfy({ $0.count <= 2 && $0.allSatisfy { $0.isAlphabeticFast } }) { return false }
        }
        let lower = String(scalars: word).lowercased()
        return !abbreviations.contains(lower)
    }

    /// For each offset, how many quotations are open there. Straight double quotes
    /// count only when they pair up within the text, so one stray quote cannot
    /// swallow the rest of a paragraph. Empty when the text has no quotation marks (all zero).
    private static func quoteDepths(_ s: [Unicode.Scalar]) -> [Int] {
        var straight = 0, curlyOpen = 0, curlyClose = 0
        for c in s {
            if c == "\"" { straight += 1 } else if c == "“" { curlyOpen += 1 } else if c == "”" { curlyClose += 1 }
        }
        // Most paragraphs quote no one: no depth is ever above zero.
        guard straight + curlyOpen + curlyClose > 0 else { return [] }
        var depths = [Int](repeating: 0, count: s.count + 1)
        let useStraight = straight % 2 == 0
        let useCurly = curlyOpen == curlyClose
        var inStraight = false
        var curly = 0
        for (i, c) in s.enumerated() {
            if useStraight, c == "\"" { inStraight.toggle() }
            if useCurly, c == "“" { curly += 1 }
            if useCurly, c == "”" { curly = max(0, curly - 1) }
            depths[i + 1] = (inStraight ? 1 : 0) + curly
        }
        return depths
    }
}
