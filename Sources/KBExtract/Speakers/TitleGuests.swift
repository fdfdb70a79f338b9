import KBModel
import KBMarkdown
import Foundation

/// The people a video title names as its guests or participants, and those it names only as its
/// subject ("Jeff Bezos' Shareholder Letters").
struct TitlePeople: Sendable, Hashable {
    var guests: [[String]] = []
    var subjects: [[String]] = []
    /// Names in a show's name ("Lex Fridman Podcast #256"): the host, who counts only when the notes show them taking part.
    var hosts: [[String]] = []
}

enum TitleGuests {
    /// Reads "Name – Topic", "Name: Topic", "Topic | Name", "Topic with Name", "Name (Role) - Topic",
    /// "@Channel & Name – Topic", "Name vs Name", "Name on topic | Series", "Name EP 3: Topic".
    static func read(_ title: String, stats: CapitalizationStats?) -> TitlePeople {
        var people = TitlePeople()
        let segments = split(title).filter { $0.contains(where: \.isLetter) }
        // A book summary or review names the book's author, who does not speak.
        let bookTitle = SpeakerText.tokenize(title).contains { bookWords.contains($0.lower) }
        // "Name – Topic" is the usual guest title: its first part stands even when the notes never
        // name the guest, provided nothing else in the title does and it does not look like a topic.
        var fallback: [String]?
        for (n, raw) in segments.enumerated() {
            let (seg, subjectOnly, withNames) = parenthesesRead(raw, stats: stats)
            var tokens = SpeakerText.tokenize(seg).filter { !$0.text.hasPrefix("@") }
            // "#300 Name", "& Name" once "@Channel" is gone, "Ep. 12 Name".
            while let f = tokens.first, ["#", "&", ",", "+", "x", "ep", "ep.", "episode", "no.", "no"].contains(f.lower) || f.text.allSatisfy(\.isNumber) {
                tokens.removeFirst()
            }
            guard !tokens.isEmpty else { continue }
            let edge = n == 0 || n == segments.count - 1
            var found: [[String]] = withNames
            // "... with Name", "... featuring Name", "Interview with Name"
            if let names = namesAfterWith(tokens, stats: stats) {
                found += names
            } else if edge, let name = trailingHonorificName(tokens, stats: stats) {
                // "Why tides turn Dr Jane Roe": a name at the end, marked by an honorific.
                found.append(name)
            } else if edge, let names = nameList(strippedShowSuffix(tokens), stats: stats, allowSingle: segments.count > 1 && n == 0) {
                found += names
            } else if edge, let k = tokens.firstIndex(where: { leadVerbs.contains($0.lower) }), k > 0,
                      let names = nameList(Array(tokens[..<k]), stats: stats, allowSingle: false) {
                // "Mirela Dunstan on how we chart the tides", "A B and C D discuss ..."
                found += names
            }
            // Title-case topics ("Tidal Power") look like names: a guest needs a known first name,
            // or a word the notes write capitalised as a name.
            if n == 0, segments.count > 1, found.count == 1, !found[0].contains(where: topicShaped) { fallback = found[0] }
            found = found.filter { plausible($0, stats: stats) }
            for name in found {
                if subjectOnly || bookTitle { people.subjects.append(name) } else { people.guests.append(name) }
            }
            // Any other person the title names is its subject, not a guest ("Jeff Bezos' Shareholder Letters").
            var i = 0
            while i < tokens.count {
                if let span = NameReader.name(at: i, in: tokens, stats: stats), span.isFull || span.possessive {
                    if people.guests.contains(span.words) {
                    } else if tokens[span.end...].contains(where: { ["podcast", "show", "experience", "hour", "radio", "tv"].contains($0.lower) }) {
                        people.hosts.append(span.words)
                    } else {
                        people.subjects.append(span.words)
                    }
                    i = span.end
                } else { i += 1 }
            }
        }
        // A title that is one name and nothing else ("#217 Jane Roe") names the episode's subject.
        if segments.count == 1, people.guests.count == 1, TitleGuests.nameList(SpeakerText.tokenize(segments[0]).filter { $0.text != "#" && !$0.text.allSatisfy(\.isNumber) }, stats: stats, allowSingle: false)?.count == 1 {
            people.subjects.append(people.guests.removeFirst())
        }
        if people.guests.isEmpty, !bookTitle, let fallback, fallback.count >= 2 { people.guests.append(fallback) }
        return people
    }

