import KBModel
import KBMarkdown
/// Marks tokens that look numeric but are not figures: names, labels, ordinals, dates, titles.
///
/// Masking runs before parsing so that the parser never has to second-guess a number:
/// "Llama 3 70B", "GPT-4", "Figure 3", "April 9", "42nd" and numbers inside quoted
/// titles are all hidden here by shape, not by a list of names.
enum FigureMasking {
    typealias L = FigureLexicon

    static func mask(_ t: inout [FigureToken]) {
        let n = t.count
        for i in 0..<n where t[i].isNumber && !t[i].masked {
            let suf = t[i].suffix
            if !suf.isEmpty, !knownSuffix(suf, t[i]) { t[i].masked = true }
        }
        for i in 0..<n {
            // A number glued to a name or to a name by '-', '.', '/' belongs to it ("Qwen2.5-72B", "P-8A").
            if t[i].isNumber, !t[i].spaceBefore, i > 0 {
                if t[i - 1].kind == .name || (t[i - 1].masked && t[i - 1].isNumber && t[i - 1].kind != .symbol) {
                    t[i].masked = true
                } else if i > 1, ["-", ".", "/", "–"].contains(t[i - 1].text), t[i - 1].kind == .symbol,
                          !t[i - 1].spaceBefore, (t[i - 2].kind == .name || (t[i - 2].isNumber && t[i - 2].masked)) {
                    t[i].masked = true
                } else if i > 1, ["-", "–"].contains(t[i - 1].text), t[i - 1].kind == .symbol, !t[i - 1].spaceBefore,
                          t[i - 2].isWord, t[i - 2].hasUppercase, !t[i - 2].lex.has([.function, .month]) {
                    // Letters-hyphen-digits with a capital: GPT-4, COVID-19, RDS-37, PC-98.
                    t[i].masked = true
                }
            }
            // Ordinals and ranks.
            if t[i].isNumber, ["st", "nd", "rd", "th"].contains(t[i].suffix.lowercased()) { t[i].masked = true }
            // Label nouns: "Figure 3", "top 20", "No. 5", "#1".
            if t[i].isNumber, i > 0 {
                var p = i - 1
                if t[p].isSymbol("."), p > 0 { p -= 1 }
                if (t[p].isWord && t[p].lex.has(.labelNoun) && !t[p].possessive) || t[p].isSymbol("#") {
                    if !(t[p].lower == "model" && t[i].value >= 1000 && t[i].intDigits == 4) { t[i].masked = true }
                }
            }
            // Day of month: "April 9", "9 April".
            if t[i].isNumber, t[i].intDigits <= 2, !t[i].hasDecimal, t[i].value >= 1, t[i].value <= 31, t[i].suffix.isEmpty || ["st", "nd", "rd", "th"].contains(t[i].suffix) {
                if i > 0, t[i - 1].isCapitalized, t[i - 1].lex.has(.month) { t[i].masked = true }
                if i + 1 < n, t[i + 1].isCapitalized, t[i + 1].lex.has(.month), t[i + 1].spaceBefore {
                    t[i].masked = true
                }
            }
            // Capitalized number words mid-sentence are names ("Three Gorges").
            if t[i].isWord, t[i].isCapitalized, t[i].lex.units != nil || t[i].lex.tens != nil,
               !isClauseStart(t, i) {
                t[i].masked = true
            }
        }
        // List numbers at the start: "1." or "2)".
        if n > 1, t[0].isNumber, t[0].suffix.isEmpty, t[1].isSymbol(".") || t[1].isSymbol(")") { t[0].masked = true }
        // Capitalized word + number: a product or proper name ("Mariner 9", "Ascend 910B", "Llama 3 8B").
        var i = 1
        while i < n {
            if nameFollowedByNumber(t, i) {
                t[i].masked = true
                var k = i + 1
                // Versions and sizes that continue the name: "3.1", "70B".
                while k < n, t[k].isNumber, t[k].spaceBefore,
                      t[k].hasDecimal || L.scaleSuffixes[t[k].suffix] != nil || t[k].masked {
                    if k + 1 < n, t[k + 1].isWord, t[k + 1].lower.hasPrefix("parameter") { break }
                    t[k].masked = true
                    k += 1
                }
                i = k
                continue
            }
            i += 1
        }
        maskQuotedTitles(&t)
    }

