import KBModel
import KBMarkdown
/// A figure while it is being read: token span, values before unit conversion, and what is known.
struct FigureCandidate {
    var first: Int
    var last: Int  // exclusive token index
    var low: Double?
    var high: Double?
    var bound: Figure.Bound = .eq
    var approx = false
    /// nil while the figure has no unit yet (a bare number that may inherit one).
    var unit: String?
    var kind: Figure.Kind?
    var per: String?
    var perQuantity: Double?
    var subject: String?
    /// The value carries a scale word or suffix (million, k, B).
    var scale: Double = 1
    /// The scale came from a glued letter (k, M, B) and needs a unit or noun to count.
    var suffixScaleOnly = false
    var isPlainInteger = false
    var hasComma = false
    var hasDecimal = false
    var isVague = false
    var linked: Int?
    /// The number starts "from X" / is introduced by "to Y".
    var fromWord = false
    var toWord = false
}

/// Reads candidates left to right, then resolves them against each other.
struct FigureParser {
    typealias L = FigureLexicon
    let t: [FigureToken]
    let s: [Unicode.Scalar]
    var consumed: [Bool]
    var moneyCue: Bool
    var explosiveCue: Bool

    init(tokens: [FigureToken], scalars: [Unicode.Scalar]) {
        t = tokens
        s = scalars
        consumed = Array(repeating: false, count: tokens.count)
        moneyCue = tokens.contains { $0.isSymbol("£") || $0.lex.has(.moneyCue) }
        explosiveCue = tokens.contains { $0.lex.has(.explosiveCue) }
    }

    // MARK: - Token helpers

    func word(_ i: Int) -> String? { i >= 0 && i < t.count && t[i].isWord ? t[i].lower : nil }
    /// The lexicon entry of the word at `i`, as `word(i)` is its text.
    func lex(_ i: Int) -> L.Word? { i >= 0 && i < t.count && t[i].isWord ? t[i].lex : nil }
    func sym(_ i: Int) -> String? { i >= 0 && i < t.count && t[i].kind == .symbol ? t[i].text : nil }
    func isClauseBreak(_ i: Int) -> Bool {
        guard let x = sym(i) else { return false }
        return [".", ";", ":", "!", "?", "•"].contains(x)
    }
    func glued(_ i: Int) -> Bool { i < t.count && !t[i].spaceBefore }

    // MARK: - Run

    mutating func run() -> [Figure] {
        var cands: [FigureCandidate] = []
        var i = 0
        while i < t.count {
            if !t[i].masked || isNodeName(i), let c = parse(at: i) {
                for k in c.first..<c.last { consumed[k] = true }
                cands.append(c)
                i = max(c.last, i + 1)
            } else {
                i += 1
            }
        }
        resolve(&cands)
        return cands.compactMap(finish)
    }

    // MARK: - Numbers

    struct Num {
        var value: Double
        var end: Int
        var scale: Double = 1
        var suffixScale = false
        var unitSuffix: String?
        var isWord = false
        var isDecade = false
        var tok: Int
    }

    /// A number at `i`: digits with glued suffix and following scale words, or number words.
    func readNum(_ i: Int, allowOne: Bool = false) -> Num? {
        guard i < t.count, !t[i].masked else { return nil }
        var num: Num
        if t[i].isNumber {
            num = Num(value: t[i].value, end: i + 1, tok: i)
            let suf = t[i].suffix
            if !suf.isEmpty {
                if let sc = L.scaleSuffixes[suf], suf != "m" {
                    num.scale = sc; num.suffixScale = true
                } else if suf == "s" {
                    num.isDecade = true
                } else {
                    num.unitSuffix = suf
                }
            }
        } else if t[i].isWord {
            if let v = wordNumber(i) { num = v } else { return nil }
            if num.value == 1, t[i].lower == "one", !allowOne {
                // "one" is a determiner unless a scale, percent or currency follows.
                let nx = num.end
                let ok = lex(nx).map { $0.scale != nil || $0.has([.currencyWord, .fraction]) } ?? false || word(nx) == "percent"
                if !ok { return nil }
            }
        } else {
            return nil
        }
        // Scale words: "31 billion billion", "3 hundred".
        var k = num.end
        while k < t.count, t[k].isWord, t[k].spaceBefore {
            let w = t[k].lower
            if let sc = t[k].lex.scale, !(w == "mn" || w == "bn" || w == "tn") || !t[k].isCapitalized {
                num.scale *= sc; num.suffixScale = false; k += 1
            } else if w == "hundred", num.scale == 1, num.value < 100 {
                num.value *= 100; k += 1
            } else { break }
        }
        num.end = k
        return num
    }

    /// Number words: "twenty-five", "two hundred", "a million", "a dozen".
    func wordNumber(_ i: Int) -> Num? {
        guard let w = word(i) else { return nil }
        if w == "half", word(i + 1) == "a" || word(i + 1) == "an", lex(i + 2)?.scale != nil {
            return Num(value: 0.5, end: i + 2, isWord: true, tok: i)
        }
        if w == "a" || w == "an" {
            guard let nx = word(i + 1) else { return nil }
            if t[i + 1].lex.scale != nil || nx == "hundred" || nx == "dozen" {
                return Num(value: nx == "dozen" ? 12 : (nx == "hundred" ? 100 : 1), end: nx == "hundred" || nx == "dozen" ? i + 2 : i + 1, isWord: true, tok: i)
            }
            return nil
        }
        var value: Double
        var end = i + 1
        if let tv = t[i].lex.tens {
            value = tv
            if sym(i + 1) == "-", glued(i + 1), glued(i + 2), let uv = lex(i + 2)?.units, uv < 10, uv > 0 {
                value += uv; end = i + 3
            }
        } else if let uv = t[i].lex.units {
            value = uv
        } else {
            return nil
        }
        if word(end) == "hundred" {
            value *= 100; end += 1
            if word(end) == "and", let nx = lex(end + 1), let v = nx.units ?? nx.tens { value += v; end += 2 }
        }
        return Num(value: value, end: end, isWord: true, tok: i)
    }

    /// TSMC-style node names: N2, N3, N5.
    func isNodeName(_ i: Int) -> Bool {
        guard t[i].kind == .name, t[i].text.count <= 3, t[i].text.first == "N", let v = Double(t[i].text.dropFirst()) else { return false }
        return v >= 1 && v <= 20
    }

    func isYearLike(_ tok: FigureToken) -> Bool {
        tok.isNumber && tok.intDigits == 4 && !tok.hasComma && !tok.hasDecimal && !tok.isScientific
            && tok.value >= 1000 && tok.value <= 2100
    }

    // MARK: - Parse one candidate

