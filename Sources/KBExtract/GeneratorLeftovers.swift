import KBModel

/// Text a note generator left in a note that is not about the video (docs/reports.md,
/// "What is not a claim"): its own preamble ("Here is the article with the added
/// backlinks:") and pasted input (a prompt with its list of topics). Both are skipped with
/// a warning, never stored as claims.
enum GeneratorLeftovers {
    /// Why a paragraph is a leftover, or nil when it is prose.
    /// - `lines`: the plain text of each of its lines; `cites`: whether it cites a moment;
    ///   `first`: whether no claim of the note came before it.
    ///
    /// A list pasted as one paragraph (a prompt's topics, one per line) has lines that end no
    /// sentence; prose, even wrapped by hand, ends a sentence on most lines. Display maths
    /// (`$$`) is left alone: it is the note's, whatever it reads like.
    static func reason(lines: [String], cites: Bool, first: Bool) -> String? {
        guard !cites, let head = lines.first else { return nil }
        if first, lines.count == 1, isPreamble(head) {
            return "generator preamble skipped: \(head.prefix(60))"
        }
        if lines.count >= longListLines, !head.hasPrefix("$$") {
            let open = lines.filter { !hasSentenceEnd($0) }.count
            if open * 5 >= lines.count * 4 {
                return "skipped \(lines.count) lines that end no sentence and cite nothing (a pasted list or prompt?)"
            }
        }
        return nil
    }

    /// A paragraph at least this many lines long, nearly all ending no sentence, citing nothing, is no prose.
    static let longListLines = 5

    /// One line that announces what follows: it opens as an assistant's reply does and
    /// ends with a colon.
    static func isPreamble(_ text: String) -> Bool {
        let t = text.trimmingWhitespace
        guard t.hasSuffix(":"), t.count <= 160 else { return false }
        let lower = t.lowercased()
        return preambleOpeners.contains { lower.hasPrefix($0) }
    }

    static let preambleOpeners = ["here is ", "here's ", "here are ", "below is ", "below are ",
                                  "sure, here", "sure! here", "certainly! here", "certainly, here", "okay, here"]

    /// Whether a sentence ends anywhere in the text: `.`, `!` or `?` before a space or at the end.
    static func hasSentenceEnd(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() where s == "." || s == "!" || s == "?" {
            if i + 1 == scalars.count || scalars[i + 1].properties.isWhitespace { return true }
        }
        return false
    }
}
