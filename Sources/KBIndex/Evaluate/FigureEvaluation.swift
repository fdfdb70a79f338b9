import KBModel
import KBExtract
import KBStore
import KBQuery
import Foundation

/// One hand-labelled figure from a gold JSONL line (see the gold README for the fields).
public struct GoldFigure: Hashable, Sendable, Codable {
    public var surface: String
    public var kind: String
    public var low: Double?
    public var high: Double?
    public var bound: String
    public var approx: Bool
    public var unit: String
    public var per: String?
    public var perQuantity: Double?
    public var subject: String?

    enum CodingKeys: String, CodingKey {
        case surface, kind, low, high, bound, approx, unit, per, subject
        case perQuantity = "per_qty"
    }

    public init(surface: String, kind: String, low: Double?, high: Double?, bound: String, approx: Bool,
                unit: String, per: String? = nil, perQuantity: Double? = nil, subject: String? = nil) {
        self.surface = surface; self.kind = kind; self.low = low; self.high = high; self.bound = bound
        self.approx = approx; self.unit = unit; self.per = per; self.perQuantity = perQuantity; self.subject = subject
    }
}

/// One gold sentence with its figures (`[]` for a negative).
public struct GoldSentence: Hashable, Sendable, Codable {
    public var path: String?
    public var line: Int?
    public var sentence: String
    public var figures: [GoldFigure]
}

/// Micro precision, recall and F1 at the CQE/MeasEval levels, plus sanity counts.
public struct FigureScores: Sendable, Codable, Hashable {
    /// Matching levels, each stricter than the one before.
    public enum Level: String, CaseIterable, Sendable, Codable {
        case value
        case valueUnitRate = "value+unit+rate"
        case valueUnitRateBound = "value+unit+rate+bound"
        case all = "value+unit+rate+bound+approx"
    }

    public struct PRF: Sendable, Codable, Hashable {
        public var truePositives: Int
        public var predicted: Int
        public var gold: Int
        public var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : Double(truePositives) / Double(gold) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    /// A gold figure no prediction matched, or a prediction no gold figure matched (strictest level).
    public struct Miss: Sendable, Codable, Hashable {
        public var sentence: String
        public var missing: [String]
        public var spurious: [String]
    }

    public var sentences: Int
    public var levels: [String: PRF]
    /// Gold years that a prediction read with the same value but a non-year kind.
    public var yearsAsQuantity: Int
    /// Unmatched predictions whose digits sit inside a model or product name token.
    public var modelNameFalsePositives: Int
    public var misses: [Miss]