    /// Runs at every token, from `run` only. Inlined there because handing the large optional
    /// candidate back through one more return cost more than the whole test of a plain word.
    @inline(__always) mutating func parse(at i: Int) -> FigureCandidate? {
        if let c = parseSpecial(at: i) { return c }
        var j = i
        var currency: String?
        if let x = sym(j), let code = L.currencySymbols[x] {
            currency = code; j += 1
            if sym(j) == "$", let c2 = L.currencySymbols[x + "$"] { currency = c2; j += 1 }
        } else if t[j].isWord, sym(j + 1) == "$", glued(j + 1), ["US", "NT", "HK", "C", "A", "S", "R"].contains(t[j].text),
                  let code = L.currencySymbols[t[j].text + "$"] {
            currency = code; j += 2
        } else if t[j].isWord, j + 1 < t.count, t[j + 1].isNumber, L.currencyCodes.contains(t[j].text) {
            currency = L.isoCode(t[j].text); j += 1
            if sym(j) == "." { j += 1 }
        }
        if currency != nil, j == i { return nil }
        guard var n1 = readNum(j) else { return nil }
        // Apostrophe decades: '90s.
        var c = FigureCandidate(first: i, last: n1.end)
        let tok1 = t[n1.tok]
        c.hasComma = tok1.hasComma
        c.hasDecimal = tok1.hasDecimal
        if currency != nil, tok1.suffix == "m" { n1.scale = 1e6; n1.unitSuffix = nil }
        if currency != nil, n1.suffixScale { n1.suffixScale = false }
        var k = n1.end
        var pct = false
        if n1.unitSuffix == nil, sym(k) == "%" { pct = true; k += 1 }

        // Decades and BC/AD years.
        if n1.isDecade, currency == nil {
            var base = n1.value
            if tok1.intDigits == 2, i > 0, sym(i - 1) == "'" || sym(i - 1) == "’" { base += 1900; c.first = i - 1 }
            guard base >= 1000, base <= 2100, base.truncatingRemainder(dividingBy: 10) == 0, !tok1.hasComma else { return nil }
            let span = base.truncatingRemainder(dividingBy: 100) == 0 ? 99.0 : 9.0
            c.low = base; c.high = base + span; c.bound = .range; c.unit = "year"; c.kind = .year
            c.last = n1.end
            return finishYear(c)
        }
        if currency == nil, !pct, n1.unitSuffix == nil || ["BC", "BCE", "AD", "CE"].contains(n1.unitSuffix!) {
            let era = n1.unitSuffix ?? (k < t.count && t[k].isWord ? t[k].text : "")
            if ["BC", "BCE", "AD", "CE"].contains(era), !n1.isWord, !tok1.hasDecimal, n1.scale == 1 {
                let neg = era.hasPrefix("B")
                c.low = neg ? -n1.value : n1.value; c.high = c.low
                c.unit = "year"; c.kind = .year
                c.last = n1.unitSuffix == nil ? k + 1 : k
                return finishYear(c)
            }
        }

        // Ranges: "4-5", "50 to 100", "between 20 and 30", "10% to 20%", "$3-$4".
        var high: Double?
        var n2: Num?
        if let r = readRangeEnd(after: k, first: n1, currency: currency, pct: pct, start: i) {
            n2 = r.num
            k = r.end
        }
        if let b = n2 {
            // Share the scale: "$4-5 billion", "1-2B", "30 to 300 trillion".
            if n1.scale == 1, b.scale != 1 { n1.scale = b.scale; n1.suffixScale = b.suffixScale }
            if n1.unitSuffix == nil { n1.unitSuffix = b.unitSuffix }
            var hv = b.value * b.scale
            if isYearLike(tok1), b.value < 100, t[b.tok].intDigits == 2, n1.scale == 1 {
                hv = (n1.value / 100).rounded(.down) * 100 + b.value
            }
            if hv > n1.value * n1.scale {
                high = hv
            } else if word(i - 1) == "between" || word(i - 2) == "between", hv < n1.value * n1.scale {
                // "between 4,000 and 2,000 years ago" still names one span.
                high = n1.value * n1.scale; n1.value = hv; n1.scale = 1
            } else { n2 = nil; k = n1.end + (pct ? 1 : 0) }
        }
        let lowV = n1.value * n1.scale
        c.scale = n1.scale
        c.suffixScaleOnly = n1.suffixScale
        c.low = lowV
        c.high = high ?? lowV
        if high != nil { c.bound = .range }
        c.isPlainInteger = !tok1.hasComma && !tok1.hasDecimal && n1.scale == 1 && !tok1.isScientific && tok1.isNumber

        // Units.
        if let cur = currency {
            c.unit = cur; c.kind = .money
            c.suffixScaleOnly = false
            k = absorbCurrencyAfter(k, cur)
        } else if pct {
            c.unit = "%"; c.kind = .percent
        } else if let suf = n1.unitSuffix, let info = L.symbolUnits[suf] ?? (suf == suf.lowercased() ? L.wordUnits[suf] : nil) {
            k = applyUnit(&c, info, at: k, symbolText: suf)
        } else if let (code, end) = currencyAfter(k, scaled: c.scale > 1) {
            c.unit = code; c.kind = .money; c.suffixScaleOnly = false; k = end
        } else if let (info, end, text) = unitAfter(k) {
            k = applyUnit(&c, info, at: end, symbolText: text)
        } else if sym(k) == "%" {
            c.unit = "%"; c.kind = .percent; k += 1
        }
        if c.unit == nil, c.scale > 1 || c.suffixScaleOnly, let w = word(k), ["model", "models", "llm", "llms"].contains(w) {
            // "a 100B model": a parameter count.
            c.unit = "count"; c.kind = .count; c.subject = "parameter"; c.suffixScaleOnly = false
            k += 1
        }
        if c.unit == nil, !isYearLike(tok1), let (subj, end) = hyphenNoun(k) {
            // "five-letter word", "four-person team".
            c.unit = "count"; c.kind = .count; c.subject = subj; k = end
        }
        if c.unit == nil, !isYearLike(tok1) || nextIsLowercasePlural(k) {
            if let (subj, end) = subjectRun(k, value: lowV, hasScale: c.scale > 1 || c.suffixScaleOnly || tok1.hasComma) {
                c.unit = "count"; c.kind = .count; c.subject = subj; c.suffixScaleOnly = false
                k = end
            }
        }
        // Years: a plain four-digit number that nothing else claimed.
        if c.unit == nil, currency == nil, isYearLike(tok1), n1.scale == 1, !n1.isWord {
            c.unit = "year"; c.kind = .year
            if let b = n2, isYearLike(t[b.tok]) || t[b.tok].intDigits == 2 { c.bound = .range } else if n2 != nil { return nil }
            c.last = k
            return finishYear(c)
        }
        // Multipliers in words after a bare number: "10 times" is handled by unitAfter; "-fold" here.
        k = readRate(&c, at: k)
        k = readPostBound(&c, at: k)
        c.last = k
        readPreBound(&c)
        return c
    }

