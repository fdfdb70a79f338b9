import KBModel
import KBMarkdown
/// A token of claim text for figure extraction; offsets are Unicode scalar offsets.
struct FigureToken: Sendable {
    enum Kind: Sendable { case number, word, symbol, name, skip }

    var kind: Kind
    var start: Int
    var end: Int
    var text: String
    /// Lowercased `text` without a trailing possessive.
    var lower: String
    /// Numeric value for numbers (scientific notation already applied).
    var value: Double = 0
    /// Letters glued after the digits ("GB" in "80GB", "B" in "910B").
    var suffix: String = ""
    var hasComma = false
    var hasDecimal = false
    var isScientific = false
    /// Count of digits before any decimal point, commas excluded.
    var intDigits = 0
    /// Whitespace precedes the token.
    var spaceBefore = false
    /// Set by masking: the token belongs to a name, label, ordinal or date and is not a figure.
    var masked = false
    var possessive = false
    /// The first scalar of `text` is uppercase; set with `text`, because masking and parsing ask for nearly every token.
    var startsUppercase = false
    /// Some scalar of `text` is uppercase.
    var hasUppercase = false
    /// What the lexicon says about `lower`, looked up once when the token is made; empty unless a word.
    var lex = FigureLexicon.Word()

    var isNumber: Bool { kind == .number }
    var isWord: Bool { kind == .word }
    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
    var isCapitalized: Bool { kind == .word && startsUppercase }

    /// Sets `text`, `lower` and the case facts from `s[a..<b]`.
    mutating func spell(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) {
        text = FigureTokenizer.text(s, a, b)
        startsUppercase = a < b && s[a].isUppercaseFast
        hasUppercase = false
        for k in a..<b where s[k].isUppercaseFast { hasUppercase = true; break }
        // ASCII text (one byte per scalar) without capitals is its own lowercase.
        lower = !hasUppercase && text.utf8.count == b - a ? text : text.lowercasedFast
    }
}

/// Splits text into numbers, words and symbols in one pass over its scalars.
///
/// Numbers absorb thousands separators, decimals, `1e27`, `10^27`, `1×10^27` and superscript
/// exponents; letters glued to digits become a suffix. URLs, slugs (`a_b_c`), timestamps and
/// letter-led alphanumerics (`H100`, `x86`) become single tokens so later stages can skip them.
enum FigureTokenizer {
    @inline(__always) static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    @inline(__always) static func isLetter(_ c: Unicode.Scalar) -> Bool { c.isAlphabeticFast && !isDigit(c) }
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool { c.isWhitespaceFast }
    static let superscripts: [Unicode.Scalar: Int] = [
        "⁰": 0, "¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9,
    ]

