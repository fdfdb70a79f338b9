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
    typealias Lexicon = FigureLexicon
    let tokens: [FigureToken]
    let scalars: [Unicode.Scalar]
    /// Tokens that belong to a candidate: a rate word among them is not read again.
    var consumed: [Bool]
    /// The claim speaks of money ("£", "price", "budget"): a bare "pounds" is a currency.
    var moneyCue: Bool
    /// The claim speaks of explosions: kilotons and megatons are energy, not mass.
    var explosiveCue: Bool

    init(tokens: [FigureToken], scalars: [Unicode.Scalar]) {
        self.tokens = tokens
        self.scalars = scalars
        consumed = Array(repeating: false, count: tokens.count)
        moneyCue = tokens.contains { $0.isSymbol("£") || $0.lex.has(.moneyCue) }
        explosiveCue = tokens.contains { $0.lex.has(.explosiveCue) }
    }

    // MARK: - Token helpers

    /// The lowercase text of the word at `index`; nil for another kind of token or out of range.
    func word(_ index: Int) -> String? { index >= 0 && index < tokens.count && tokens[index].isWord ? tokens[index].lower : nil }
    /// The lexicon entry of the word at `index`, as `word(index)` is its text.
    func lex(_ index: Int) -> Lexicon.Word? { index >= 0 && index < tokens.count && tokens[index].isWord ? tokens[index].lex : nil }
    /// The symbol at `index`; nil for another kind of token or out of range.
    func sym(_ index: Int) -> String? { index >= 0 && index < tokens.count && tokens[index].kind == .symbol ? tokens[index].text : nil }
    func isClauseBreak(_ index: Int) -> Bool {
        guard let symbol = sym(index) else { return false }
        return Lexicon.clauseBreaks.contains(symbol)
    }
    /// Some token in `range` ends a clause.
    func hasClauseBreak(_ range: Range<Int>) -> Bool { range.contains { isClauseBreak($0) } }
    /// The token at `index` follows the one before with no space.
    func glued(_ index: Int) -> Bool { index < tokens.count && !tokens[index].spaceBefore }

    /// Whether a word from `start` back to `limit` (both included), in the same clause, passes `test`.
    func clauseWord(from start: Int, backTo limit: Int, where test: (String) -> Bool) -> Bool {
        var position = start
        while position >= 0, position >= limit, !isClauseBreak(position) {
            if let found = word(position), test(found) { return true }
            position -= 1
        }
        return false
    }

    // MARK: - Run

    mutating func run() -> [Figure] {
        var candidates: [FigureCandidate] = []
        var index = 0
        while index < tokens.count {
            if !tokens[index].masked || isNodeName(index), let candidate = parse(at: index) {
                for spanned in candidate.first..<candidate.last { consumed[spanned] = true }
                candidates.append(candidate)
                index = max(candidate.last, index + 1)
            } else {
                index += 1
            }
        }
        resolve(&candidates)
        return candidates.compactMap(finish)
    }

    // MARK: - Numbers

    /// A number as read, before its unit.
    struct Num {
        var value: Double
        var end: Int
        var scale: Double = 1
        var suffixScale = false
        var unitSuffix: String?
        var isWord = false
        var isDecade = false
        /// The index of the number's first token.
        var token: Int
    }

    /// A number at `start`: digits with glued suffix and following scale words, or number words.
    func readNum(_ start: Int, allowOne: Bool = false) -> Num? {
        guard start < tokens.count, !tokens[start].masked else { return nil }
        var number: Num
        if tokens[start].isNumber {
            number = Num(value: tokens[start].value, end: start + 1, token: start)
            let suffix = tokens[start].suffix
            if !suffix.isEmpty {
                if let scale = Lexicon.scaleSuffixes[suffix], suffix != "m" {
                    number.scale = scale
                    number.suffixScale = true
                } else if suffix == "s" {
                    number.isDecade = true
                } else {
                    number.unitSuffix = suffix
                }
            }
        } else if tokens[start].isWord {
            guard let spelled = wordNumber(start) else { return nil }
            number = spelled
            if number.value == 1, tokens[start].lower == "one", !allowOne {
                // "one" is a determiner unless a scale, percent or currency follows.
                let after = number.end
                let counts = lex(after).map { $0.scale != nil || $0.has([.currencyWord, .fraction]) } ?? false || word(after) == "percent"
                if !counts { return nil }
            }
        } else {
            return nil
        }
        // Scale words: "31 billion billion", "3 hundred".
        var end = number.end
        while end < tokens.count, tokens[end].isWord, tokens[end].spaceBefore {
            let scaleWord = tokens[end].lower
            if let scale = tokens[end].lex.scale, !(scaleWord == "mn" || scaleWord == "bn" || scaleWord == "tn") || !tokens[end].isCapitalized {
                number.scale *= scale
                number.suffixScale = false
                end += 1
            } else if scaleWord == "hundred", number.scale == 1, number.value < 100 {
                number.value *= 100
                end += 1
            } else {
                break
            }
        }
        number.end = end
        return number
    }

    /// Number words: "twenty-five", "two hundred", "a million", "a dozen".
    func wordNumber(_ start: Int) -> Num? {
        guard let first = word(start) else { return nil }
        if first == "half", word(start + 1) == "a" || word(start + 1) == "an", lex(start + 2)?.scale != nil {
            return Num(value: 0.5, end: start + 2, isWord: true, token: start)
        }
        if first == "a" || first == "an" {
            guard let next = word(start + 1) else { return nil }
            if tokens[start + 1].lex.scale != nil || next == "hundred" || next == "dozen" {
                let value: Double = next == "dozen" ? 12 : (next == "hundred" ? 100 : 1)
                let end = next == "hundred" || next == "dozen" ? start + 2 : start + 1
                return Num(value: value, end: end, isWord: true, token: start)
            }
            return nil
        }
        var value: Double
        var end = start + 1
        if let tens = tokens[start].lex.tens {
            value = tens
            if sym(start + 1) == "-", glued(start + 1), glued(start + 2), let units = lex(start + 2)?.units, units < 10, units > 0 {
                value += units
                end = start + 3
            }
        } else if let units = tokens[start].lex.units {
            value = units
        } else {
            return nil
        }
        if word(end) == "hundred" {
            value *= 100
            end += 1
            if word(end) == "and", let after = lex(end + 1), let more = after.units ?? after.tens {
                value += more
                end += 2
            }
        }
        return Num(value: value, end: end, isWord: true, token: start)
    }

    /// TSMC-style node names: N2, N3, N5.
    func isNodeName(_ index: Int) -> Bool {
        guard tokens[index].kind == .name, tokens[index].text.count <= 3, tokens[index].text.first == "N",
              let node = Double(tokens[index].text.dropFirst()) else { return false }
        return node >= 1 && node <= 20
    }

    func isYearLike(_ token: FigureToken) -> Bool {
        token.isNumber && token.intDigits == 4 && !token.hasComma && !token.hasDecimal && !token.isScientific
            && token.value >= 1000 && token.value <= 2100
    }

    // MARK: - Parse one candidate

    /// Runs at every token, from `run` only. Inlined there because handing the large optional
    /// candidate back through one more return cost more than the whole test of a plain word;
    /// a plain word leaves at `readNum`, and only a number goes on to `parseAmount`.
    @inline(__always) mutating func parse(at start: Int) -> FigureCandidate? {
        if let special = parseSpecial(at: start) { return special }
        let (currency, numberStart) = currencyBefore(start)
        guard let number = readNum(numberStart) else { return nil }
        return parseAmount(from: start, number: number, currency: currency)
    }

    /// A currency written before a number ("$", "US$", "USD 5") and where the number starts.
    /// Every token asks, so it is inlined into `parse(at:)` as the code it was part of.
    @inline(__always) func currencyBefore(_ start: Int) -> (currency: String?, numberStart: Int) {
        if let symbol = sym(start), let code = Lexicon.currencySymbols[symbol] {
            if sym(start + 1) == "$", let prefixed = Lexicon.currencySymbols[symbol + "$"] { return (prefixed, start + 2) }
            return (code, start + 1)
        }
        if tokens[start].isWord, sym(start + 1) == "$", glued(start + 1), Lexicon.dollarPrefixes.contains(tokens[start].text),
           let code = Lexicon.currencySymbols[tokens[start].text + "$"] {
            return (code, start + 2)
        }
        if tokens[start].isWord, start + 1 < tokens.count, tokens[start + 1].isNumber, Lexicon.currencyCodes.contains(tokens[start].text) {
            let after = start + 1
            return (Lexicon.isoCode(tokens[start].text), sym(after) == "." ? after + 1 : after)
        }
        return (nil, start)
    }

    /// The figure a number opens, read outward from it: a decade or an era's year, else a range,
    /// then a unit or counted noun, a plain year, then rate and bound words. `start` is where the
    /// figure starts (its currency symbol, if any).
    mutating func parseAmount(from start: Int, number first: Num, currency: String?) -> FigureCandidate? {
        var number = first
        let token = tokens[number.token]
        var candidate = FigureCandidate(first: start, last: number.end)
        candidate.hasComma = token.hasComma
        candidate.hasDecimal = token.hasDecimal
        if currency != nil, token.suffix == "m" {
            // "$5m": millions, not metres.
            number.scale = 1e6
            number.unitSuffix = nil
        }
        if currency != nil, number.suffixScale { number.suffixScale = false }
        var next = number.end
        var percent = false
        if number.unitSuffix == nil, sym(next) == "%" {
            percent = true
            next += 1
        }
        if currency == nil {
            if number.isDecade { return decade(candidate, number: number) }
            if !percent, let year = eraYear(candidate, number: number, at: next) { return year }
        }
        let range = readRange(&number, next: &next, start: start, currency: currency, percent: percent)
        let low = number.value * number.scale
        candidate.scale = number.scale
        candidate.suffixScaleOnly = number.suffixScale
        candidate.low = low
        candidate.high = range?.high ?? low
        if range != nil { candidate.bound = .range }
        candidate.isPlainInteger = !token.hasComma && !token.hasDecimal && number.scale == 1 && !token.isScientific && token.isNumber
        next = readUnit(&candidate, number: number, currency: currency, percent: percent, at: next)
        next = readCountedNoun(&candidate, token: token, value: low, at: next)
        // Years: a plain four-digit number that nothing else claimed.
        if candidate.unit == nil, currency == nil, isYearLike(token), number.scale == 1, !number.isWord {
            return plainYear(candidate, second: range?.second, last: next)
        }
        next = readRate(&candidate, at: next)
        next = readPostBound(&candidate, at: next)
        candidate.last = next
        readPreBound(&candidate)
        return candidate
    }

    /// A decade or century as a span of years: "1990s", "1800s", and with an apostrophe "'90s".
    func decade(_ opened: FigureCandidate, number: Num) -> FigureCandidate? {
        var candidate = opened
        let token = tokens[number.token]
        var base = number.value
        let start = candidate.first
        if token.intDigits == 2, start > 0, sym(start - 1) == "'" || sym(start - 1) == "’" {
            base += 1900
            candidate.first = start - 1
        }
        guard base >= 1000, base <= 2100, base.truncatingRemainder(dividingBy: 10) == 0, !token.hasComma else { return nil }
        let span = base.truncatingRemainder(dividingBy: 100) == 0 ? 99.0 : 9.0
        candidate.low = base
        candidate.high = base + span
        candidate.bound = .range
        candidate.unit = "year"
        candidate.kind = .year
        return finishYear(candidate)
    }

    /// A year of an era, glued or not: "300 BC", "79AD"; negative before Christ.
    func eraYear(_ opened: FigureCandidate, number: Num, at next: Int) -> FigureCandidate? {
        guard number.unitSuffix.map({ Lexicon.eras.contains($0) }) ?? true else { return nil }
        let era = number.unitSuffix ?? (next < tokens.count && tokens[next].isWord ? tokens[next].text : "")
        guard Lexicon.eras.contains(era), !number.isWord, !tokens[number.token].hasDecimal, number.scale == 1 else { return nil }
        var candidate = opened
        let beforeChrist = era.hasPrefix("B")
        candidate.low = beforeChrist ? -number.value : number.value
        candidate.high = candidate.low
        candidate.unit = "year"
        candidate.kind = .year
        candidate.last = number.unitSuffix == nil ? next + 1 : next
        return finishYear(candidate)
    }

    /// The upper end of a range after `number` ("4-5", "50 to 100", "between 20 and 30", "10% to
    /// 20%", "$3-$4") and the second number; `next` moves past it. The two share a scale and a unit
    /// suffix ("$4-5 billion", "1-2B"), which `number` takes even when what follows is no range.
    func readRange(_ number: inout Num, next: inout Int, start: Int, currency: String?, percent: Bool) -> (high: Double, second: Num)? {
        guard let rangeEnd = readRangeEnd(after: next, first: number, currency: currency, percent: percent, start: start) else { return nil }
        let second = rangeEnd.number
        // Share the scale: "$4-5 billion", "1-2B", "30 to 300 trillion".
        if number.scale == 1, second.scale != 1 {
            number.scale = second.scale
            number.suffixScale = second.suffixScale
        }
        if number.unitSuffix == nil { number.unitSuffix = second.unitSuffix }
        var high = second.value * second.scale
        if isYearLike(tokens[number.token]), second.value < 100, tokens[second.token].intDigits == 2, number.scale == 1 {
            // "1939-45"
            high = (number.value / 100).rounded(.down) * 100 + second.value
        }
        let low = number.value * number.scale
        if high > low {
            next = rangeEnd.end
            return (high, second)
        }
        if word(start - 1) == "between" || word(start - 2) == "between", high < low {
            // "between 4,000 and 2,000 years ago" still names one span.
            number.value = high
            number.scale = 1
            next = rangeEnd.end
            return (low, second)
        }
        return nil
    }

    /// The unit after a number: its currency, "%", a glued unit ("80GB"), a currency word or code,
    /// or a unit word or symbol. Returns the index after it.
    func readUnit(_ candidate: inout FigureCandidate, number: Num, currency: String?, percent: Bool, at start: Int) -> Int {
        if let currency {
            candidate.unit = currency
            candidate.kind = .money
            candidate.suffixScaleOnly = false
            return absorbCurrencyAfter(start, currency)
        }
        if percent {
            candidate.unit = "%"
            candidate.kind = .percent
            return start
        }
        if let suffix = number.unitSuffix,
           let info = Lexicon.symbolUnits[suffix] ?? (suffix == suffix.lowercased() ? Lexicon.wordUnits[suffix] : nil) {
            return applyUnit(&candidate, info, at: start, symbolText: suffix)
        }
        if let (code, end) = currencyAfter(start, scaled: candidate.scale > 1) {
            candidate.unit = code
            candidate.kind = .money
            candidate.suffixScaleOnly = false
            return end
        }
        if let (info, end, text) = unitAfter(start) {
            return applyUnit(&candidate, info, at: end, symbolText: text)
        }
        if sym(start) == "%" {
            candidate.unit = "%"
            candidate.kind = .percent
            return start + 1
        }
        return start
    }

    /// What a unitless number counts: parameters ("a 100B model"), a hyphenated noun ("five-letter
    /// word") or a run of words ending in a plural ("two investor groups"). Returns the index after it.
    func readCountedNoun(_ candidate: inout FigureCandidate, token: FigureToken, value: Double, at start: Int) -> Int {
        guard candidate.unit == nil else { return start }
        if candidate.scale > 1 || candidate.suffixScaleOnly, let noun = word(start), Lexicon.modelNouns.contains(noun) {
            // "a 100B model": a parameter count.
            candidate.unit = "count"
            candidate.kind = .count
            candidate.subject = "parameter"
            candidate.suffixScaleOnly = false
            return start + 1
        }
        if !isYearLike(token), let (subject, end) = hyphenNoun(start) {
            // "five-letter word", "four-person team".
            candidate.unit = "count"
            candidate.kind = .count
            candidate.subject = subject
            return end
        }
        if !isYearLike(token) || nextIsLowercasePlural(start),
           let (subject, end) = subjectRun(start, value: value, hasScale: candidate.scale > 1 || candidate.suffixScaleOnly || token.hasComma) {
            candidate.unit = "count"
            candidate.kind = .count
            candidate.subject = subject
            candidate.suffixScaleOnly = false
            return end
        }
        return start
    }

    /// A plain four-digit number as a year, or as a span of years when a range ends it ("1939-45").
    func plainYear(_ opened: FigureCandidate, second: Num?, last: Int) -> FigureCandidate? {
        var candidate = opened
        candidate.unit = "year"
        candidate.kind = .year
        if let second {
            guard isYearLike(tokens[second.token]) || tokens[second.token].intDigits == 2 else { return nil }
            candidate.bound = .range
        }
        candidate.last = last
        return finishYear(candidate)
    }

    /// Takes in what dates a year from before it: a hedge ("around 2016", "~2016"), a month or
    /// season ("March 2020", "early 2020"), a prefix ("mid-2020"). Bound words do not apply to years.
    func finishYear(_ year: FigureCandidate) -> FigureCandidate {
        var candidate = year
        var before = candidate.first - 1
        if before >= 0, let symbol = sym(before), Lexicon.approxSymbols.contains(symbol) {
            candidate.approx = true
            candidate.first = before
            before -= 1
        }
        if let hedge = word(before), Lexicon.yearHedges.contains(hedge) {
            candidate.approx = true
            candidate.first = before
        } else if let part = word(before), Lexicon.months.contains(part) || Lexicon.seasonsAndParts.contains(part),
                  tokens[before].isCapitalized || Lexicon.lowercaseYearParts.contains(part) {
            candidate.first = before
        } else if sym(before) == "-", before > 0, let prefix = word(before - 1), Lexicon.yearPrefixes.contains(prefix) {
            candidate.first = before - 1
        }
        return candidate
    }

    /// "-letter" in "five-letter": a singular noun glued by a hyphen, not an adjective ending.
    func hyphenNoun(_ hyphen: Int) -> (String, Int)? {
        guard let dash = sym(hyphen), dash == "-" || dash == "–", glued(hyphen), glued(hyphen + 1), let noun = word(hyphen + 1),
              !tokens[hyphen + 1].isCapitalized else { return nil }
        if Lexicon.stopWords.contains(noun) || Lexicon.functionWords.contains(noun) || Lexicon.wordUnits[noun] != nil || singular(noun) != nil {
            return nil
        }
        if Lexicon.adjectiveEndings.contains(where: { noun.hasSuffix($0) }) { return nil }
        guard noun.count >= 3, sym(hyphen + 2) != "-" else { return nil }
        return (noun, hyphen + 2)
    }

    func nextIsLowercasePlural(_ index: Int) -> Bool {
        guard index < tokens.count, tokens[index].isWord, !tokens[index].isCapitalized else { return false }
        return singular(tokens[index].text) != nil
    }

    struct RangeEnd {
        var number: Num
        var end: Int
    }

    /// The second number of a range whose connector stands at `after` (a dash, "to", "through", or
    /// "and" after "between"), when it fits the first: same kind of number, same unit suffix, "%" on both.
    func readRangeEnd(after: Int, first: Num, currency: String?, percent: Bool, start: Int) -> RangeEnd? {
        guard after < tokens.count else { return nil }
        let connector: String
        if let dash = sym(after), dash == "-" || dash == "–" || dash == "—" {
            // Either glued on both sides or spaced on both sides.
            let gluedBoth = !tokens[after].spaceBefore && glued(after + 1)
            let spacedBoth = tokens[after].spaceBefore && after + 1 < tokens.count && tokens[after + 1].spaceBefore
            guard gluedBoth || spacedBoth else { return nil }
            connector = "-"
        } else if let link = word(after), link == "to" || link == "and" || link == "through" {
            connector = link
        } else {
            return nil
        }
        // "between X and Y" is a range; a bare "X and Y" is two figures.
        var before = start - 1
        while before >= 0, let hedge = word(before), Lexicon.rangeHedges.contains(hedge) { before -= 1 }
        if connector == "and", word(before) != "between" { return nil }
        if connector == "to" || connector == "through", word(before) == "from" {
            // "rose from 10 to 20" is a change, not a range (unless both are years: one period).
            let changed = clauseWord(from: before - 1, backTo: before - 5) { Lexicon.changeWords.contains($0) }
            if changed, !isYearLike(tokens[first.token]) { return nil }
        }
        var position = after + 1
        if let currency, let symbol = sym(position), Lexicon.currencySymbols[symbol] == currency { position += 1 }
        guard let second = readNum(position, allowOne: true), !second.isDecade else { return nil }
        // A year does not start a range of amounts ("in 1901 to 9.4 million tons").
        if isYearLike(tokens[first.token]), first.scale == 1, !isYearLike(tokens[second.token]),
           !(tokens[second.token].intDigits == 2 && connector == "-") {
            return nil
        }
        if first.isWord != second.isWord, connector == "-" { return nil }
        var end = second.end
        if percent {
            guard sym(end) == "%" else { return nil }
            end += 1
        } else if let unit = first.unitSuffix {
            guard second.unitSuffix == unit else { return nil }
        }
        return RangeEnd(number: second, end: end)
    }

    // MARK: - Units

    func absorbCurrencyAfter(_ index: Int, _ currency: String) -> Int {
        if index < tokens.count, tokens[index].isWord, Lexicon.currencyCodes.contains(tokens[index].text),
           Lexicon.isoCode(tokens[index].text) == currency {
            return index + 1
        }
        if let name = word(index), Lexicon.currencyWords[name] == currency, name != "won" { return index + 1 }
        return index
    }

    /// A currency word or code after the number, with an optional adjective: "new rubles", "Korean won".
    func currencyAfter(_ start: Int, scaled: Bool) -> (String, Int)? {
        guard start < tokens.count, tokens[start].isWord else { return nil }
        if Lexicon.currencyCodes.contains(tokens[start].text), tokens[start].text.count == 3 {
            return (Lexicon.isoCode(tokens[start].text), start + 1)
        }
        var position = start
        var adjective: String?
        if let nationality = word(position), lex(position + 1)?.has(.currencyWord) ?? false, Lexicon.currencyAdjectives[nationality] != nil {
            adjective = nationality
            position += 1
        } else if word(position) == "hong", word(position + 1) == "kong" {
            adjective = "kong"
            position += 2
        }
        guard let name = word(position), tokens[position].lex.has(.currencyWord), var code = Lexicon.currencyWords[name] else { return nil }
        if let adjective, let national = Lexicon.currencyAdjectives[adjective]?[name] { code = national }
        if name == "pound" || name == "pounds", !(scaled || moneyCue || adjective != nil) { return nil }
        if name == "marks" || name == "rand", adjective == nil, !moneyCue { return nil }
        return (code, position + 1)
    }

    /// A unit word or symbol starting at `start`, longest first: "metric tons", "orders of magnitude".
    func unitAfter(_ start: Int) -> (Lexicon.UnitInfo, Int, String)? {
        guard start < tokens.count else { return nil }
        // Hyphenated compound: "18-month", "65-nanometer", "kilowatt-hours".
        if let dash = sym(start), dash == "-" || dash == "–", glued(start), glued(start + 1), start + 1 < tokens.count {
            if let unitWord = word(start + 1) {
                if let info = Lexicon.wordUnits[unitWord], info.hyphenable {
                    if sym(start + 2) == "-", glued(start + 2), let second = word(start + 3),
                       let compound = Lexicon.wordUnits[unitWord + "-" + second] {
                        return (compound, start + 4, second)
                    }
                    return (info, start + 2, unitWord)
                }
            } else if start + 1 < tokens.count, tokens[start + 1].isWord, let info = Lexicon.symbolUnits[tokens[start + 1].text],
                      info.kind != .duration || tokens[start + 1].text.count > 1 {
                return (info, start + 2, tokens[start + 1].text)
            }
            return nil
        }
        guard tokens[start].isWord || tokens[start].kind == .symbol else { return nil }
        let lower = tokens[start].lower
        if tokens[start].isSymbol("°") {
            if start + 1 < tokens.count, glued(start + 1), tokens[start + 1].text == "C" { return (Lexicon.celsius, start + 2, "°C") }
            if start + 1 < tokens.count, glued(start + 1), tokens[start + 1].text == "F" { return (Lexicon.fahrenheit, start + 2, "°F") }
            return (Lexicon.wordUnits["degrees"]!, start + 1, "°")
        }
        // Only a word that starts a multi-word unit can start one here; the test spares joining Strings.
        let phrase = tokens[start].isWord && tokens[start].lex.has(.unitPhrase)
        if phrase, let second = word(start + 1), let third = word(start + 2), let info = Lexicon.wordUnits[lower + " " + second + " " + third] {
            return (info, start + 3, third)
        }
        if phrase, sym(start + 1) == "-", glued(start + 1), glued(start + 2), let second = word(start + 2),
           let info = Lexicon.wordUnits[lower + "-" + second] {
            return (info, start + 3, second)
        }
        if phrase, let second = word(start + 1), let info = Lexicon.wordUnits[lower + " " + second] { return (info, start + 2, second) }
        if let info = Lexicon.symbolUnits[tokens[start].text] {
            // Single letters after a space are too ambiguous, except W, V, m, s, h, g.
            if tokens[start].kind == .symbol && tokens[start].text != "%" && tokens[start].text != "×" { return nil }
            if tokens[start].text == "x" || tokens[start].text == "X" { return nil }
            // "FLOP/s"
            if info.unit == "FLOP", sym(start + 1) == "/", word(start + 2) == "s" {
                return (Lexicon.UnitInfo(kind: .compute, unit: "FLOP/s", factor: info.factor), start + 3, "FLOP/s")
            }
            return (info, start + 1, tokens[start].text)
        }
        if tokens[start].isWord, tokens[start].lex.has(.wordUnit), let info = Lexicon.wordUnits[lower] {
            if lower == "pound" || lower == "pounds", moneyCue { return nil }
            if info.unit == "FLOP", sym(start + 1) == "/", word(start + 2) == "s" {
                return (Lexicon.UnitInfo(kind: .compute, unit: "FLOP/s", factor: info.factor), start + 3, "FLOP/s")
            }
            return (info, start + 1, lower)
        }
        if tokens[start].isWord, Lexicon.tonnageWords.contains(lower) {
            let mega = lower.hasPrefix("mega")
            if explosiveCue {
                return (Lexicon.UnitInfo(kind: .energy, unit: "Wh", factor: (mega ? 4.184e15 : 4.184e12) / 3600), start + 1, lower)
            }
            return (Lexicon.UnitInfo(kind: .other, unit: "kg", factor: mega ? 1e9 : 1e6), start + 1, lower)
        }
        return nil
    }

    /// Sets kind, unit and factor; decides node vs length for nanometres. Returns the next index.
    func applyUnit(_ candidate: inout FigureCandidate, _ unit: Lexicon.UnitInfo, at start: Int, symbolText: String) -> Int {
        var end = start
        var info = unit
        candidate.suffixScaleOnly = false
        if info.unit == "m", info.factor == 1e-9 {
            // Nanometres: a node unless a non-node noun follows ("26-nanometer pitch").
            var node = Lexicon.knownNodes.contains(candidate.low ?? -1)
            if let following = word(end) {
                if Lexicon.nodeWords.contains(following) {
                    node = true
                } else if !tokens[end].isCapitalized, !Lexicon.stopWords.contains(following), !Lexicon.functionWords.contains(following) {
                    node = false  // a content noun: "pitch", "virus", "wavelength"
                }
            }
            if node {
                candidate.unit = "nm"
                candidate.kind = .node
                return end
            }
        }
        if info.unit == "FLOP", info.factor > 1 { info.unit = "FLOP/s" }
        candidate.unit = info.unit
        candidate.kind = info.kind
        if info.factor != 1 || info.offset != 0 {
            candidate.low = candidate.low.map { $0 * info.factor + info.offset }
            candidate.high = candidate.high.map { $0 * info.factor + info.offset }
        }
        // Speeds and data rates carry their own denominator (mph, Gbps).
        if info.kind != .duration, let per = info.perName {
            candidate.per = per
            candidate.perQuantity = 1
        }
        // "(MW)" restating the unit is part of the figure.
        if sym(end) == "(", end + 2 < tokens.count, tokens[end + 1].isWord, Lexicon.symbolUnits[tokens[end + 1].text] != nil, sym(end + 2) == ")" {
            end += 3
        }
        if info.kind == .ratio, word(end) == "of", word(end + 1) == "magnitude" { end += 2 }
        return end
    }

    // MARK: - Counted nouns

    /// Singular of a plural noun, or nil when `noun` does not look plural.
    func singular(_ noun: String) -> String? {
        let lower = noun.lowercased()
        if let irregular = Lexicon.irregularPlurals[lower] { return lower == noun ? irregular : noun }
        // Acronym plurals: GPUs, TPUs, FPGAs.
        if noun.count >= 3, noun.hasSuffix("s"), noun.dropLast().allSatisfy({ $0.isUppercase || $0.isNumber }) { return String(noun.dropLast()) }
        guard noun.count >= 3, lower.hasSuffix("s"), !Lexicon.notPlural.contains(lower), !lower.hasSuffix("ss"), !lower.hasSuffix("us"),
              !lower.hasSuffix("is"), !lower.hasSuffix("ous") else { return nil }
        if lower.hasSuffix("ies"), noun.count > 4 { return String(noun.dropLast(3)) + "y" }
        for ending in Lexicon.esPluralEndings where lower.hasSuffix(ending) { return String(noun.dropLast(2)) }
        return String(noun.dropLast())
    }

    /// The word a hyphen at `dash` glues onto the token before it ("equivalent" in "H100-equivalent").
    func hyphenatedWord(at dash: Int) -> String? {
        guard sym(dash) == "-", glued(dash), glued(dash + 1), dash + 1 < tokens.count, tokens[dash + 1].isWord else { return nil }
        return tokens[dash + 1].text
    }

    /// Whether the number before `index` is written in digits (maths writes `0`; prose, "zero likes").
    func digitsBefore(_ index: Int) -> Bool {
        index > 0 && index <= tokens.count && tokens[index - 1].text.unicodeScalars.first.map(FigureTokenizer.isDigit) == true
    }

    /// Whether the word at `index` opens what a verb takes ("the", "an", "that"…) rather than
    /// a rate ("a month", "an hour": `a`/`an` before a unit word).
    func verbFollows(_ index: Int) -> Bool {
        guard let after = word(index), Lexicon.articlesAfterVerb.contains(after) else { return false }
        if after == "a" || after == "an", let unit = lex(index + 1), unit.has([.wordUnit, .rateAdverb]) { return false }
        return true
    }

    /// A counted noun after a number: up to three modifier tokens then a plural head
    /// ("two investor groups", "Ascend 910Bs"), or a single name or singular noun with large numbers.
    func subjectRun(_ start: Int, value: Double, hasScale: Bool) -> (String, Int)? {
        var parts: [String] = []
        var position = start
        var count = 0
        while position < tokens.count, count < 4 {
            let token = tokens[position]
            if token.kind == .name || (token.isNumber && token.masked && token.spaceBefore && !token.suffix.isEmpty) {
                // A product name: "A100s", "GB200", "910Bs".
                let text = token.text
                if text.hasSuffix("s"), text.count > 2, let beforeS = text.unicodeScalars.dropLast().last,
                   FigureTokenizer.isDigit(beforeS) || beforeS.isUppercaseFast {
                    parts.append(String(text.dropLast()))
                    return (parts.joined(separator: " "), position + 1)
                }
                parts.append(text)
                position += 1
                count += 1
                // Hyphenated modifier after a name: "H100-equivalent".
                if let modifier = hyphenatedWord(at: position) {
                    parts[parts.count - 1] += "-" + modifier
                    position += 2
                }
                continue
            }
            guard token.isWord, !token.masked else { break }
            let lower = token.lower
            if token.lex.has(.stop) || token.lex.has(.function) && !token.isCapitalized { break }
            if token.lex.has([.wordUnit, .currencyWord, .scale, .rateAdverb]) { break }
            if lower.hasSuffix("ly") || lower.hasSuffix("ing") && count == 0 { break }
            var text = token.text
            var next = position + 1
            // Hyphen compounds: "Hiroshima-sized", "H100-equivalent".
            if let second = hyphenatedWord(at: next) {
                text += "-" + second
                next += 2
                if let third = hyphenatedWord(at: next) {
                    text += "-" + third
                    next += 2
                }
                parts.append(text)
                position = next
                count += 1
                continue
            }
            if token.possessive { break }
            if let head = singular(text) {
                // "an input of 0 yields the output", "a slope of 1 means the line…": a verb (an -s
                // form right before an article) after a bare 0 or 1, a symbol in a statement of
                // maths, not an amount. Larger counts keep their noun ("three teams that…").
                if count == 0, value <= 1, digitsBefore(start), verbFollows(next) { return nil }
                parts.append(head)
                return (parts.joined(separator: " "), next)
            }
            parts.append(text)
            position = next
            count += 1
        }
        guard let first = tokens.indices.contains(start) ? tokens[start] : nil else { return nil }
        if first.kind == .name || (first.isNumber && first.masked) {
            return (first.text, start + 1)
        }
        // A singular noun right after a large or scaled number: "20,000 category", "8 billion parameter".
        if hasScale || value == 1, first.isWord, !first.isCapitalized, !first.masked {
            let lower = first.lower
            if !first.lex.has([.stop, .function, .wordUnit, .rateAdverb]), !lower.hasSuffix("ly"), !lower.hasSuffix("ed"),
               !lower.hasSuffix("ing"), lower.count >= 3, !(value <= 1 && digitsBefore(start) && verbFollows(start + 1)) {
                return (first.text, start + 1)
            }
        }
        return nil
    }

    // MARK: - Rates and bounds

    /// The rate denominator for a word after "per" / "/" / "a".
    func perName(_ index: Int) -> (String, Int, Double)? {
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        guard token.isWord || token.kind == .name else { return nil }
        if let info = Lexicon.wordUnits[token.lower], let per = info.perName { return (per, index + 1, 1) }
        if let info = Lexicon.symbolUnits[token.text], let per = info.perName { return (per, index + 1, 1) }
        if token.lower == "capita" || token.lower == "head" { return ("person", index + 1, 1) }
        if token.lower == "annum" { return ("year", index + 1, 1) }
        if Lexicon.stopWords.contains(token.lower) || Lexicon.functionWords.contains(token.lower) && token.lower != "second" { return nil }
        if let info = Lexicon.symbolUnits[token.text] ?? Lexicon.wordUnits[token.lower], info.kind == .energy || info.kind == .data {
            return (info.unit, index + 1, info.factor)
        }
        // "per million input tokens": the plural head names the denominator.
        if singular(token.text) == nil, index + 1 < tokens.count, tokens[index + 1].isWord, tokens[index + 1].spaceBefore,
           let head = singular(tokens[index + 1].text), !Lexicon.stopWords.contains(tokens[index + 1].lower) {
            return (head == head.uppercased() ? head : head.lowercased(), index + 2, 1)
        }
        let base = singular(token.text) ?? token.text
        return (base == base.uppercased() ? base : base.lowercased(), index + 1, 1)
    }

    /// The number in "/100 tokens" or "per 1M tokens", with its glued scale; 1 when there is none.
    /// `position` moves past it.
    func rateQuantity(at position: inout Int) -> Double {
        guard position < tokens.count, tokens[position].isNumber, !tokens[position].masked else { return 1 }
        var quantity = tokens[position].value
        if let scale = Lexicon.scaleSuffixes[tokens[position].suffix] { quantity *= scale }
        position += 1
        return quantity
    }

    /// Gives `candidate` a rate of one `per` and returns `end`.
    func setRate(_ candidate: inout FigureCandidate, per: String, end: Int) -> Int {
        candidate.per = per
        candidate.perQuantity = 1
        return end
    }

    /// A rate after a figure: "/hour", "per 1M tokens", "a day", "annually", "p.a.", "year over year", "YoY".
    mutating func readRate(_ candidate: inout FigureCandidate, at start: Int) -> Int {
        guard candidate.per == nil else { return start }
        if sym(start) == "/", glued(start) || glued(start + 1) {
            var position = start + 1
            let quantity = rateQuantity(at: &position)
            guard let (per, end, factor) = perName(position) else { return start }
            candidate.per = per
            candidate.perQuantity = quantity * factor
            return end
        }
        guard let lower = word(start) else { return start }
        if lower == "per" { return readPer(&candidate, at: start) }
        if Lexicon.rateDeterminers.contains(lower), let unitWord = word(start + 1), tokens[start + 1].lex.has(.wordUnit),
           let info = Lexicon.wordUnits[unitWord], let per = info.perName,
           info.kind == .duration, !unitWord.hasSuffix("s") {
            return setRate(&candidate, per: per, end: start + 2)
        }
        if tokens[start].lex.has(.rateAdverb), let per = Lexicon.rateAdverbs[lower], lower != "quarterly" {
            return setRate(&candidate, per: per, end: start + 1)
        }
        if lower == "p", sym(start + 1) == ".", word(start + 2) == "a" { return setRate(&candidate, per: "year", end: start + 4) }
        if lower == "year" || lower == "month", word(start + 1) == "over" || word(start + 1) == "on", word(start + 2) == lower {
            return setRate(&candidate, per: lower, end: start + 3)
        }
        if lower == "year" || lower == "month", sym(start + 1) == "-", Lexicon.periodComparisons.contains(word(start + 2) ?? ""),
           sym(start + 3) == "-", word(start + 4) == lower {
            return setRate(&candidate, per: lower, end: start + 5)
        }
        if tokens[start].text == "YoY" { return setRate(&candidate, per: "year", end: start + 1) }
        if tokens[start].text == "MoM" { return setRate(&candidate, per: "month", end: start + 1) }
        return start
    }

    /// "per" at `start` and its denominator: "per hour", "per 1M tokens", "per million", "per a
    /// thousand"; not "per cent". Returns the index after it, or `start` when there is none.
    func readPer(_ candidate: inout FigureCandidate, at start: Int) -> Int {
        var position = start + 1
        var quantity = rateQuantity(at: &position)
        while let scale = lex(position)?.scale {
            quantity *= scale
            position += 1
        }
        if word(position) == "a" || word(position) == "one", lex(position + 1)?.scale != nil {
            position += 1
            while let scale = lex(position)?.scale {
                quantity *= scale
                position += 1
            }
        }
        if word(position) == "cent" { return start }
        guard let (per, end, factor) = perName(position) else { return start }
        candidate.per = per
        candidate.perQuantity = quantity * factor
        return end
    }

    /// Bound words after a figure: "10+", "10 or more", "18 and up", "10 or less", "10 or so", "10 plus".
    func readPostBound(_ candidate: inout FigureCandidate, at start: Int) -> Int {
        if sym(start) == "+", glued(start), !(start + 1 < tokens.count && tokens[start + 1].isNumber && tokens[start + 1].spaceBefore == false) {
            if candidate.bound == .eq { candidate.bound = .ge }
            return start + 1
        }
        guard let connector = word(start) else { return start }
        if connector == "or" || connector == "and", let comparison = word(start + 1) {
            if connector == "or", Lexicon.orLessWords.contains(comparison) {
                if candidate.bound == .eq { candidate.bound = .le }
                return start + 2
            }
            if Lexicon.orMoreWords.contains(comparison) || (connector == "and" && Lexicon.andUpWords.contains(comparison)) {
                if word(start + 2) == "than" { return start }
                if candidate.bound == .eq { candidate.bound = .ge }
                return start + 2
            }
            if connector == "or", comparison == "so" {
                candidate.approx = true
                return start + 2
            }
        }
        if connector == "plus", !(start + 1 < tokens.count && (tokens[start + 1].isNumber || lex(start + 1)?.units != nil)) {
            if candidate.bound == .eq { candidate.bound = .ge }
            return start + 1
        }
        return start
    }

    func matchPhrase(_ words: [String], endingAt end: Int) -> Bool {
        var position = end
        for expected in words.reversed() {
            guard position >= 0 else { return false }
            if tokens[position].kind == .symbol {
                guard tokens[position].text == expected else { return false }
            } else {
                guard tokens[position].isWord, tokens[position].lower == expected else { return false }
            }
            position -= 1
        }
        return true
    }

    /// Hedges and bounds before a figure, up to three of them ("well over", "approximately", "sub-"),
    /// taken into it; then a range keeps its range and a bound drops the open end.
    mutating func readPreBound(_ candidate: inout FigureCandidate) {
        var before = candidate.first - 1
        var rounds = 0
        while before >= 0, rounds < 3, let length = applyPrePhrase(endingAt: before, to: &candidate) {
            before -= length
            rounds += 1
        }
        candidate.first = before + 1
        // "is estimated to receive" does not hedge; "the estimated cost was 160 billion" does.
        if !candidate.approx, followsEstimated(candidate.first) { candidate.approx = true }
        // Bounds on a range keep the range ("up to 50-70%").
        if candidate.high != candidate.low, candidate.low != nil, candidate.high != nil { candidate.bound = .range }
        applyBoundShape(&candidate)
    }

    /// Applies the phrase of `Lexicon.prePhrases` (or "sub-") that ends at `end`, and returns its
    /// length in tokens; nil when none ends there.
    func applyPrePhrase(endingAt end: Int, to candidate: inout FigureCandidate) -> Int? {
        let last = tokens[end].kind == .symbol ? tokens[end].text : tokens[end].isWord ? tokens[end].lower : nil
        for (words, effect) in last.flatMap({ Lexicon.prePhrasesByLast[$0] }) ?? [] where matchPhrase(words, endingAt: end) {
            // "some" hedges only digits; "within" bounds only durations.
            if words == ["some"], !(tokens[candidate.first].isNumber || sym(candidate.first) != nil) { continue }
            if words == ["within"], candidate.kind != .duration { continue }
            switch effect {
            case .approx:
                candidate.approx = true
            case .bound(let bound):
                if candidate.bound == .eq { candidate.bound = bound }
            case .factor:
                if candidate.unit == nil {
                    candidate.unit = "x"
                    candidate.kind = .ratio
                }
            }
            return words.count
        }
        // "sub-10nm"
        if sym(end) == "-", glued(end + 1), word(end - 1) == "sub" {
            if candidate.bound == .eq { candidate.bound = .lt }
            return 2
        }
        return nil
    }

    /// "estimated" at most four tokens before `first`, in the same clause and not before a "to".
    func followsEstimated(_ first: Int) -> Bool {
        var position = first - 1
        var steps = 0
        while position >= 0, steps < 4, !isClauseBreak(position), sym(position) != "," {
            if let before = word(position) {
                if before == "to" { return false }
                if before == "estimated" { return true }
            }
            position -= 1
            steps += 1
        }
        return false
    }

    func applyBoundShape(_ candidate: inout FigureCandidate) {
        switch candidate.bound {
        case .gt, .ge: candidate.high = nil
        case .lt, .le: candidate.low = nil
        default: break
        }
    }

    // MARK: - Numbers without digits

    /// Vague plurals, fractions, multiplier words, implied durations and N-nodes.
    mutating func parseSpecial(at start: Int) -> FigureCandidate? {
        // TSMC-style node names: N2, N3, N5.
        if isNodeName(start), let node = Double(tokens[start].text.dropFirst()) {
            var candidate = FigureCandidate(first: start, last: start + 1, low: node, high: node, unit: "nm", kind: .node)
            readPreBound(&candidate)
            return candidate
        }
        guard tokens[start].isWord, !tokens[start].masked else { return nil }
        let lower = tokens[start].lower
        // Only these words open any of the forms below; most words leave here without
        // building a candidate.
        guard tokens[start].lex.has([.vague, .fold, .units]) || lower == "a" || lower == "an" || lower == "one" || lower == "half" else {
            return nil
        }
        if let base = tokens[start].lex.vague { return parseVague(at: start, base: base) }
        // Multiplier words: "fourfold", "four-fold".
        if let fold = tokens[start].lex.fold {
            var candidate = FigureCandidate(first: start, last: start + 1, low: fold, high: fold, unit: "x", kind: .ratio)
            readPreBound(&candidate)
            return candidate
        }
        // Fractions: "half of", "a third of", "two-thirds", "half a century".
        if let fraction = parseFraction(at: start) { return fraction }
        if lower == "a" || lower == "an" { return parseImpliedDuration(at: start) }
        return nil
    }

    /// A vague plural as a lower bound: "hundreds of billions", "thousands of developers", "losing millions".
    mutating func parseVague(at start: Int, base: Double) -> FigureCandidate? {
        let lower = tokens[start].lower
        var value = base
        var end = start + 1
        var chained = false
        while word(end) == "of", let more = lex(end + 1)?.vague, more >= 1000 {
            value *= more
            end += 2
            chained = true
        }
        var candidate = FigureCandidate(first: start, last: end, low: value, high: nil, bound: .ge)
        candidate.isVague = true
        candidate.scale = value
        if word(end) == "of" {
            if let (code, after) = currencyAfter(end + 1, scaled: true) {
                candidate.unit = code
                candidate.kind = .money
                end = after
            } else if let (info, after, text) = unitAfter(end + 1) {
                end = applyUnit(&candidate, info, at: after, symbolText: text)
                candidate.high = nil
            } else if let (subject, after) = subjectRun(end + 1, value: value, hasScale: true) {
                candidate.unit = "count"
                candidate.kind = .count
                candidate.subject = subject
                end = after
            } else if lower == "tens" || lower == "dozens" {
                return nil
            }
        } else if !chained, lower == "tens" || lower == "dozens" || lower == "hundreds" {
            return nil
        } else if word(start - 1) == "the" || word(start - 1) == "of" {
            return nil
        }
        end = readRate(&candidate, at: end)
        candidate.last = end
        return candidate
    }

    /// An implied duration: "a decade", and a shorter one with a bound or hedge: "over a week".
    mutating func parseImpliedDuration(at start: Int) -> FigureCandidate? {
        guard let unitWord = word(start + 1), tokens[start + 1].lex.has(.wordUnit), let info = Lexicon.wordUnits[unitWord],
              info.kind == .duration, !unitWord.hasSuffix("s") else { return nil }
        let long = Lexicon.longDurations.contains(unitWord)
        var candidate = FigureCandidate(first: start, last: start + 2, low: info.factor, high: info.factor, unit: "s", kind: .duration)
        readPreBound(&candidate)
        if candidate.first == start, !long { return nil }
        if candidate.first == start, word(start - 1) == "per" || word(start - 1) == "than" { return nil }
        if !long, candidate.bound == .eq, !candidate.approx { return nil }
        return candidate
    }

    mutating func parseFraction(at start: Int) -> FigureCandidate? {
        let lower = tokens[start].lower
        let numerator: Double
        let denominator: Double
        var end = start + 1
        if lower == "half" {
            if let before = word(start - 1), Lexicon.halfParts.contains(before) { return nil }
            numerator = 1
            denominator = 2
        } else if lower == "a" || lower == "one" || tokens[start].lex.units != nil {
            var position = start + 1
            if sym(position) == "-", glued(position), glued(position + 1) { position += 1 }
            guard let part = word(position), let parts = tokens[position].lex.fraction, part != "half" || lower == "a" || lower == "one" else {
                return nil
            }
            // "a third" / "a quarter" need "of" unless hyphenated; "a half" is rare.
            if position == start + 1, word(position + 1) != "of", part != "half" { return nil }
            if part == "second" { return nil }
            numerator = lower == "a" ? 1 : (tokens[start].lex.units ?? 1)
            denominator = parts
            end = position + 1
        } else {
            return nil
        }
        let value = numerator / denominator
        // "half a century": a fraction of a unit.
        if word(end) == "a" || word(end) == "an", let unitWord = word(end + 1), tokens[end + 1].lex.has(.wordUnit),
           let info = Lexicon.wordUnits[unitWord] {
            var candidate = FigureCandidate(first: start, last: end + 2, low: value * info.factor, high: value * info.factor,
                                            unit: info.unit, kind: info.kind)
            readPreBound(&candidate)
            return candidate
        }
        if lower == "half" {
            guard let after = word(end), Lexicon.halfObjects.contains(after) else { return nil }
        }
        var candidate = FigureCandidate(first: start, last: end, low: value, high: value, unit: "1", kind: .ratio)
        if word(end) == "of" { candidate.last = end + 1 }
        readPreBound(&candidate)
        return candidate
    }

    // MARK: - Resolution

    /// Settles what candidates left open from their neighbours, in this order: units, rates,
    /// hedges, "from X to Y"; then drops what stayed unitless.
    package mutating func resolve(_ candidates: inout [FigureCandidate]) {
        inheritUnitsFromNext(&candidates)
        inheritUnitsFromBefore(&candidates)
        assignUnitsByContext(&candidates)
        resolveRates(&candidates)
        spreadHedges(&candidates)
        linkFromTo(&candidates)
        removeCandidates(&candidates) { _, candidate in candidate.unit == nil }
    }

    /// A bare number takes the unit of a coordinated neighbour after it: "30 or 40-minute",
    /// "1-2B or 500M parameter".
    func inheritUnitsFromNext(_ candidates: inout [FigureCandidate]) {
        let count = candidates.count
        for index in stride(from: count - 1, through: 0, by: -1) where candidates[index].unit == nil {
            guard index + 1 < count, let unit = candidates[index + 1].unit, unit != "year" else { continue }
            let gapStart = candidates[index].last
            let gapEnd = candidates[index + 1].first
            let gap = gapStart < gapEnd ? (gapStart..<gapEnd).map { tokens[$0].lower } : []
            if !gap.isEmpty, gap.count <= 3, gap.allSatisfy({ Lexicon.unitJoiners.contains($0) }), gap.contains(where: { $0 != "even" }) {
                inherit(&candidates[index], from: candidates[index + 1], scale: true)
            }
        }
    }

    /// A bare number after "to", "or", "than", "instead of"… takes the unit of the figure before,
    /// looking past years: "25,000 years instead of 10,000", "from 2.2 trillion won in 2001 to 10.8 trillion".
    func inheritUnitsFromBefore(_ candidates: inout [FigureCandidate]) {
        for index in 1..<max(candidates.count, 1) where candidates[index].unit == nil {
            let before = candidates[index].first - 1
            var coordinated = false
            if let link = word(before), Lexicon.coordinators.contains(link) { coordinated = true }
            if word(before) == "of", word(before - 1) == "instead" { coordinated = true }
            guard coordinated else { continue }
            var source = index - 1
            while source >= 0, candidates[source].unit == "year" { source -= 1 }
            guard source >= 0, let unit = candidates[source].unit, unit != "year" else { continue }
            // Candidates can overlap (a number split by junk): then nothing lies between them.
            let between = candidates[source].last..<max(candidates[source].last, candidates[index].first)
            if !hasClauseBreak(between) { inherit(&candidates[index], from: candidates[source], scale: false) }
        }
    }

    /// What is still unitless takes a unit from the words around it: "multiplies … by 96" a ratio,
    /// "costing hundreds of billions" money; else a scaled, vague or comma-grouped number is a count
    /// and a bare decimal a plain number.
    func assignUnitsByContext(_ candidates: inout [FigureCandidate]) {
        for index in candidates.indices where candidates[index].unit == nil {
            let first = candidates[index].first
            // Multiplying by 0 or 1 is a statement of arithmetic, not a change of any size.
            if word(first - 1) == "by", candidates[index].isPlainInteger, (candidates[index].low ?? 0) >= 2,
               clauseWord(from: first - 2, backTo: first - 12, where: { $0.hasPrefix("multipl") }) {
                candidates[index].unit = "x"
                candidates[index].kind = .ratio
                candidates[index].first -= 1
                continue
            }
            if candidates[index].scale > 1 && !candidates[index].suffixScaleOnly || candidates[index].isVague,
               clauseWord(from: first - 1, backTo: first - 4, where: { Lexicon.moneyContext.contains($0) }) {
                candidates[index].unit = nearestCurrency(candidates, index) ?? "USD"
                candidates[index].kind = .money
                continue
            }
            if candidates[index].suffixScaleOnly { continue }
            if candidates[index].scale > 1 || candidates[index].isVague || candidates[index].hasComma {
                candidates[index].unit = "count"
                candidates[index].kind = .count
            } else if candidates[index].hasDecimal {
                candidates[index].unit = "1"
                candidates[index].kind = .other
            }
        }
    }

    /// Hedges spread over a list: "approximately 80% fission and 20% fusion".
    func spreadHedges(_ candidates: inout [FigureCandidate]) {
        for index in 1..<max(candidates.count, 1) where !candidates[index].approx && candidates[index - 1].approx && candidates[index].bound == .eq {
            guard candidates[index].unit == candidates[index - 1].unit, candidates[index].unit != nil else { continue }
            let gapStart = candidates[index - 1].last
            let gapEnd = candidates[index].first
            let gap = gapStart < gapEnd ? (gapStart..<gapEnd).map { tokens[$0] } : []
            guard gap.count <= 3, gap.contains(where: { Lexicon.listJoiners.contains($0.lower) }),
                  !gap.contains(where: { $0.kind == .symbol && Lexicon.listBreaks.contains($0.text) }) else { continue }
            candidates[index].approx = true
        }
    }

    /// "from X to Y": two linked figures (the second takes the first's rate), or one period when
    /// both are adjacent years.
    func linkFromTo(_ candidates: inout [FigureCandidate]) {
        var merged: Set<Int> = []
        for index in candidates.indices where word(candidates[index].first - 1) == "to" || word(candidates[index].first - 1) == "through" {
            var from = index - 1
            while from >= 0, candidates[from].unit == "year", candidates[index].unit != "year" { from -= 1 }
            guard from >= 0, word(candidates[from].first - 1) == "from", candidates[from].unit != nil, candidates[index].unit != nil else { continue }
            guard !hasClauseBreak(candidates[from].last..<candidates[index].first) else { continue }
            if candidates[from].unit == "year", candidates[index].unit == "year" {
                if candidates[from].last == candidates[index].first - 1, let low = candidates[from].low, let high = candidates[index].high, high > low {
                    candidates[from].high = high
                    candidates[from].bound = .range
                    candidates[from].last = candidates[index].last
                    merged.insert(index)
                }
                continue
            }
            candidates[from].linked = index
            candidates[index].linked = from
            if candidates[index].per == nil, candidates[from].per != nil, candidates[index].unit == candidates[from].unit {
                candidates[index].per = candidates[from].per
                candidates[index].perQuantity = candidates[from].perQuantity
            }
        }
        if !merged.isEmpty { removeCandidates(&candidates) { index, _ in merged.contains(index) } }
    }

    /// Removes the candidates `drop` picks, and points links at the kept ones' new indices (a link
    /// to a removed one goes).
    func removeCandidates(_ candidates: inout [FigureCandidate], where drop: (Int, FigureCandidate) -> Bool) {
        var newIndex: [Int: Int] = [:]
        var kept: [FigureCandidate] = []
        for (index, candidate) in candidates.enumerated() where !drop(index, candidate) {
            newIndex[index] = kept.count
            kept.append(candidate)
        }
        for index in kept.indices { kept[index].linked = kept[index].linked.flatMap { newIndex[$0] } }
        candidates = kept
    }

    func nearestCurrency(_ candidates: [FigureCandidate], _ index: Int) -> String? {
        var best: (distance: Int, unit: String)?
        for (other, candidate) in candidates.enumerated() where candidate.kind == .money {
            guard let unit = candidate.unit else { continue }
            let distance = abs(other - index)
            if best == nil || distance < best!.distance { best = (distance, unit) }
        }
        return best?.unit
    }

    func inherit(_ candidate: inout FigureCandidate, from source: FigureCandidate, scale: Bool) {
        candidate.unit = source.unit
        candidate.kind = source.kind
        candidate.subject = source.subject
        if source.kind == .count || source.kind == .money || source.kind == .percent || source.kind == .ratio {
            candidate.per = source.per
            candidate.perQuantity = source.perQuantity
        }
        var factor = 1.0
        if scale, candidate.scale == 1, source.scale > 1 { factor = source.scale }
        if let unitFactor = unitFactor(source) { factor *= unitFactor }
        if factor != 1 {
            candidate.low = candidate.low.map { $0 * factor }
            candidate.high = candidate.high.map { $0 * factor }
        }
        candidate.suffixScaleOnly = false
    }

    /// The conversion factor a neighbour applied, recovered from its surface unit word.
    func unitFactor(_ source: FigureCandidate) -> Double? {
        guard source.kind != .money, source.kind != .count, source.kind != .percent, source.unit != "nm", source.unit != "year" else { return nil }
        for index in source.first..<source.last {
            if let (info, _, _) = unitAfter(index), info.unit == source.unit { return info.factor }
            if tokens[index].isNumber, !tokens[index].suffix.isEmpty,
               let info = Lexicon.symbolUnits[tokens[index].suffix] ?? Lexicon.wordUnits[tokens[index].suffix], info.unit == source.unit {
                return info.factor
            }
        }
        return nil
    }

    func rateable(_ candidate: FigureCandidate) -> Bool {
        guard let kind = candidate.kind else { return false }
        if [.year, .node, .duration].contains(kind) { return false }
        if kind == .other, candidate.unit == "m" || candidate.unit == "kg" || candidate.unit == "1" { return false }
        return candidate.per == nil
    }

    /// A rate word no figure took: an adverb ("annually", `adjective`) or "per …".
    struct DanglingRate {
        var per: String
        var quantity: Double
        var end: Int
        var adjective: Bool
    }

    /// Rate words not attached to a figure: "sold annually", "per year" a few words on,
    /// "average monthly wage … $15", "cost per million tokens … from ~$120 to ~$10".
    mutating func resolveRates(_ candidates: inout [FigureCandidate]) {
        var position = 0
        while position < tokens.count {
            guard !consumed[position], !tokens[position].masked, let rate = danglingRate(at: position) else {
                position += 1
                continue
            }
            var last = candidates.count - 1
            while last >= 0, candidates[last].last > position { last -= 1 }
            if !attachRateBackward(rate, at: position, from: last, to: &candidates) {
                attachRateForward(rate, at: position, from: last + 1, to: &candidates)
            }
            position = rate.end
        }
    }

    /// The rate word at `position`, if it is one. Every token asks: inlined into `resolveRates`.
    @inline(__always) mutating func danglingRate(at position: Int) -> DanglingRate? {
        if let adverb = word(position), tokens[position].lex.has(.rateAdverb), let per = Lexicon.rateAdverbs[adverb], adverb != "quarterly" {
            return DanglingRate(per: per, quantity: 1, end: position + 1, adjective: true)
        }
        if word(position) == "per" {
            var probe = FigureCandidate(first: 0, last: 0)
            let end = readRate(&probe, at: position)
            if end > position, let per = probe.per { return DanglingRate(per: per, quantity: probe.perQuantity ?? 1, end: end, adjective: false) }
        }
        return nil
    }

    /// Gives the rate at `position` to the nearest rate-able figure within ten tokens before it in
    /// its clause, from `last` back, stepping over lengths, masses and years. False when none takes
    /// it, or when a word that opens another clause (`FigureLexicon.clauseOpeners`) comes between.
    func attachRateBackward(_ rate: DanglingRate, at position: Int, from last: Int, to candidates: inout [FigureCandidate]) -> Bool {
        guard last >= 0, position - candidates[last].last <= 10 else { return false }
        var index = last
        while index >= 0, position - candidates[index].last <= 10 {
            if hasClauseBreak(candidates[index].last..<position) { return false }
            if opensClause(candidates[index].last..<position) { return false }
            if rateable(candidates[index]) {
                // An adjective right before a noun that starts a new phrase is forward-looking.
                if rate.adjective, position - candidates[index].last > 3, word(position + 1) != nil,
                   !(word(position + 1).map(Lexicon.stopWords.contains) ?? true) {
                    return false
                }
                give(rate, to: index, linkedToo: true, in: &candidates)
                return true
            }
            let steppedOver = candidates[index].kind == .other && (candidates[index].unit == "m" || candidates[index].unit == "kg")
                || candidates[index].kind == .year
            guard steppedOver else { return false }
            index -= 1
        }
        return false
    }

    /// Whether a word in `range` opens a clause of its own (`FigureLexicon.clauseOpeners`): a
    /// rate word does not reach a figure across it, backward or forward.
    func opensClause(_ range: Range<Int>) -> Bool {
        range.contains { word($0).map(Lexicon.clauseOpeners.contains) ?? false }
    }

    /// A dangling rate governs the next figures of its clause, from `first` on, up to a word that
    /// opens another clause; an adjective only the next one, and not a count.
    func attachRateForward(_ rate: DanglingRate, at position: Int, from first: Int, to candidates: inout [FigureCandidate]) {
        var index = first
        while index < candidates.count {
            if hasClauseBreak(position..<candidates[index].first) || opensClause(rate.end..<max(rate.end, candidates[index].first)) { break }
            if rateable(candidates[index]), candidates[index].kind != .count || !rate.adjective {
                give(rate, to: index, linkedToo: !rate.adjective, in: &candidates)
                if rate.adjective { break }
            }
            index += 1
        }
    }

    /// Sets the rate on a candidate, and on the figure linked to it when that has none.
    func give(_ rate: DanglingRate, to index: Int, linkedToo: Bool, in candidates: inout [FigureCandidate]) {
        candidates[index].per = rate.per
        candidates[index].perQuantity = rate.quantity
        if linkedToo, let linked = candidates[index].linked, candidates[linked].per == nil {
            candidates[linked].per = rate.per
            candidates[linked].perQuantity = rate.quantity
        }
    }

    // MARK: - Output

    func finish(_ candidate: FigureCandidate) -> Figure? {
        guard let unit = candidate.unit, let kind = candidate.kind else { return nil }
        let start = tokens[candidate.first].start
        let end = tokens[candidate.last - 1].end
        var low = candidate.low
        var high = candidate.high
        var bound = candidate.bound
        if bound == .range, low != nil, low == high { bound = .eq }
        if bound == .eq { high = low }
        if kind == .year, bound != .range { high = low }
        var per = candidate.per
        var perQuantity = candidate.perQuantity
        if per == nil {
            perQuantity = nil
        } else if perQuantity == nil {
            perQuantity = 1
        }
        // Years and nodes are never rates; durations keep theirs.
        if kind == .year || kind == .node, per != nil {
            per = nil
            perQuantity = nil
        }
        if low == nil, high == nil { return nil }
        if let lowValue = low, let highValue = high, lowValue > highValue { swap(&low, &high) }
        return Figure(start: start, end: end, surface: FigureTokenizer.text(scalars, start, end), kind: kind, low: low, high: high, unit: unit,
                      bound: bound, approx: candidate.approx, per: per, perQuantity: perQuantity, subject: kind == .count ? candidate.subject : nil,
                      linkedTo: candidate.linked)
    }
}