    mutating func finishYear(_ c0: FigureCandidate) -> FigureCandidate {
        var c = c0
        // Hedges apply to years ("around 2016"); bound words do not.
        var p = c.first - 1
        if p >= 0, let x = sym(p), ["~", "≈", "∼"].contains(x) { c.approx = true; c.first = p; p -= 1 }
        if let w = word(p), ["around", "about", "circa", "approximately", "roughly", "c", "ca"].contains(w) {
            c.approx = true; c.first = p
        } else if let w = word(p), L.months.contains(w) || L.seasonsAndParts.contains(w), t[p].isCapitalized || ["early", "late", "mid", "spring", "summer", "autumn", "fall", "winter"].contains(w) {
            c.first = p
        } else if sym(p) == "-", p > 0, let w = word(p - 1), ["mid", "early", "late", "pre", "post"].contains(w) {
            c.first = p - 1
        }
        return c
    }

    /// "-letter" in "five-letter": a singular noun glued by a hyphen, not an adjective ending.
    func hyphenNoun(_ k: Int) -> (String, Int)? {
        guard let x = sym(k), x == "-" || x == "–", glued(k), glued(k + 1), let w = word(k + 1), !t[k + 1].isCapitalized else { return nil }
        if L.stopWords.contains(w) || L.functionWords.contains(w) || L.wordUnits[w] != nil || singular(w) != nil { return nil }
        for e in ["ic", "al", "ed", "ing", "ary", "ive", "ous", "ish", "like", "ly", "ish", "esque", "wise", "ward", "ful", "less", "based", "style"] where w.hasSuffix(e) {
            return nil
        }
        guard w.count >= 3, sym(k + 2) != "-" else { return nil }
        return (w, k + 2)
    }

    func nextIsLowercasePlural(_ k: Int) -> Bool {
        guard k < t.count, t[k].isWord, !t[k].isCapitalized else { return false }
        return singular(t[k].text) != nil
    }

    struct RangeEnd { var num: Num; var end: Int }

    func readRangeEnd(after k: Int, first: Num, currency: String?, pct: Bool, start: Int) -> RangeEnd? {
        guard k < t.count else { return nil }
        var j = k
        let conn: String
        if let x = sym(j), x == "-" || x == "–" || x == "—" {
            // Either glued on both sides or spaced on both sides.
            let gl = !t[j].spaceBefore && glued(j + 1)
            let sp = t[j].spaceBefore && j + 1 < t.count && t[j + 1].spaceBefore
            guard gl || sp else { return nil }
            conn = "-"
        } else if let w = word(j), w == "to" || w == "and" || w == "through" {
            conn = w
        } else { return nil }
        // "between X and Y" is a range; a bare "X and Y" is two figures.
        var before = start - 1
        while before >= 0, let w = word(before), ["about", "around", "roughly", "approximately", "some"].contains(w) { before -= 1 }
        if conn == "and", word(before) != "between" { return nil }
        if conn == "to" || conn == "through", word(before) == "from" {
            // "rose from 10 to 20" is a change, not a range (unless both are years: one period).
            var p = before - 1
            var changed = false
            while p >= 0, p >= before - 5, !isClauseBreak(p) {
                if let w = word(p), L.changeWords.contains(w) { changed = true; break }
                p -= 1
            }
            if changed, !isYearLike(t[first.tok]) { return nil }
        }
        j += 1
        if let cur = currency {
            if let x = sym(j), L.currencySymbols[x] == cur { j += 1 }
        }
        guard let n2 = readNum(j, allowOne: true), !n2.isDecade else { return nil }
        // A year does not start a range of amounts ("in 1901 to 9.4 million tons").
        if isYearLike(t[first.tok]), first.scale == 1, !isYearLike(t[n2.tok]), !(t[n2.tok].intDigits == 2 && conn == "-") { return nil }
        if first.isWord != n2.isWord, conn == "-" { return nil }
        var end = n2.end
        if pct {
            guard sym(end) == "%" else { return nil }
            end += 1
        } else if let u1 = first.unitSuffix {
            guard n2.unitSuffix == u1 else { return nil }
        }
        return RangeEnd(num: n2, end: end)
    }

    // MARK: - Units

    func absorbCurrencyAfter(_ k: Int, _ cur: String) -> Int {
        if k < t.count, t[k].isWord, L.currencyCodes.contains(t[k].text), L.isoCode(t[k].text) == cur { return k + 1 }
        if let w = word(k), L.currencyWords[w] == cur, w != "won" { return k + 1 }
        return k
    }

    /// A currency word or code after the number, with an optional adjective: "new rubles", "Korean won".
    func currencyAfter(_ k: Int, scaled: Bool) -> (String, Int)? {
        guard k < t.count, t[k].isWord else { return nil }
        if L.currencyCodes.contains(t[k].text), t[k].text.count == 3 { return (L.isoCode(t[k].text), k + 1) }
        var j = k
        var adj: String?
        if let a = word(j), lex(j + 1)?.has(.currencyWord) ?? false, L.currencyAdjectives[a] != nil {
            adj = a; j += 1
        } else if word(j) == "hong", word(j + 1) == "kong" {
            adj = "kong"; j += 2
        }
        guard let w = word(j), t[j].lex.has(.currencyWord), var code = L.currencyWords[w] else { return nil }
        if let a = adj, let o = L.currencyAdjectives[a]?[w] { code = o }
        if w == "pound" || w == "pounds", !(scaled || moneyCue || adj != nil) { return nil }
        if w == "marks" || w == "rand", adj == nil, !moneyCue { return nil }
        return (code, j + 1)
    }