    public func score(_ level: Level) -> PRF { levels[level.rawValue] ?? PRF(truePositives: 0, predicted: 0, gold: 0) }
}

/// Scores predicted figures against a gold set, one-to-one greedy matching per sentence.
public enum FigureEvaluation {
    /// Reads a gold JSONL file; blank lines are skipped.
    public static func loadGold(path: String) throws -> [GoldSentence] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw IndexError.gold(Diagnostic(file: path, message: "cannot read gold file"))
        }
        let decoder = JSONDecoder()
        var out: [GoldSentence] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            do {
                out.append(try decoder.decode(GoldSentence.self, from: Data(line.utf8)))
            } catch {
                throw IndexError.gold(Diagnostic(file: path, line: n + 1, message: "\(error)"))
            }
        }
        return out
    }

    /// Both ends equal within relative tolerance 1e-6; nil matches only nil.
    public static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return abs(x - y) <= 1e-6 * max(abs(x), abs(y)) || x == y
        default: return false
        }
    }

    static func matches(_ p: Figure, _ g: GoldFigure, _ level: FigureScores.Level) -> Bool {
        guard close(p.low, g.low), close(p.high, g.high) else { return false }
        if level == .value { return true }
        guard p.unit == g.unit, p.per == g.per, close(p.perQuantity, g.perQuantity) else { return false }
        if level == .valueUnitRate { return true }
        guard p.bound.rawValue == g.bound else { return false }
        if level == .valueUnitRateBound { return true }
        return p.approx == g.approx
    }

    /// Greedy one-to-one matching in gold order; returns matched prediction index per gold figure.
    static func match(_ pred: [Figure], _ gold: [GoldFigure], _ level: FigureScores.Level) -> [Int?] {
        var used = Array(repeating: false, count: pred.count)
        return gold.map { g in
            for (i, p) in pred.enumerated() where !used[i] && matches(p, g, level) {
                used[i] = true
                return i
            }
            return nil
        }
    }

    /// Scores `predict` on every gold sentence.
    public static func evaluate(_ gold: [GoldSentence], predict: (String) -> [Figure]) -> FigureScores {
        var levels: [String: FigureScores.PRF] = [:]
        for l in FigureScores.Level.allCases { levels[l.rawValue] = .init(truePositives: 0, predicted: 0, gold: 0) }
        var years = 0
        var names = 0
        var misses: [FigureScores.Miss] = []
        for g in gold {
            let pred = predict(g.sentence)
            for l in FigureScores.Level.allCases {
                let m = match(pred, g.figures, l)
                levels[l.rawValue]!.truePositives += m.compactMap { $0 }.count
                levels[l.rawValue]!.predicted += pred.count
                levels[l.rawValue]!.gold += g.figures.count
                if l == .all {
                    let hit = Set(m.compactMap { $0 })
                    let missing = zip(g.figures, m).filter { $0.1 == nil }.map { describe($0.0) }
                    let spurious = pred.indices.filter { !hit.contains($0) }.map { describe(pred[$0]) }
                    if !missing.isEmpty || !spurious.isEmpty {
                        misses.append(.init(sentence: g.sentence, missing: missing, spurious: spurious))
                    }
                }
            }
            for y in g.figures where y.kind == "year" {
                if pred.contains(where: { $0.kind != .year && (close($0.low, y.low) || close($0.high, y.high)) && $0.surface.contains(digits(y.low)) }) {
                    years += 1
                }
            }
            let valueMatched = Set(match(pred, g.figures, .value).compactMap { $0 })
            let nameSpans = modelNameSpans(g.sentence)
            for (i, p) in pred.enumerated() where !valueMatched.contains(i) {
                if nameSpans.contains(where: { $0.overlaps(p.start..<p.end) && numericCoreInside(p, $0, g.sentence) }) { names += 1 }
            }
        }
        return FigureScores(sentences: gold.count, levels: levels, yearsAsQuantity: years,
                            modelNameFalsePositives: names, misses: misses)
    }

    static func digits(_ v: Double?) -> String {
        guard let v, v == v.rounded(), abs(v) < 1e15 else { return "\u{0}" }
        return String(Int(abs(v)))
    }

    public static func describe(_ f: Figure) -> String {
        "\(f.surface.debugDescription) \(f.kind.rawValue) \(fmt(f.low))..\(fmt(f.high)) \(f.unit) \(f.bound.rawValue)"
            + (f.approx ? " ~" : "") + (f.per.map { " per \(fmt(f.perQuantity)) \($0)" } ?? "")
    }

    static func describe(_ g: GoldFigure) -> String {
        "\(g.surface.debugDescription) \(g.kind) \(fmt(g.low))..\(fmt(g.high)) \(g.unit) \(g.bound)"
            + (g.approx ? " ~" : "") + (g.per.map { " per \(fmt(g.perQuantity)) \($0)" } ?? "")
    }

    static func fmt(_ v: Double?) -> String {
        guard let v else { return "nil" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(v)
    }

    /// Scalar ranges of tokens shaped like model or product names, found independently of the
    /// extractor: letter-led alphanumerics (H100, GPT-4, a16z) and "Capitalized 910B"-style pairs.
    static func modelNameSpans(_ text: String) -> [Range<Int>] {
        let sc = Array(text.unicodeScalars)
        var spans: [Range<Int>] = []
        var words: [(Range<Int>, String)] = []
        var i = 0
        while i < sc.count {
            while i < sc.count, sc[i].properties.isWhitespace { i += 1 }
            let a = i
            while i < sc.count, !sc[i].properties.isWhitespace { i += 1 }
            if i > a {
                var lo = a, hi = i
                while lo < hi, !(sc[lo].properties.isAlphabetic || (48...57).contains(sc[lo].value)) { lo += 1 }
                while hi > lo, !(sc[hi - 1].properties.isAlphabetic || (48...57).contains(sc[hi - 1].value)) { hi -= 1 }
                if hi > lo {
                    var v = String.UnicodeScalarView(); v.append(contentsOf: sc[lo..<hi])
                    words.append((lo..<hi, String(v)))
                }
            }
        }
        for (ix, (r, w)) in words.enumerated() {
            let us = Array(w.unicodeScalars)
            let hasDigit = us.contains { (48...57).contains($0.value) }
            guard hasDigit else { continue }
            let letterLed = us.first!.properties.isAlphabetic
            if letterLed { spans.append(r); continue }
            if ix > 0 {
                let prev = words[ix - 1].1
                let capital = prev.unicodeScalars.first!.properties.isUppercase && !prev.hasSuffix("'s")
                let digitsOnly = us.allSatisfy { (48...57).contains($0.value) || $0 == "." }
                let yearish = digitsOnly && us.count == 4
                let func_: Set<String> = ["In", "By", "The", "A", "An", "Over", "About", "Around", "Since", "From", "Until", "Approximately", "Nearly", "Some", "With", "Of", "To", "At", "For", "On"]
                if capital, !yearish, !func_.contains(prev), !us.contains(",") {
                    spans.append(r)
                }
            }
        }
        return spans
    }

    static func numericCoreInside(_ p: Figure, _ span: Range<Int>, _ text: String) -> Bool {
        // The first digit of the figure lies inside the name token.
        let sc = Array(text.unicodeScalars)
        for k in p.start..<min(p.end, sc.count) where (48...57).contains(sc[k].value) { return span.contains(k) }
        return false
    }
}
