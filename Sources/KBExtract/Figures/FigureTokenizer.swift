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

    /// Sets `text`, `lower` and the case facts from `scalars[start..<end]`.
    mutating func spell(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) {
        text = FigureTokenizer.text(scalars, start, end)
        startsUppercase = start < end && scalars[start].isUppercaseFast
        hasUppercase = false
        for index in start..<end where scalars[index].isUppercaseFast {
            hasUppercase = true
            break
        }
        // ASCII text (one byte per scalar) without capitals is its own lowercase.
        lower = !hasUppercase && text.utf8.count == end - start ? text : text.lowercasedFast
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

    static func tokenize(_ scalars: [Unicode.Scalar]) -> [FigureToken] {
        var tokens: [FigureToken] = []
        tokens.reserveCapacity(scalars.count / 4)
        var position = 0
        var spaceBefore = true
        while position < scalars.count {
            let scalar = scalars[position]
            if isSpace(scalar) {
                spaceBefore = true
                position += 1
                continue
            }
            // Each kind of token is appended where it is made: handing the large token back to
            // this loop would copy it once more per token.
            if scalar == "h" || scalar == "w", let end = urlEnd(scalars, at: position) {
                tokens.append(skipToken(scalars, position, end, spaceBefore: spaceBefore))
                position = end
            } else if isDigit(scalar) {
                appendDigitLed(scalars, &position, spaceBefore: spaceBefore, to: &tokens)
            } else if isLetter(scalar) {
                // Most tokens are words: they are made here, not in a function of their own, which
                // the optimizer does not inline at this size (a call per word showed in the
                // extractor's instruction count).
                let start = position
                let run = letterRun(scalars, from: start)
                position = run.end
                if run.underscore {
                    while position < scalars.count, !isSpace(scalars[position]) { position += 1 }
                    tokens.append(skipToken(scalars, start, position, spaceBefore: spaceBefore))
                } else {
                    var token = FigureToken(kind: run.hasDigit ? .name : .word, start: start, end: position, text: "", lower: "",
                                            spaceBefore: spaceBefore, masked: run.hasDigit)
                    token.spell(scalars, start, position)
                    // The scalar test is a cheap necessary condition for the Character-wise suffix test.
                    if position - start >= 2, scalars[position - 1] == "s", scalars[position - 2] == "'" || scalars[position - 2] == "’",
                       token.text.hasSuffix("'s") || token.text.hasSuffix("’s") {
                        token.possessive = true
                        token.lower = String(token.lower.dropLast(2))
                    }
                    if !run.hasDigit { token.lex = FigureLexicon.word(token.lower) }
                    tokens.append(token)
                }
            } else {
                // Symbols, one scalar each.
                let text = String(scalar)
                tokens.append(FigureToken(kind: .symbol, start: position, end: position + 1, text: text, lower: text, spaceBefore: spaceBefore))
                position += 1
            }
            spaceBefore = false
        }
        return tokens
    }

    /// Whether `scalars` holds the ASCII `prefix` at `start`.
    @inline(__always) static func startsWith(_ scalars: [Unicode.Scalar], _ start: Int, _ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard start + length <= scalars.count else { return false }
        for offset in 0..<length where scalars[start + offset].value != UInt32(prefix.utf8Start[offset]) { return false }
        return true
    }

    /// A token later stages skip (URL, slug, timestamp), its text as written.
    @inline(__always) static func skipToken(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int, spaceBefore: Bool) -> FigureToken {
        var token = FigureToken(kind: .skip, start: start, end: end, text: "", lower: "", spaceBefore: spaceBefore, masked: true)
        token.spell(scalars, start, end)
        token.lower = token.text
        return token
    }

    /// The end of a URL or domain that starts at `start` ("https://…", "www.…"): the next space.
    @inline(__always) static func urlEnd(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        guard startsWith(scalars, start, "http://") || startsWith(scalars, start, "https://") || startsWith(scalars, start, "www.") else {
            return nil
        }
        var end = start
        while end < scalars.count, !isSpace(scalars[end]) { end += 1 }
        return end
    }

    /// A token that starts with a digit: a timestamp (digits ':' digits, skipped), or a number with
    /// the letters glued to it, appended to `tokens`; `position` ends after it.
    static func appendDigitLed(_ scalars: [Unicode.Scalar], _ position: inout Int, spaceBefore: Bool,
                               to tokens: inout [FigureToken]) {
        let start = position
        let count = scalars.count
        var digitsEnd = position
        while digitsEnd < count, isDigit(scalars[digitsEnd]) { digitsEnd += 1 }
        if digitsEnd + 2 < count, scalars[digitsEnd] == ":", isDigit(scalars[digitsEnd + 1]), isDigit(scalars[digitsEnd + 2]), digitsEnd - start <= 2 {
            var end = digitsEnd
            while end < count, scalars[end] == ":" || isDigit(scalars[end]) { end += 1 }
            position = end
            tokens.append(skipToken(scalars, start, end, spaceBefore: spaceBefore))
            return
        }
        var token = readNumber(scalars, &position)
        token.spaceBefore = spaceBefore
        readSuffix(&token, scalars, &position)
        readDomainOrSlug(&token, scalars, &position)
        token.end = position
        token.spell(scalars, start, position)
        tokens.append(token)
    }

    /// Letters glued after the digits become the number's suffix ("80GB", "910B", "5FLOP/s"); when
    /// digits or `_` follow again ("3x4", "5G2", "1a_b") the whole is a name.
    static func readSuffix(_ token: inout FigureToken, _ scalars: [Unicode.Scalar], _ position: inout Int) {
        let count = scalars.count
        var lettersEnd = position
        while lettersEnd < count, isLetter(scalars[lettersEnd]) || scalars[lettersEnd] == "µ" { lettersEnd += 1 }
        guard lettersEnd > position else { return }
        // "FLOP/s" after a glued prefix unit stays one suffix.
        var suffixEnd = lettersEnd
        if startsWith(scalars, lettersEnd, "/s"), !(lettersEnd + 2 < count && isLetter(scalars[lettersEnd + 2])),
           text(scalars, position, lettersEnd).hasSuffix("FLOP") {
            suffixEnd = lettersEnd + 2
        }
        token.suffix = text(scalars, position, suffixEnd)
        position = suffixEnd
        // Letters then digits again ("3x4", "5G2"), or slugs: not a figure.
        if position < count, isDigit(scalars[position]) || scalars[position] == "_" {
            while position < count, !isSpace(scalars[position]), isLetter(scalars[position]) || isDigit(scalars[position]) || scalars[position] == "_" {
                position += 1
            }
            token.kind = .name
            token.masked = true
        }
    }

    /// Domains ("14.ai") become names and slugs ("1_b") skipped tokens, running on from `position`.
    static func readDomainOrSlug(_ token: inout FigureToken, _ scalars: [Unicode.Scalar], _ position: inout Int) {
        let count = scalars.count
        if position + 1 < count, scalars[position] == ".", isLetter(scalars[position + 1]), token.suffix.isEmpty {
            var end = position + 1
            while end < count, isLetter(scalars[end]) || isDigit(scalars[end]) { end += 1 }
            // A lowercase TLD right after digits with no space: "14.ai".
            if FigureLexicon.topLevelDomains.contains(text(scalars, position + 1, end)) {
                position = end
                token.kind = .name
                token.masked = true
            }
        }
        if position < count, scalars[position] == "_" {
            while position < count, !isSpace(scalars[position]) { position += 1 }
            token.kind = .skip
            token.masked = true
        }
    }

    /// The run of letters, digits, `_` and inner apostrophes ("don't") from `start`: where it ends,
    /// and whether it holds a digit (a name: "H100", "x86") or `_` (a slug: "a_b_c", skipped).
    @inline(__always) static func letterRun(_ scalars: [Unicode.Scalar], from start: Int) -> (end: Int, hasDigit: Bool, underscore: Bool) {
        let count = scalars.count
        var end = start
        var hasDigit = false
        var underscore = false
        while end < count {
            let scalar = scalars[end]
            if isLetter(scalar) {
                end += 1
            } else if isDigit(scalar) {
                hasDigit = true
                end += 1
            } else if scalar == "_" {
                underscore = true
                end += 1
            } else if scalar == "'" || scalar == "’", end + 1 < count, isLetter(scalars[end + 1]) {
                // Apostrophes inside a word ("don't"); a possessive 's is split off by the caller.
                end += 1
            } else {
                break
            }
        }
        return (end, hasDigit, underscore)
    }

    /// `scalars[start..<end]` as a String, lowercased on request.
    static func text(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int, lowercase: Bool = false) -> String {
        let text = String(scalars: scalars[start..<end])
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