    /// A unit word or symbol starting at `k`, longest first: "metric tons", "orders of magnitude".
    func unitAfter(_ k: Int) -> (L.UnitInfo, Int, String)? {
        guard k < t.count else { return nil }
        // Hyphenated compound: "18-month", "65-nanometer", "kilowatt-hours".
        if let x = sym(k), x == "-" || x == "–", glued(k), glued(k + 1), k + 1 < t.count {
            if let w = word(k + 1) {
                if let info = L.wordUnits[w], info.hyphenable {
                    if sym(k + 2) == "-", glued(k + 2), let w2 = word(k + 3), let info2 = L.wordUnits[w + "-" + w2] { return (info2, k + 4, w2) }
                    return (info, k + 2, w)
                }
            } else if k + 1 < t.count, t[k + 1].isWord, let info = L.symbolUnits[t[k + 1].text], info.kind != .duration || t[k + 1].text.count > 1 {
                return (info, k + 2, t[k + 1].text)
            }
            return nil
        }
        guard t[k].isWord || t[k].kind == .symbol else { return nil }
        let w = t[k].lower
        if t[k].isSymbol("°") {
            if k + 1 < t.count, glued(k + 1), t[k + 1].text == "C" { return (L.celsius, k + 2, "°C") }
            if k + 1 < t.count, glued(k + 1), t[k + 1].text == "F" { return (L.fahrenheit, k + 2, "°F") }
            return (L.wordUnits["degrees"]!, k + 1, "°")
        }
        // Only a word that starts a multi-word unit can start one here; the test spares joining Strings.
        let phrase = t[k].isWord && t[k].lex.has(.unitPhrase)
        if phrase, let w2 = word(k + 1), let w3 = word(k + 2), let info = L.wordUnits[w + " " + w2 + " " + w3] { return (info, k + 3, w3) }
        if phrase, sym(k + 1) == "-", glued(k + 1), glued(k + 2), let w3 = word(k + 2), let info = L.wordUnits[w + "-" + w3] { return (info, k + 3, w3) }
        if phrase, let w2 = word(k + 1), let info = L.wordUnits[w + " " + w2] { return (info, k + 2, w2) }
        if let info = L.symbolUnits[t[k].text] {
            // Single letters after a space are too ambiguous, except W, V, m, s, h, g.
            if t[k].kind == .symbol && t[k].text != "%" && t[k].text != "×" { return nil }
            if t[k].text == "x" || t[k].text == "X" { return nil }
            // "FLOP/s"
            if info.unit == "FLOP", sym(k + 1) == "/", word(k + 2) == "s" {
                return (L.UnitInfo(kind: .compute, unit: "FLOP/s", factor: info.factor), k + 3, "FLOP/s")
            }
            return (info, k + 1, t[k].text)
        }
        if t[k].isWord, t[k].lex.has(.wordUnit), let info = L.wordUnits[w] {
            if w == "pound" || w == "pounds", moneyCue { return nil }
            if info.unit == "FLOP", sym(k + 1) == "/", word(k + 2) == "s" {
                return (L.UnitInfo(kind: .compute, unit: "FLOP/s", factor: info.factor), k + 3, "FLOP/s")
            }
            return (info, k + 1, w)
        }
        if t[k].isWord, ["kiloton", "kilotons", "megaton", "megatons"].contains(w) {
            let mega = w.hasPrefix("mega")
            if explosiveCue {
                return (L.UnitInfo(kind: .energy, unit: "Wh", factor: (mega ? 4.184e15 : 4.184e12) / 3600), k + 1, w)
            }
            return (L.UnitInfo(kind: .other, unit: "kg", factor: mega ? 1e9 : 1e6), k + 1, w)
        }
        return nil
    }

    /// Sets kind, unit and factor; decides node vs length for nanometres. Returns the next index.
    func applyUnit(_ c: inout FigureCandidate, _ info: L.UnitInfo, at k: Int, symbolText: String) -> Int {
        var end = k
        var info = info
        c.suffixScaleOnly = false
        if info.unit == "m", info.factor == 1e-9 {
            // Nanometres: a node unless a non-node noun follows ("26-nanometer pitch").
            var node = L.knownNodes.contains(c.low ?? -1)
            if let w = word(end) {
                if L.nodeWords.contains(w) {
                    node = true
                } else if !t[end].isCapitalized, !L.stopWords.contains(w), !L.functionWords.contains(w) {
                    node = false  // a content noun: "pitch", "virus", "wavelength"
                }
            }
            if node {
                c.unit = "nm"; c.kind = .node
                return end
            }
        }
        if info.unit == "FLOP", info.factor > 1 { info.unit = "FLOP/s" }
        c.unit = info.unit
        c.kind = info.kind
        if info.factor != 1 || info.offset != 0 {
            c.low = c.low.map { $0 * info.factor + info.offset }
            c.high = c.high.map { $0 * info.factor + info.offset }
        }
        // Speeds and data rates carry their own denominator (mph, Gbps).
        if info.kind != .duration, let p = info.perName { c.per = p; c.perQuantity = 1 }
        // "(MW)" restating the unit is part of the figure.
        if sym(end) == "(", end + 2 < t.count, t[end + 1].isWord, L.symbolUnits[t[end + 1].text] != nil, sym(end + 2) == ")" {
            end += 3
        }
        if info.kind == .ratio, word(end) == "of", word(end + 1) == "magnitude" { end += 2 }
        return end
    }

    // MARK: - Counted nouns

    /// Singular of a plural noun, or nil when `w` does not look plural.
    func singular(_ w: String) -> String? {
        let lw = w.lowercased()
        if let s = L.irregularPlurals[lw] { return lw == w ? s : w }
        // Acronym plurals: GPUs, TPUs, FPGAs.
        if w.count >= 3, w.hasSuffix("s"), w.dropLast().allSatisfy({ $0.isUppercase || $0.isNumber }) { return String(w.dropLast()) }
        guard w.count >= 3, lw.hasSuffix("s"), !L.notPlural.contains(lw), !lw.hasSuffix("ss"), !lw.hasSuffix("us"),
              !lw.hasSuffix("is"), !lw.hasSuffix("ous") else { return nil }
        if lw.hasSuffix("ies"), w.count > 4 { return String(w.dropLast(3)) + "y" }
        for e in ["ches", "shes", "sses", "xes", "zes"] where lw.hasSuffix(e) { return String(w.dropLast(2)) }
        return String(w.dropLast())
    }

    /// A counted noun after a number: up to three modifier tokens then a plural head
    /// ("two investor groups", "Ascend 910Bs"), or a single name or singular noun with large numbers.
    func subjectRun(_ k: Int, value: Double, hasScale: Bool) -> (String, Int)? {
        var parts: [String] = []
        var j = k
        var count = 0
        while j < t.count, count < 4 {
            let tk = t[j]
            if tk.kind == .name || (tk.isNumber && tk.masked && tk.spaceBefore && !tk.suffix.isEmpty) {
                // A product name: "A100s", "GB200", "910Bs".
                let text = tk.text
                if text.hasSuffix("s"), text.count > 2, let prev = text.unicodeScalars.dropLast().last, FigureTokenizer.isDigit(prev) || prev.isUppercaseFast {
                    parts.append(String(text.dropLast()))
                    return (parts.joined(separator: " "), j + 1)
                }
                parts.append(text); j += 1; count += 1
                // Hyphenated modifier after a name: "H100-equivalent".
                if sym(j) == "-", glued(j), glued(j + 1), t.indices.contains(j + 1), t[j + 1].isWord {
                    parts[parts.count - 1] += "-" + t[j + 1].text; j += 2
                }
                continue
            }
            guard tk.isWord, !tk.masked else { break }
            let lw = tk.lower
            if tk.lex.has(.stop) || tk.lex.has(.function) && !tk.isCapitalized { break }
            if tk.lex.has([.wordUnit, .currencyWord, .scale, .rateAdverb]) { break }
            if lw.hasSuffix("ly") || lw.hasSuffix("ing") && count == 0 { break }
            var text = tk.text
            var next = j + 1
            // Hyphen compounds: "Hiroshima-sized", "H100-equivalent".
            if sym(next) == "-", glued(next), glued(next + 1), next + 1 < t.count, t[next + 1].isWord {
                text += "-" + t[next + 1].text; next += 2
                if sym(next) == "-", glued(next), glued(next + 1), next + 1 < t.count, t[next + 1].isWord {
                    text += "-" + t[next + 1].text; next += 2
                }
                parts.append(text); j = next; count += 1
                continue
            }
            if tk.possessive { break }
            if let sg = singular(text) {
                parts.append(sg)
                return (parts.joined(separator: " "), next)
            }
            parts.append(text); j = next; count += 1
        }
        guard let firstTok = t.indices.contains(k) ? t[k] : nil else { return nil }
        if firstTok.kind == .name || (firstTok.isNumber && firstTok.masked) {
            return (firstTok.text, k + 1)
        }
        // A singular noun right after a large or scaled number: "20,000 category", "8 billion parameter".
        if (hasScale || value == 1), firstTok.isWord, !firstTok.isCapitalized, !firstTok.masked {
            let lw = firstTok.lower
            if !firstTok.lex.has([.stop, .function, .wordUnit, .rateAdverb]), !lw.hasSuffix("ly"), !lw.hasSuffix("ed"),
               !lw.hasSuffix("ing"), lw.count >= 3 {
                return (firstTok.text, k + 1)
            }
        }
        return nil
    }