    static func tokenize(_ s: [Unicode.Scalar]) -> [FigureToken] {
        var out: [FigureToken] = []
        out.reserveCapacity(s.count / 4)
        var i = 0
        var space = true
        let n = s.count
        func str(_ a: Int, _ b: Int) -> String { text(s, a, b) }
        /// `p` is ASCII.
        func startsWith(_ k: Int, _ p: StaticString) -> Bool {
            let m = p.utf8CodeUnitCount
            guard k + m <= n else { return false }
            for j in 0..<m where s[k + j].value != UInt32(p.utf8Start[j]) { return false }
            return true
        }
        func skipToken(_ a: Int, _ b: Int) {
            var tok = FigureToken(kind: .skip, start: a, end: b, text: "", lower: "", spaceBefore: space, masked: true)
            tok.spell(s, a, b)
            tok.lower = tok.text
            out.append(tok)
        }

        while i < n {
            let c = s[i]
            if isSpace(c) { space = true; i += 1; continue }
            let start = i
            // URLs and domains run to the next space.
            if c == "h" || c == "w", startsWith(i, "http://") || startsWith(i, "https://") || startsWith(i, "www.") {
                while i < n, !isSpace(s[i]) { i += 1 }
                skipToken(start, i); space = false; continue
            }
            if isDigit(c) {
                // Timestamps: digits ':' digits (':' digits).
                var j = i
                while j < n, isDigit(s[j]) { j += 1 }
                if j + 2 < n, s[j] == ":", isDigit(s[j + 1]), isDigit(s[j + 2]), j - i <= 2 {
                    var k = j
                    while k < n, s[k] == ":" || isDigit(s[k]) { k += 1 }
                    skipToken(start, k); i = k; space = false; continue
                }
                var tok = readNumber(s, &i)
                tok.spaceBefore = space
                // Letters glued to the digits.
                var j2 = i
                while j2 < n, isLetter(s[j2]) || s[j2] == "µ" { j2 += 1 }
                if j2 > i {
                    // "FLOP/s" after a glued prefix unit stays one suffix.
                    var suffixEnd = j2
                    if startsWith(j2, "/s"), !(j2 + 2 < n && isLetter(s[j2 + 2])), str(i, j2).hasSuffix("FLOP") { suffixEnd = j2 + 2 }
                    tok.suffix = str(i, suffixEnd)
                    i = suffixEnd
                    // Letters then digits again ("3x4", "5G2"), or slugs: not a figure.
                    if i < n, isDigit(s[i]) || s[i] == "_" {
                        while i < n, !isSpace(s[i]), isLetter(s[i]) || isDigit(s[i]) || s[i] == "_" { i += 1 }
                        tok.kind = .name; tok.masked = true
                    }
                }
                // Domains ("14.ai") and slugs ("x_1").
                if i + 1 < n, s[i] == ".", isLetter(s[i + 1]), tok.suffix.isEmpty {
                    var k = i + 1
                    while k < n, isLetter(s[k]) || isDigit(s[k]) { k += 1 }
                    // A lowercase TLD right after digits with no space: "14.ai".
                    if ["ai", "com", "io", "org", "net", "co", "app", "dev", "xyz", "gg", "so", "me", "tv"].contains(str(i + 1, k)) {
                        i = k; tok.kind = .name; tok.masked = true
                    }
                }
                if i < n, s[i] == "_" {
                    while i < n, !isSpace(s[i]) { i += 1 }
                    tok.kind = .skip; tok.masked = true
                }
                tok.end = i
                tok.spell(s, start, i)
                out.append(tok)
                space = false
                continue
            }
            if isLetter(c) {
                var j = i
                var hasDigit = false
                var underscore = false
                while j < n {
                    let d = s[j]
                    if isLetter(d) { j += 1; continue }
                    if isDigit(d) { hasDigit = true; j += 1; continue }
                    if d == "_" { underscore = true; j += 1; continue }
                    // Apostrophes inside a word ("don't"); a possessive 's is split off below.
                    if (d == "'" || d == "’"), j + 1 < n, isLetter(s[j + 1]) { j += 1; continue }
                    break
                }
                if underscore {
                    while j < n, !isSpace(s[j]) { j += 1 }
                    skipToken(start, j); i = j; space = false; continue
                }
                var tok = FigureToken(kind: hasDigit ? .name : .word, start: start, end: j, text: "", lower: "",
                                      spaceBefore: space, masked: hasDigit)
                tok.spell(s, start, j)
                // The scalar test is a cheap necessary condition for the Character-wise suffix test.
                if j - start >= 2, s[j - 1] == "s", s[j - 2] == "'" || s[j - 2] == "’",
                   tok.text.hasSuffix("'s") || tok.text.hasSuffix("’s") {
                    tok.possessive = true
                    tok.lower = String(tok.lower.dropLast(2))
                }
                if !hasDigit { tok.lex = FigureLexicon.word(tok.lower) }
                out.append(tok)
                i = j; space = false
                continue
            }
            // Symbols, one scalar each.
            let t = String(c)
            out.append(FigureToken(kind: .symbol, start: start, end: i + 1, text: t, lower: t, spaceBefore: space))
            i += 1
            space = false
        }
        return out
    }

    /// `s[a..<b]` as a String, lowercased on request.
    static func text(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, lowercase: Bool = false) -> String {
        let text = String(scalars: s[a..<b])
        return lowercase ? text.lowercasedFast : text
    }