    /// The segment without its parentheses; whether one opens with an article (a book: "(the NEW
    /// Collected Letters)"); the names one gives after "with" ("(with Jane Roe & Acme CEO Bo Marr)").
    static func parenthesesRead(_ raw: String, stats: CapitalizationStats?) -> (String, Bool, [[String]]) {
        var seg = raw
        var subjectOnly = false
        var names: [[String]] = []
        while let open = seg.firstIndex(of: "("), let close = seg[open...].firstIndex(of: ")") {
            let inner = seg[seg.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if let first = inner.split(separator: " ").first, ["the", "a", "an"].contains(first.lowercased()) { subjectOnly = true }
            names += namesAfterWith(SpeakerText.tokenize(inner), stats: stats) ?? []
            seg.removeSubrange(open...close)
        }
        return (seg, subjectOnly, names)
    }

    private static let withWords: Set<String> = ["with", "featuring", "feat.", "ft.", "w/", "ft", "feat"]

    /// The names after the last "with" / "featuring" of the tokens, when all that follows is names.
    static func namesAfterWith(_ tokens: [SpeakerToken], stats: CapitalizationStats?) -> [[String]]? {
        guard let w = tokens.lastIndex(where: { withWords.contains($0.lower) }) else { return nil }
        return nameList(Array(tokens[(w + 1)...]), stats: stats, allowSingle: false)
    }

    /// A full name that ends the tokens after an honorific ("... the moon Dr Jane Roe").
    static func trailingHonorificName(_ tokens: [SpeakerToken], stats: CapitalizationStats?) -> [String]? {
        guard let h = tokens.lastIndex(where: \.isHonorific), h > 0,
              let span = NameReader.name(at: h, in: tokens, stats: stats), span.isFull, span.end == tokens.count else { return nil }
        return span.words
    }

    /// Role words that may stand before a name in a list: "Acme CEO Jane Roe", "co-founder Bo Marr".
    private static let roles: Set<String> = [
        "ceo", "cto", "cfo", "coo", "cpo", "cmo", "vp", "founder", "co-founder", "cofounder", "president", "chair",
        "chairman", "chairwoman", "head", "director", "partner", "editor", "professor", "author", "investor", "engineer",
        "economist", "historian", "journalist", "researcher", "scientist",
    ]

    /// The index of the name after role words starting at `i` ("Acme CEO Jane Roe" → "Jane"), or `i`.
    static func afterRoles(_ tokens: [SpeakerToken], from i: Int) -> Int {
        guard let r = tokens[i..<min(tokens.count, i + 3)].firstIndex(where: { roles.contains($0.lower) }),
              r + 1 < tokens.count, tokens[r + 1].isCapitalized, !roles.contains(tokens[r + 1].lower) else { return i }
        return r + 1
    }

    /// Endings of topic words rather than names ("Scaling", "Militarization", "Genomics").
    static func topicShaped(_ word: String) -> Bool {
        let w = word.lowercased()
        guard w.count > 5 else { return false }
        return ["ing", "tion", "sion", "ism", "ics", "ity", "ness", "ment", "ogy", "ies"].contains { w.hasSuffix($0) }
    }

    private static let leadVerbs: Set<String> = ["on", "explains", "discusses", "discuss", "talks", "talk", "answers", "answer", "reacts", "react", "debate", "debates", "interviews", "interview", "reflects", "shares", "breaks"]
    private static let bookWords: Set<String> = ["summary", "summaries", "audiobook", "book", "review", "animated"]

    static func plausible(_ name: [String], stats: CapitalizationStats?) -> Bool {
        if let first = name.first, FirstNames.all.contains(SpeakerText.key(first)) { return true }
        guard let stats else { return false }
        // The notes write a word of the name capitalised, perhaps misspelt ("Halvorsen" for "Halvorson"),
        // or spelt by ear ("Brosch" for "Brausch", NameVariants).
        return name.contains { w in
            let k = w.lowercased()
            guard !SpeakerToken.isInitials(w), !stats.isCommon(k), !topicShaped(w) else { return false }
            if stats.isCapitalizedAnywhere(k) { return true }
            guard k.count >= 5 else { return false }
            let n = k.count
            return stats.capitalizedWords.contains { c in
                (abs(c.count - n) <= 2 || c.prefix(5) == k.prefix(5)) && c.count >= 5 && !stats.isCommon(c) && !topicShaped(c) && (SpeakerText.commonPrefix(c, k) >= 5
                    || SpeakerText.editDistance(c, k) <= (min(c.count, k.count) >= 7 ? 2 : 1) || NameVariants.soundAlike(c, k))
            }
        }
    }

    /// The title cut at its separators: dashes with spaces, colons, pipes.
    static func split(_ title: String) -> [String] {
        var parts: [String] = []
        var cur = ""
        let chars = Array(title)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let prevSpace = i > 0 && chars[i - 1] == " "
            let nextSpace = i + 1 < chars.count && chars[i + 1] == " "
            var cut = false
            if c == "|" { cut = true }
            else if c == "–" || c == "—" { cut = true }
            else if c == "-", prevSpace || nextSpace, i > 0 { cut = true }
            else if c == ":", nextSpace || i + 1 == chars.count { cut = true }
            if cut {
                let t = cur.trimmingCharacters(in: .whitespaces)
                if !t.isEmpty { parts.append(t) }
                cur = ""
            } else { cur.append(c) }
            i += 1
        }
        let t = cur.trimmingCharacters(in: .whitespaces)
        if !t.isEmpty { parts.append(t) }
        return parts
    }