    // MARK: - Rates and bounds

    /// The rate denominator for a word after "per" / "/" / "a".
    func perName(_ j: Int) -> (String, Int, Double)? {
        guard j < t.count else { return nil }
        let tk = t[j]
        if tk.isWord || tk.kind == .name {
            if let info = L.wordUnits[tk.lower], let p = info.perName { return (p, j + 1, 1) }
            if let info = L.symbolUnits[tk.text], let p = info.perName { return (p, j + 1, 1) }
            if tk.lower == "capita" || tk.lower == "head" { return ("person", j + 1, 1) }
            if tk.lower == "annum" { return ("year", j + 1, 1) }
            if L.stopWords.contains(tk.lower) || L.functionWords.contains(tk.lower) && tk.lower != "second" { return nil }
            if let info = L.symbolUnits[tk.text] ?? L.wordUnits[tk.lower], info.kind == .energy || info.kind == .data {
                return (info.unit, j + 1, info.factor)
            }
            // "per million input tokens": the plural head names the denominator.
            if singular(tk.text) == nil, j + 1 < t.count, t[j + 1].isWord, t[j + 1].spaceBefore, let sg = singular(t[j + 1].text),
               !L.stopWords.contains(t[j + 1].lower) {
                return (sg == sg.uppercased() ? sg : sg.lowercased(), j + 2, 1)
            }
            let base = singular(tk.text) ?? tk.text
            return (base == base.uppercased() ? base : base.lowercased(), j + 1, 1)
        }
        return nil
    }

    mutating func readRate(_ c: inout FigureCandidate, at k: Int) -> Int {
        guard c.per == nil else { return k }
        var j = k
        if sym(j) == "/", glued(j) || glued(j + 1) {
            var q = 1.0
            var m = j + 1
            if m < t.count, t[m].isNumber, !t[m].masked { q = t[m].value; if let sc = L.scaleSuffixes[t[m].suffix] { q *= sc }; m += 1 }
            if let (p, e, f) = perName(m) { c.per = p; c.perQuantity = q * f; return e }
            return k
        }
        if let w = word(j) {
            if w == "per" {
                var q = 1.0
                var m = j + 1
                if m < t.count, t[m].isNumber, !t[m].masked {
                    q = t[m].value
                    if let sc = L.scaleSuffixes[t[m].suffix] { q *= sc }
                    m += 1
                }
                while let sc = lex(m)?.scale { q *= sc; m += 1 }
                if word(m) == "a" || word(m) == "one", lex(m + 1)?.scale != nil {
                    m += 1
                    while let sc = lex(m)?.scale { q *= sc; m += 1 }
                }
                if word(m) == "cent" { return k }
                if let (p, e, f) = perName(m) { c.per = p; c.perQuantity = q * f; return e }
                return k
            }
            if ["a", "an", "each", "every"].contains(w), let w2 = word(j + 1), t[j + 1].lex.has(.wordUnit),
               let info = L.wordUnits[w2], let p = info.perName,
               info.kind == .duration, !w2.hasSuffix("s") {
                c.per = p; c.perQuantity = 1; return j + 2
            }
            if t[j].lex.has(.rateAdverb), let p = L.rateAdverbs[w], w != "quarterly" {
                c.per = p; c.perQuantity = 1; j += 1; return j
            }
            if w == "p", sym(j + 1) == ".", word(j + 2) == "a" { c.per = "year"; c.perQuantity = 1; return j + 4 }
            if (w == "year" || w == "month"), word(j + 1) == "over" || word(j + 1) == "on", word(j + 2) == w {
                c.per = w; c.perQuantity = 1; return j + 3
            }
            if (w == "year" || w == "month"), sym(j + 1) == "-", ["over", "on"].contains(word(j + 2) ?? ""), sym(j + 3) == "-", word(j + 4) == w {
                c.per = w; c.perQuantity = 1; return j + 5
            }
            if t[j].text == "YoY" { c.per = "year"; c.perQuantity = 1; return j + 1 }
            if t[j].text == "MoM" { c.per = "month"; c.perQuantity = 1; return j + 1 }
        }
        return k
    }

    func readPostBound(_ c: inout FigureCandidate, at k: Int) -> Int {
        if sym(k) == "+", glued(k), !(k + 1 < t.count && t[k + 1].isNumber && t[k + 1].spaceBefore == false) {
            if c.bound == .eq { c.bound = .ge }
            return k + 1
        }
        guard let w = word(k) else { return k }
        if w == "or" || w == "and", let w2 = word(k + 1) {
            if w == "or", ["less", "fewer", "lower", "below", "under"].contains(w2) {
                if c.bound == .eq { c.bound = .le }
                return k + 2
            }
            if ["more", "greater", "higher", "above", "over"].contains(w2) || (w == "and" && ["up", "above"].contains(w2)) {
                if word(k + 2) == "than" { return k }
                if c.bound == .eq { c.bound = .ge }
                return k + 2
            }
            if w == "or", w2 == "so" { c.approx = true; return k + 2 }
        }
        if w == "plus", !(k + 1 < t.count && (t[k + 1].isNumber || lex(k + 1)?.units != nil)) {
            if c.bound == .eq { c.bound = .ge }
            return k + 1
        }
        return k
    }