    /// Reads digits with separators, a decimal part and an exponent; `i` ends after the number.
    static func readNumber(_ s: [Unicode.Scalar], _ i: inout Int) -> FigureToken {
        let n = s.count
        let start = i
        var value = 0.0
        var intDigits = 0
        var comma = false
        while i < n {
            if isDigit(s[i]) { value = value * 10 + Double(s[i].value - 48); intDigits += 1; i += 1; continue }
            // A thousands separator is followed by exactly three digits.
            if s[i] == ",", i + 3 < n, isDigit(s[i + 1]), isDigit(s[i + 2]), isDigit(s[i + 3]),
               i + 4 >= n || !isDigit(s[i + 4]) {
                comma = true; i += 1; continue
            }
            break
        }
        var decimal = false
        if i + 1 < n, s[i] == ".", isDigit(s[i + 1]) {
            decimal = true
            i += 1
            var scale = 0.1
            while i < n, isDigit(s[i]) {
                value += Double(s[i].value - 48) * scale
                scale /= 10
                i += 1
            }
            // Version-like "3.1.4" is not a number.
            if i + 1 < n, s[i] == ".", isDigit(s[i + 1]) {
                while i < n, isDigit(s[i]) || s[i] == "." { i += 1 }
                return FigureToken(kind: .name, start: start, end: i, text: "", lower: "", masked: true)
            }
        }
        var sci = false
        // 1e27, 1E+27: an exponent not followed by more letters.
        if i + 1 < n, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            var neg = false
            if j < n, s[j] == "+" || s[j] == "-" { neg = s[j] == "-"; j += 1 }
            let ds = j
            var e = 0
            while j < n, isDigit(s[j]) { e = e * 10 + Int(s[j].value - 48); j += 1 }
            if j > ds, j - ds <= 3, j >= n || !isLetter(s[j]) {
                value *= pow10(neg ? -e : e)
                sci = true
                i = j
            }
        }
        // 10^27, 10^{27}, 10²⁷.
        if !sci, value == 10, !decimal, let e = readPowerOfTen(s, &i) {
            value = pow10(e); sci = true
        }
        // 1×10^27, 1.5 x 10^27, 2*10^9.
        if !sci {
            var j = i
            while j < n, s[j] == " " { j += 1 }
            if j < n, s[j] == "×" || s[j] == "x" || s[j] == "*" || s[j] == "·" {
                var k = j + 1
                while k < n, s[k] == " " { k += 1 }
                if k + 1 < n, s[k] == "1", s[k + 1] == "0" {
                    var m = k + 2
                    if let e = readPowerOfTen(s, &m) {
                        value *= pow10(e); sci = true; i = m
                    }
                }
            }
        }
        return FigureToken(kind: .number, start: start, end: i, text: "", lower: "", value: value,
                           hasComma: comma, hasDecimal: decimal, isScientific: sci, intDigits: intDigits)
    }

    /// After "10": reads "^27", "^{27}", "^-9" or superscript digits.
    static func readPowerOfTen(_ s: [Unicode.Scalar], _ i: inout Int) -> Int? {
        let n = s.count
        var j = i
        if j < n, s[j] == "^" {
            j += 1
            let brace = j < n && s[j] == "{"
            if brace { j += 1 }
            var neg = false
            if j < n, s[j] == "-" || s[j] == "−" { neg = true; j += 1 }
            let ds = j
            var e = 0
            while j < n, isDigit(s[j]) { e = e * 10 + Int(s[j].value - 48); j += 1 }
            guard j > ds else { return nil }
            if brace { guard j < n, s[j] == "}" else { return nil }; j += 1 }
            i = j
            return neg ? -e : e
        }
        var e = 0
        var neg = false
        if j < n, s[j] == "⁻" { neg = true; j += 1 }
        let ds = j
        while j < n, let d = superscripts[s[j]] { e = e * 10 + d; j += 1 }
        guard j > ds else { return nil }
        i = j
        return neg ? -e : e
    }

    static func pow10(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
        return r
    }
}
