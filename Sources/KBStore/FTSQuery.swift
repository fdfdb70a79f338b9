import KBModel
import KBExtract
/// Turns what a user types into a safe FTS5 MATCH expression.
///
/// After GRDB's FTS5Pattern: user text never reaches MATCH raw. Every word and
/// phrase becomes an FTS5 string literal, so characters FTS5 treats as syntax
/// (`-`, `:`, `^`, `(`, `+`, `NEAR`, `AND`, `NOT`, ...) are only ever text.
///
/// Syntax understood:
/// - `word word` — both must match (AND);
/// - `"a phrase"` — the words in order;
/// - `-word`, `-"a phrase"` — must not match;
/// - `a OR b` — either (uppercase only; `or` is a word);
/// - `prefix*` — any word starting with prefix.
public enum FTSQuery {
    /// The FTS5 expression for `userQuery`; throws `StoreError.query` for input it cannot search.
    ///
    /// Words without a letter or digit are dropped, since the FTS5 tokenizer
    /// would index nothing for them.
    public static func matchExpression(for userQuery: String) throws -> String {
        let parsed = try parse(userQuery)
        return expression(all: parsed.groups, excluded: parsed.excluded)
    }

    /// What a user query asks for: groups of positive terms (the terms of a group joined by
    /// `OR`, the groups all required), and the terms that must not match.
    public struct Parsed: Sendable, Hashable {
        public var groups: [[Term]]
        public var excluded: [Term]
    }

    /// Reads a user query; throws `StoreError.query` for input it cannot search.
    public static func parse(_ userQuery: String, excluding notWords: [String] = []) throws -> Parsed {
        let tokens = try tokenize(userQuery)

        // OR joins the positive terms on either side into one group.
        var groups: [[Term]] = []
        var excluded: [Term] = []
        var pendingOr = false
        var lastWasPositive = false
        for token in tokens {
            switch token {
            case .or:
                guard lastWasPositive else { throw orError }
                pendingOr = true
                lastWasPositive = false
            case .term(let term) where term.excluded:
                guard !pendingOr else { throw orError }
                excluded.append(term)
                lastWasPositive = false
            case .term(let term):
                if pendingOr {
                    groups[groups.count - 1].append(term)
                    pendingOr = false
                } else {
                    groups.append([term])
                }
                lastWasPositive = true
            }
        }
        if pendingOr { throw orError }
        // `--not WORD`: an exclusion given apart from the query, read as typed (a phrase when it has spaces).
        for word in notWords where isSearchable(word) {
            excluded.append(Term(text: word, prefix: false, excluded: true, quoted: true))
        }
        if groups.isEmpty {
            if excluded.isEmpty { throw StoreError.query("search needs at least one word") }
            throw StoreError.query("a search cannot only exclude words: add a word to look for")
        }
        return Parsed(groups: groups, excluded: excluded)
    }

    /// The FTS5 expression requiring one term of every group and none of `excluded`.
    public static func expression(all groups: [[Term]], excluded: [Term]) -> String {
        join(groups, with: " AND ", excluded: excluded)
    }

    /// The FTS5 expression matching any term of any group, and none of `excluded`.
    public static func expression(any groups: [[Term]], excluded: [Term]) -> String {
        join(groups, with: " OR ", excluded: excluded)
    }

    private static func join(_ groups: [[Term]], with op: String, excluded: [Term]) -> String {
        // AND binds tighter than OR in FTS5, so OR groups need parentheses.
        let positives = groups.map { group in
            group.count == 1 ? group[0].fts : "(" + group.map(\.fts).joined(separator: " OR ") + ")"
        }.joined(separator: op)
        guard !excluded.isEmpty else { return positives }
        // FTS5's NOT is binary (`a NOT b`), so every exclusion subtracts from the whole positive part.
        return "(" + positives + ")" + excluded.map { " NOT " + $0.fts }.joined()
    }

    /// One word or phrase of a query.
    public struct Term: Sendable, Hashable {
        public var text: String
        public var prefix: Bool
        public var excluded: Bool
        /// Typed in quotes: searched exactly as typed, never rewritten.
        public var quoted: Bool

        public init(text: String, prefix: Bool = false, excluded: Bool = false, quoted: Bool = false) {
            self.text = text
            self.prefix = prefix
            self.excluded = excluded
            self.quoted = quoted
        }

        /// An FTS5 string literal, optionally a prefix query.
        public var fts: String {
            var literal = "\""
            for c in text {
                literal.append(c)
                if c == "\"" { literal.append(c) }  // doubled quote is a quote inside an FTS5 string
            }
            literal.append("\"")
            return prefix ? literal + " *" : literal
        }
    }

    private enum Token {
        case term(Term)
        case or
    }

    private static let orError = StoreError.query("OR needs a word to look for on each side, as in: cats OR dogs")

    private static func isSeparator(_ c: Character) -> Bool {
        // Control characters (NUL included) separate words; they would only confuse the tokenizer.
        c.isWhitespace || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
    }

    static func isSearchable(_ text: String) -> Bool {
        text.contains { $0.isLetter || $0.isNumber }
    }

    /// The query on one line, for error messages.
    private static func quoted(_ query: String) -> String {
        query.split(whereSeparator: isSeparator).joined(separator: " ")
    }

    private static func tokenize(_ query: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(query)
        var i = 0

        func add(_ term: Term) {
            if isSearchable(term.text) { tokens.append(.term(term)) }
        }

        while i < chars.count {
            let c = chars[i]
            if isSeparator(c) {
                i += 1
                continue
            }
            // A phrase, possibly excluded (`-"..."`) or a prefix (`"..."*`).
            let excludedPhrase = c == "-" && i + 1 < chars.count && chars[i + 1] == "\""
            if c == "\"" || excludedPhrase {
                let open = excludedPhrase ? i + 1 : i
                guard let close = chars[(open + 1)...].firstIndex(of: "\"") else {
                    throw StoreError.query("unclosed quote in search: \(quoted(query))")
                }
                var prefix = false
                i = close + 1
                if i < chars.count, chars[i] == "*" {
                    prefix = true
                    i += 1
                }
                add(Term(text: String(chars[(open + 1)..<close]), prefix: prefix, excluded: excludedPhrase, quoted: true))
                continue
            }
            // A word runs to the next separator or quote; a quote always starts a phrase.
            var end = i
            while end < chars.count, !isSeparator(chars[end]), chars[end] != "\"" { end += 1 }
            var word = String(chars[i..<end])
            i = end

            if word == "OR" {
                tokens.append(.or)
                continue
            }
            var excluded = false
            if word.hasPrefix("-") {
                excluded = true
                word.removeFirst()
                if word.isEmpty {
                    throw StoreError.query("a lone - must be followed by the word to exclude, as in: -word")
                }
            }
            var prefix = false
            if word.hasSuffix("*") {
                prefix = true
                word.removeLast()
            }
            if word.contains("*") || (prefix && word.isEmpty) {
                throw StoreError.query("* only goes at the end of a word, as in: prefix*")
            }
            add(Term(text: word, prefix: prefix, excluded: excluded))
        }
        return tokens
    }
}