    static func isClauseStart(_ t: [FigureToken], _ i: Int) -> Bool {
        if i == 0 { return true }
        let p = t[i - 1]
        return p.kind == .symbol && [".", ":", ";", "(", "[", "\"", "“", "—", "!", "?", "•", "*"].contains(p.text)
    }

    /// Suffixes a number may carry and still be a figure.
    static func knownSuffix(_ s: String, _ tok: FigureToken) -> Bool {
        if L.scaleSuffixes[s] != nil || L.symbolUnits[s] != nil { return true }
        if L.wordUnits[s.lowercased()] != nil, s == s.lowercased() { return true }
        if ["st", "nd", "rd", "th"].contains(s.lowercased()) { return true }
        if s == "s" { return true }  // decades: 1980s; '90s
        if ["BC", "BCE", "AD", "CE", "bps", "Gbps", "Mbps", "fold"].contains(s) { return true }
        return false
    }

    static func nameFollowedByNumber(_ t: [FigureToken], _ i: Int) -> Bool {
        let num = t[i]
        guard num.isNumber, !num.masked, num.spaceBefore, !num.hasComma, !num.isScientific else { return false }
        let p = t[i - 1]
        guard p.isWord, p.hasUppercase, !p.possessive else { return false }
        let lw = p.lower
        if p.lex.has([.function, .month, .season, .currencyWord, .scale, .wordUnit]) { return false }
        if L.currencyCodes.contains(p.text) || L.symbolUnits[p.text] != nil || lw.hasSuffix("ly") { return false }
        if ["BC", "BCE", "AD", "CE"].contains(p.text) { return false }
        // A plain four-digit number after a name is a year ("Buterin's 2017", "Honda 2009").
        if num.intDigits == 4, !num.hasDecimal, num.suffix.isEmpty || num.suffix == "s", num.value >= 1000, num.value <= 2100 {
            return false
        }
        // A unit glued or following keeps it a figure ("Samsung 5nm", "Meta 5%").
        if !num.suffix.isEmpty, L.scaleSuffixes[num.suffix] == nil { return false }
        if i + 1 < t.count {
            let q = t[i + 1]
            if q.isSymbol("%") { return false }
            if q.isWord, q.lex.scale != nil || q.lex.has(.wordUnit) || L.symbolUnits[q.text] != nil {
                return false
            }
        }
        return true
    }

    /// Words a Title Case phrase leaves lowercase.
    static let titleSmallWords: Set<String> = ["of", "the", "a", "an", "and", "in", "on", "for", "to", "with", "at", "by", "or", "vs"]

    /// Numbers inside a quoted Title Case phrase belong to a title ("10% Less Democracy").
    static func maskQuotedTitles(_ t: inout [FigureToken]) {
        var i = 0
        while i < t.count {
            guard t[i].isSymbol("\"") || t[i].isSymbol("“") else { i += 1; continue }
            var j = i + 1
            while j < t.count, !(t[j].isSymbol("\"") || t[j].isSymbol("”")) { j += 1 }
            guard j < t.count else { break }
            var capital = 0
            var lower = 0
            for k in (i + 1)..<j where t[k].isWord {
                if !t[k].isCapitalized && titleSmallWords.contains(t[k].lower) { continue }
                if t[k].isCapitalized { capital += 1 } else { lower += 1 }
            }
            if capital >= 2, lower == 0 {
                for k in (i + 1)..<j where t[k].isNumber || t[k].lex.units != nil || t[k].lex.tens != nil {
                    t[k].masked = true
                }
            }
            i = j + 1
        }
    }
}