    enum Pre { case bound(Figure.Bound), approx, factor, sub, noop }
    static let prePhrases: [([String], Pre)] = [
        (["an", "estimated"], .approx), (["estimated", "at"], .approx), (["estimates", "of"], .approx),
        (["estimate", "of"], .approx), (["estimated"], .approx), (["an", "approximate"], .approx),
        (["approximately"], .approx), (["approx"], .approx), (["about"], .approx), (["around"], .approx),
        (["roughly"], .approx), (["nearly"], .approx), (["almost"], .approx), (["circa"], .approx),
        (["some"], .approx), (["close", "to"], .approx), (["on", "the", "order", "of"], .approx),
        (["in", "the", "region", "of"], .approx), (["~"], .approx), (["≈"], .approx), (["∼"], .approx),
        (["just", "over"], .bound(.gt)), (["just", "above"], .bound(.gt)), (["well", "over"], .bound(.gt)),
        (["more", "than"], .bound(.gt)), (["greater", "than"], .bound(.gt)), (["higher", "than"], .bound(.gt)),
        (["in", "excess", "of"], .bound(.gt)), (["upwards", "of"], .bound(.gt)), (["over"], .bound(.gt)),
        (["above"], .bound(.gt)), (["exceeding"], .bound(.gt)), ([">"], .bound(.gt)),
        (["at", "least"], .bound(.ge)), (["no", "less", "than"], .bound(.ge)), (["no", "fewer", "than"], .bound(.ge)),
        (["a", "minimum", "of"], .bound(.ge)), (["starting", "at"], .bound(.ge)), (["starts", "at"], .bound(.ge)),
        (["starting", "from"], .bound(.ge)), (["≥"], .bound(.ge)),
        (["just", "under"], .bound(.lt)), (["just", "below"], .bound(.lt)), (["less", "than"], .bound(.lt)),
        (["fewer", "than"], .bound(.lt)), (["lower", "than"], .bound(.lt)), (["under"], .bound(.lt)),
        (["below"], .bound(.lt)), (["<"], .bound(.lt)),
        (["up", "to"], .bound(.le)), (["no", "more", "than"], .bound(.le)), (["at", "most"], .bound(.le)),
        (["a", "maximum", "of"], .bound(.le)), (["as", "many", "as"], .bound(.le)), (["not", "exceeding"], .bound(.le)),
        (["capped", "at"], .bound(.le)), (["≤"], .bound(.le)), (["within"], .bound(.le)),
        (["by", "a", "factor", "of"], .factor), (["a", "factor", "of"], .factor),
    ]

    /// `prePhrases` by last word, each group in list order: a position costs one lookup, not a
    /// comparison with every phrase.
    static let prePhrasesByLast = Dictionary(grouping: prePhrases, by: { $0.0.last! })

    func matchPhrase(_ words: [String], endingAt p: Int) -> Bool {
        var q = p
        for w in words.reversed() {
            guard q >= 0 else { return false }
            if t[q].kind == .symbol { guard t[q].text == w else { return false } } else {
                guard t[q].isWord, t[q].lower == w else { return false }
            }
            q -= 1
        }
        return true
    }

    mutating func readPreBound(_ c: inout FigureCandidate) {
        var p = c.first - 1
        var rounds = 0
        while p >= 0, rounds < 3 {
            var matched = false
            let last = t[p].kind == .symbol ? t[p].text : t[p].isWord ? t[p].lower : nil
            for (words, effect) in last.flatMap({ Self.prePhrasesByLast[$0] }) ?? [] where matchPhrase(words, endingAt: p) {
                // "some" hedges only digits; "within" bounds only durations.
                if words == ["some"], !(t[c.first].isNumber || sym(c.first) != nil) { continue }
                if words == ["within"], c.kind != .duration { continue }
                switch effect {
                case .approx: c.approx = true
                case .bound(let b): if c.bound == .eq { c.bound = b }
                case .factor:
                    if c.unit == nil { c.unit = "x"; c.kind = .ratio }
                case .sub, .noop: break
                }
                p -= words.count
                matched = true
                break
            }
            if !matched {
                // "sub-10nm"
                if sym(p) == "-", glued(p + 1), word(p - 1) == "sub" {
                    if c.bound == .eq { c.bound = .lt }
                    p -= 2; matched = true
                }
            }
            if !matched { break }
            rounds += 1
        }
        c.first = p + 1
        // "is estimated to receive" does not hedge; "the estimated cost was 160 billion" does.
        if !c.approx {
            var q = c.first - 1
            var steps = 0
            while q >= 0, steps < 4, !isClauseBreak(q), sym(q) != "," {
                if let w = word(q) {
                    if w == "to" { break }
                    if w == "estimated" { c.approx = true; break }
                }
                q -= 1; steps += 1
            }
        }
        // Bounds on a range keep the range ("up to 50-70%").
        if c.high != c.low, c.low != nil, c.high != nil { c.bound = .range }
        applyBoundShape(&c)
    }

    func applyBoundShape(_ c: inout FigureCandidate) {
        switch c.bound {
        case .gt, .ge: c.high = nil
        case .lt, .le: c.low = nil
        default: break
        }
    }

    // MARK: - Numbers without digits

    /// Vague plurals, fractions, multiplier words, implied durations and N-nodes.
    mutating func parseSpecial(at i: Int) -> FigureCandidate? {
        // TSMC-style node names: N2, N3, N5.
        if isNodeName(i), let v = Double(t[i].text.dropFirst()) {
            var c = FigureCandidate(first: i, last: i + 1, low: v, high: v, unit: "nm", kind: .node)
            readPreBound(&c)
            return c
        }
        guard t[i].isWord, !t[i].masked else { return nil }
        let w = t[i].lower
        // Only these words open any of the forms below; most words leave here without
        // building a candidate.
        guard t[i].lex.has([.vague, .fold, .units]) || w == "a" || w == "an" || w == "one" || w == "half" else { return nil }
        // "hundreds of billions", "thousands of developers", "losing millions".
        if let base = t[i].lex.vague {
            var v = base
            var k = i + 1
            var chained = false
            while word(k) == "of", let b2 = lex(k + 1)?.vague, b2 >= 1000 { v *= b2; k += 2; chained = true }
            var c = FigureCandidate(first: i, last: k, low: v, high: nil, bound: .ge)
            c.isVague = true
            c.scale = v
            if word(k) == "of" {
                if let (code, e) = currencyAfter(k + 1, scaled: true) { c.unit = code; c.kind = .money; k = e }
                else if let (info, e, txt) = unitAfter(k + 1) { k = applyUnit(&c, info, at: e, symbolText: txt); c.high = nil }
                else if let (subj, e) = subjectRun(k + 1, value: v, hasScale: true) { c.unit = "count"; c.kind = .count; c.subject = subj; k = e }
                else if w == "tens" || w == "dozens" { return nil }
            } else if !chained, w == "tens" || w == "dozens" || w == "hundreds" {
                return nil
            } else if word(i - 1) == "the" || word(i - 1) == "of" {
                return nil
            }
            k = readRate(&c, at: k)
            c.last = k
            return c
        }
        // Multiplier words: "fourfold", "four-fold".
        if let v = t[i].lex.fold {
            var c = FigureCandidate(first: i, last: i + 1, low: v, high: v, unit: "x", kind: .ratio)
            readPreBound(&c)
            return c
        }
        // Fractions: "half of", "a third of", "two-thirds", "half a century".
        if let c = parseFraction(at: i) { return c }
        // Implied durations: "a decade", "over a week".
        if w == "a" || w == "an", let w2 = word(i + 1), t[i + 1].lex.has(.wordUnit), let info = L.wordUnits[w2],
           info.kind == .duration, !w2.hasSuffix("s") {
            let big = ["decade", "century", "millennium"].contains(w2)
            var c = FigureCandidate(first: i, last: i + 2, low: info.factor, high: info.factor, unit: "s", kind: .duration)
            readPreBound(&c)
            if c.first == i, !big { return nil }
            if c.first == i, word(i - 1) == "per" || word(i - 1) == "than" { return nil }
            if !big, c.bound == .eq, !c.approx { return nil }
            return c
        }
        return nil
    }