    /// Drops "EP 3", "Part 2", "Pt 1", "#256" at the end.
    private static func strippedShowSuffix(_ tokens: [SpeakerToken]) -> [SpeakerToken] {
        var t = tokens
        while let last = t.last, last.text.allSatisfy({ $0.isNumber }) || last.text == "#" || last.text == "." {
            t.removeLast()
            if let l = t.last, ["ep", "ep.", "part", "pt", "pt.", "episode", "vol", "vol.", "#"].contains(l.lower) { t.removeLast() }
        }
        return t
    }

    /// All of the tokens as a list of names ("A B & C D", "A B, C D and E F", "A B vs C D"), or nil.
    static func nameList(_ tokens: [SpeakerToken], stats: CapitalizationStats?, allowSingle: Bool) -> [[String]]? {
        var names: [[String]] = []
        var i = 0
        while i < tokens.count {
            i = afterRoles(tokens, from: i)
            guard let span = NameReader.name(at: i, in: tokens, stats: stats, commonFirst: true), !span.possessive else { return nil }
            // "Building Acme", "Introducing Acme": a word the notes write in lowercase opens a name
            // only when it is a given name ("Will", "Grant").
            if let first = span.words.first, let stats, stats.isCommon(first.lowercased()), !FirstNames.all.contains(SpeakerText.key(first)) { return nil }
            if !span.isFull, !(allowSingle && span.end == tokens.count && names.isEmpty && i == 0) { return nil }
            names.append(span.words)
            i = span.end
            if i == tokens.count { break }
            var sep = false
            while i < tokens.count, [",", "&", "and", "vs", "vs.", "x", "+", "/"].contains(tokens[i].lower) { i += 1; sep = true }
            if !sep { return nil }
        }
        return names.isEmpty ? nil : names
    }
}