    mutating func parseFraction(at i: Int) -> FigureCandidate? {
        let w = t[i].lower
        var num = 1.0
        var den: Double?
        var end = i + 1
        if w == "half" {
            if let p = word(i - 1), ["first", "second", "latter", "former", "back", "front", "other", "top", "bottom", "lower", "upper", "the", "in", "and"].contains(p) { return nil }
            den = 2
        } else if w == "a" || w == "one" || t[i].lex.units != nil {
            let n = w == "a" ? 1 : (t[i].lex.units ?? 1)
            var k = i + 1
            if sym(k) == "-", glued(k), glued(k + 1) { k += 1 }
            guard let w2 = word(k), let d = t[k].lex.fraction, w2 != "half" || w == "a" || w == "one" else { return nil }
            // "a third" / "a quarter" need "of" unless hyphenated; "a half" is rare.
            if k == i + 1, word(k + 1) != "of", w2 != "half" { return nil }
            if w2 == "second" { return nil }
            num = n; den = d; end = k + 1
        } else {
            return nil
        }
        guard let d = den else { return nil }
        let v = num / d
        // "half a century": a fraction of a unit.
        if word(end) == "a" || word(end) == "an", let w3 = word(end + 1), t[end + 1].lex.has(.wordUnit), let info = L.wordUnits[w3] {
            var c = FigureCandidate(first: i, last: end + 2, low: v * info.factor, high: v * info.factor, unit: info.unit, kind: info.kind)
            readPreBound(&c)
            return c
        }
        if w == "half" {
            guard let nx = word(end), ["of", "the", "its", "their", "his", "her", "our", "that", "all"].contains(nx) else { return nil }
        }
        var c = FigureCandidate(first: i, last: end, low: v, high: v, unit: "1", kind: .ratio)
        if word(end) == "of" { c.last = end + 1 }
        readPreBound(&c)
        return c
    }

    // MARK: - Resolution

    /// What may stand between a bare number and the neighbour it takes a unit from.
    static let joiners: Set<String> = ["or", "and", "to", "-", "–", "nor", ",", "even", "perhaps", "maybe", "possibly"]

    package mutating func resolve(_ cs: inout [FigureCandidate]) {
        let n = cs.count
        // 1. Bare numbers inherit a unit from a coordinated neighbour:
        //    "30 or 40-minute", "1-2B or 500M parameter", "25,000 years instead of 10,000".
        for idx in stride(from: n - 1, through: 0, by: -1) where cs[idx].unit == nil {
            if idx + 1 < n, let u = cs[idx + 1].unit, u != "year" {
                let gapStart = cs[idx].last, gapEnd = cs[idx + 1].first
                let gap = gapStart < gapEnd ? (gapStart..<gapEnd).map { t[$0].lower } : []
                if !gap.isEmpty, gap.count <= 3, gap.allSatisfy(Self.joiners.contains), gap.contains(where: { $0 != "even" }) {
                    inherit(&cs[idx], from: cs[idx + 1], scale: true)
                }
            }
        }
        for idx in 0..<n where cs[idx].unit == nil {
            if idx > 0 {
                let before = cs[idx].first - 1
                var ok = false
                if let w = word(before), ["to", "or", "and", "versus", "vs", "than", "nor"].contains(w) { ok = true }
                if word(before) == "of", word(before - 1) == "instead" { ok = true }
                // Look back past years ("from 2.2 trillion won in 2001 to 10.8 trillion").
                var p = idx - 1
                while ok, p >= 0, cs[p].unit == "year" { p -= 1 }
                if ok, p >= 0, let pu = cs[p].unit, pu != "year" {
                    var clean = true
                    // Candidates can overlap (a number split by junk): then nothing lies between them.
                    for q in cs[p].last..<max(cs[p].last, cs[idx].first) where isClauseBreak(q) { clean = false }
                    if clean { inherit(&cs[idx], from: cs[p], scale: false) }
                }
            }
        }
        for idx in 0..<n where cs[idx].unit == nil {
            // "multiplies … by 96"
            if word(cs[idx].first - 1) == "by", cs[idx].isPlainInteger {
                var q = cs[idx].first - 2
                while q >= 0, q >= cs[idx].first - 12, !isClauseBreak(q) {
                    if let w = word(q), w.hasPrefix("multipl") { cs[idx].unit = "x"; cs[idx].kind = .ratio; cs[idx].first -= 1; break }
                    q -= 1
                }
                if cs[idx].unit != nil { continue }
            }
            // Money by context: "costing hundreds of billions", "losing millions".
            if cs[idx].scale > 1 && !cs[idx].suffixScaleOnly || cs[idx].isVague {
                var q = cs[idx].first - 1
                var money = false
                while q >= 0, q >= cs[idx].first - 4, !isClauseBreak(q) {
                    if let w = word(q), L.moneyContext.contains(w) { money = true; break }
                    q -= 1
                }
                if money {
                    cs[idx].unit = nearestCurrency(cs, idx) ?? "USD"; cs[idx].kind = .money
                    continue
                }
            }
            if cs[idx].suffixScaleOnly { continue }
            if cs[idx].scale > 1 || cs[idx].isVague || cs[idx].hasComma {
                cs[idx].unit = "count"; cs[idx].kind = .count
            } else if cs[idx].hasDecimal {
                cs[idx].unit = "1"; cs[idx].kind = .other
            }
        }
        resolveRates(&cs)
        // Hedges spread over a list: "approximately 80% fission and 20% fusion".
        for idx in 1..<max(n, 1) where !cs[idx].approx && cs[idx - 1].approx && cs[idx].bound == .eq {
            guard cs[idx].unit == cs[idx - 1].unit, cs[idx].unit != nil else { continue }
            let gap = cs[idx - 1].last < cs[idx].first ? (cs[idx - 1].last..<cs[idx].first).map { t[$0] } : []
            guard gap.count <= 3, gap.contains(where: { ["and", "or", ","].contains($0.lower) }),
                  !gap.contains(where: { $0.kind == .symbol && ["(", ")", ";", "."].contains($0.text) }) else { continue }
            cs[idx].approx = true
        }
        // "from X to Y": two linked figures, or one period when both are adjacent years.
        var remove: Set<Int> = []
        for idx in 0..<n where word(cs[idx].first - 1) == "to" || word(cs[idx].first - 1) == "through" {
            var a = idx - 1
            while a >= 0, cs[a].unit == "year", cs[idx].unit != "year" { a -= 1 }
            guard a >= 0, word(cs[a].first - 1) == "from", cs[a].unit != nil, cs[idx].unit != nil else { continue }
            var clean = true
            for q in cs[a].last..<cs[idx].first where isClauseBreak(q) { clean = false }
            guard clean else { continue }
            if cs[a].unit == "year", cs[idx].unit == "year" {
                if cs[a].last == cs[idx].first - 1, let lo = cs[a].low, let hi = cs[idx].high, hi > lo {
                    cs[a].high = hi; cs[a].bound = .range; cs[a].last = cs[idx].last
                    remove.insert(idx)
                }
                continue
            }
            cs[a].linked = idx; cs[idx].linked = a
            if cs[idx].per == nil, cs[a].per != nil, cs[idx].unit == cs[a].unit { cs[idx].per = cs[a].per; cs[idx].perQuantity = cs[a].perQuantity }
        }
        if !remove.isEmpty {
            var map: [Int: Int] = [:]
            var kept: [FigureCandidate] = []
            for (ix, c) in cs.enumerated() where !remove.contains(ix) { map[ix] = kept.count; kept.append(c) }
            for ix in kept.indices { kept[ix].linked = kept[ix].linked.flatMap { map[$0] } }
            cs = kept
        }
        // Drop what stayed unitless; re-index links.
        var map: [Int: Int] = [:]
        var kept: [FigureCandidate] = []
        for (ix, c) in cs.enumerated() where c.unit != nil { map[ix] = kept.count; kept.append(c) }
        for ix in kept.indices { kept[ix].linked = kept[ix].linked.flatMap { map[$0] } }
        cs = kept
    }

    func nearestCurrency(_ cs: [FigureCandidate], _ idx: Int) -> String? {
        var best: (Int, String)?
        for (ix, c) in cs.enumerated() where c.kind == .money {
            if let u = c.unit { let d = abs(ix - idx); if best == nil || d < best!.0 { best = (d, u) } }
        }
        return best?.1
    }

    func inherit(_ c: inout FigureCandidate, from o: FigureCandidate, scale: Bool) {
        c.unit = o.unit; c.kind = o.kind; c.subject = o.subject
        if o.kind == .count || o.kind == .money || o.kind == .percent || o.kind == .ratio { c.per = o.per; c.perQuantity = o.perQuantity }
        var factor = 1.0
        if scale, c.scale == 1, o.scale > 1 { factor = o.scale }
        if let info = unitFactor(o) { factor *= info }
        if factor != 1 {
            c.low = c.low.map { $0 * factor }; c.high = c.high.map { $0 * factor }
        }
        c.suffixScaleOnly = false
    }

    /// The conversion factor a neighbour applied, recovered from its surface unit word.
    func unitFactor(_ o: FigureCandidate) -> Double? {
        guard o.kind != .money, o.kind != .count, o.kind != .percent, o.unit != "nm", o.unit != "year" else { return nil }
        for k in o.first..<o.last {
            if let (info, _, _) = unitAfter(k), info.unit == o.unit { return info.factor }
            if t[k].isNumber, !t[k].suffix.isEmpty, let info = L.symbolUnits[t[k].suffix] ?? L.wordUnits[t[k].suffix], info.unit == o.unit { return info.factor }
        }
        return nil
    }

    func rateable(_ c: FigureCandidate) -> Bool {
        guard let k = c.kind else { return false }
        if [.year, .node, .duration].contains(k) { return false }
        if k == .other, c.unit == "m" || c.unit == "kg" || c.unit == "1" { return false }
        return c.per == nil
    }

    /// Rate words not attached to a figure: "sold annually", "per year" a few words on,
    /// "average monthly wage … $15", "cost per million tokens … from ~$120 to ~$10".
    mutating func resolveRates(_ cs: inout [FigureCandidate]) {
        var k = 0
        while k < t.count {
            if consumed[k] || t[k].masked { k += 1; continue }
            var per: String?
            var qty = 1.0
            var end = k + 1
            var adjective = false
            if let w = word(k), t[k].lex.has(.rateAdverb), let p = L.rateAdverbs[w], w != "quarterly" {
                per = p; adjective = true
            } else if word(k) == "per" {
                var dummy = FigureCandidate(first: 0, last: 0)
                let e = readRate(&dummy, at: k)
                if e > k { per = dummy.per; qty = dummy.perQuantity ?? 1; end = e }
            }
            guard let p = per else { k += 1; continue }
            // Backward: nearest rate-able figure within ten tokens in the same clause.
            var attached = false
            var idx = cs.count - 1
            while idx >= 0, cs[idx].last > k { idx -= 1 }
            if idx >= 0, k - cs[idx].last <= 10 {
                var j = idx
                while j >= 0, k - cs[j].last <= 10 {
                    var clean = true
                    for q in cs[j].last..<k where isClauseBreak(q) { clean = false }
                    if !clean { break }
                    if rateable(cs[j]) {
                        // An adjective right before a noun that starts a new phrase is forward-looking.
                        if adjective, k - cs[j].last > 3, word(k + 1) != nil, !(word(k + 1).map(L.stopWords.contains) ?? true) { break }
                        cs[j].per = p; cs[j].perQuantity = qty; attached = true
                        if let l = cs[j].linked, cs[l].per == nil { cs[l].per = p; cs[l].perQuantity = qty }
                        break
                    }
                    if cs[j].kind == .other && (cs[j].unit == "m" || cs[j].unit == "kg") || cs[j].kind == .year { j -= 1; continue }
                    break
                }
            }
            if !attached {
                // Forward: a dangling rate governs the next figures of its clause.
                var j = idx + 1
                while j < cs.count {
                    var clean = true
                    for q in k..<cs[j].first where isClauseBreak(q) { clean = false }
                    if !clean { break }
                    if rateable(cs[j]), cs[j].kind != .count || !adjective {
                        cs[j].per = p; cs[j].perQuantity = qty
                        if adjective { break }
                        if let l = cs[j].linked, cs[l].per == nil { cs[l].per = p; cs[l].perQuantity = qty }
                    }
                    j += 1
                }
            }
            k = end
        }
    }

    // MARK: - Output

    func finish(_ c: FigureCandidate) -> Figure? {
        guard let unit = c.unit, let kind = c.kind else { return nil }
        let a = t[c.first].start
        let b = t[c.last - 1].end
        var low = c.low, high = c.high
        var bound = c.bound
        if bound == .range, let l = low, let h = high, l == h { bound = .eq }
        if bound == .eq { high = low }
        if kind == .year, bound != .range { high = low }
        var per = c.per
        var pq = c.perQuantity
        if per == nil { pq = nil } else if pq == nil { pq = 1 }
        if kind == .duration || kind == .year || kind == .node { if per != nil, kind != .duration { per = nil; pq = nil } }
        if low == nil, high == nil { return nil }
        if let l = low, let h = high, l > h { swap(&low, &high) }
        return Figure(start: a, end: b, surface: FigureTokenizer.text(s, a, b), kind: kind, low: low, high: high, unit: unit,
                      bound: bound, approx: c.approx, per: per, perQuantity: pq, subject: kind == .count ? c.subject : nil,
                      linkedTo: c.linked)
    }
}
