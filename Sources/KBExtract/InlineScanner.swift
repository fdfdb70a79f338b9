import KBModel
import KBMarkdown
import Foundation

/// A piece of a block's inline content once kb's own syntax has been read:
/// citations and wiki-links are recognised, everything else is text or markup.
enum Atom: Hashable, Sendable {
    case text(String, line: Int)
    case code(String, line: Int)
    case emphasis(open: Bool)
    case strong(open: Bool)
    case linkOpen(destination: String)
    case linkClose
    case wiki(WikiLink, source: String)
    /// A link too broken to show: kept as a link, with no text of its own.
    case hiddenWiki(WikiLink)
    case cite(Moment)
    case space(line: Int)
}

extension Atom {
    /// The wiki-link an atom holds, shown or not.
    var link: WikiLink? {
        switch self {
        case .wiki(let link, _), .hiddenWiki(let link): return link
        default: return nil
        }
    }
}

/// Reads citations and wiki-links out of cmark's inline tokens.
///
/// cmark does not know `[[…]]` or the notes' timestamp anchors, and real notes break
/// both across tokens (an anchor whose quote never closes arrives as text; a wiki-link
/// label can hold an anchor). So the tokens are laid out as one scalar array, with a
/// placeholder for each token that has no text, and scanned once, left to right.
struct InlineScanner {
    private var scalars: [Unicode.Scalar] = []
    private var lines: [Int] = []
    private var isHTML: [Bool] = []
    private var tokens: [Int: InlineToken] = [:]
    private(set) var warnings: [(line: Int, message: String)] = []

    private static let placeholder: Unicode.Scalar = "\u{FFFC}"
    /// How far a `[[` looks for its `]]`, and an anchor for its end: far enough for any
    /// real link, short enough that a stray bracket costs nothing.
    private static let reach = 600

    init(_ inlines: [InlineToken], firstLine: Int) {
        // Bytes bound scalars: one allocation per array instead of a dozen doublings.
        var capacity = inlines.count
        for token in inlines {
            if case .text(let s, _) = token { capacity += s.utf8.count } else if case .html(let s, _) = token { capacity += s.utf8.count }
        }
        scalars.reserveCapacity(capacity)
        lines.reserveCapacity(capacity)
        isHTML.reserveCapacity(capacity)
        var line = firstLine
        for token in inlines {
            switch token {
            case .text(let s, let l):
                line = l
                append(s, line: l, html: false)
            case .html(let s, let l):
                line = l
                append(s, line: l, html: true)
            case .softBreak, .lineBreak:
                line += 1
                mark(token, line: line)
            case .code(_, let l), .linkOpen(_, let l), .imageOpen(_, let l):
                line = l
                mark(token, line: l)
            default:
                mark(token, line: line)
            }
        }
    }

    private mutating func append(_ text: String, line: Int, html: Bool) {
        let before = scalars.count
        for s in text.unicodeScalars { scalars.append(s) }
        lines.append(contentsOf: repeatElement(line, count: scalars.count - before))
        isHTML.append(contentsOf: repeatElement(html, count: scalars.count - before))
    }

    private mutating func mark(_ token: InlineToken, line: Int) {
        tokens[scalars.count] = token
        scalars.append(Self.placeholder)
        lines.append(line)
        isHTML.append(false)
    }

    private var out: [Atom] = []
    private var text = ScalarBuffer()
    private var textLine = 0

    private mutating func flush() {
        if !text.isEmpty {
            out.append(.text(text.string, line: textLine))
            text.removeAll()
        }
    }

    /// Scans the block into atoms.
    mutating func atoms() -> [Atom] {
        out = []
        text.removeAll()
        var i = 0
        let n = scalars.count
        while i < n {
            let s = scalars[i]
            if s == Self.placeholder, let token = tokens[i] {
                flush()
                i = handle(token, at: i)
                continue
            }
            if s == "<", let end = anchor(at: i) {
                i = end
                continue
            }
            if s == "[", !isHTML[i] {
                if i + 1 < n, scalars[i + 1] == "[", let end = wikiLink(at: i) {
                    i = end
                    continue
                }
                if let end = bracketTime(at: i) {
                    flush()
                    let raw = String(scalars: scalars[i..<end])
                    out.append(.cite(Moment(seconds: TimeText.seconds(raw), raw: raw, form: .bracket, line: lines[i])))
                    i = end
                    continue
                }
            }
            if isHTML[i] {
                // Raw HTML that is not a citation (`<br/>`, `<sup>`) has no text to keep.
                i += 1
                continue
            }
            if text.isEmpty { textLine = lines[i] }
            text.append(s)
            i += 1
        }
        flush()
        return out
    }

    /// Emits the atom for a token without text; returns the next index to scan.
    private mutating func handle(_ token: InlineToken, at i: Int) -> Int {
        switch token {
        case .code(let s, let line): out.append(.code(s, line: line))
        case .softBreak, .lineBreak: out.append(.space(line: lines[i]))
        case .emphasisOpen: out.append(.emphasis(open: true))
        case .emphasisClose: out.append(.emphasis(open: false))
        case .strongOpen: out.append(.strong(open: true))
        case .strongClose: out.append(.strong(open: false))
        case .linkOpen(let destination, let line):
            if TimestampAnchor.isCitation(destination) {
                // `[00:21:00](<a class="yt-timestamp" data-t="00:21:00…>)`: an anchor cmark read as a link.
                return anchorLink(destination, line: line, at: i)
            }
            if destination.isEmpty || destination.hasPrefix("#") {
                // `[01:29:02](#01:29:02)`: a bare time made into a link to nowhere.
                let (label, j) = linkLabel(openingAt: i)
                if TimeText.looksLikeTime(label.trimmingCharacters(in: "[] ")) {
                    out.append(.cite(Moment(seconds: TimeText.seconds(label), raw: "[\(label)](\(destination))",
                                               form: .bracket, line: line)))
                    return min(j + 1, scalars.count)
                }
            }
            if let youtube = YouTubeURL.parse(destination), youtube.seconds != nil {
                return youTubeLink(destination, youtube: youtube, line: line, at: i)
            }
            if let end = wikiLinkInLink(destination, line: line, at: i) { return end }
            out.append(.linkOpen(destination: destination))
        case .linkClose:
            out.append(.linkClose)
            if let cite = pendingCites.removeValue(forKey: i) { out.append(.cite(cite)) }
        case .imageOpen:
            // An image's alt text is not prose; skip to its end.
            var j = i + 1
            while j < scalars.count {
                if scalars[j] == Self.placeholder, case .imageClose? = tokens[j] { return j + 1 }
                j += 1
            }
            return j
        case .imageClose, .text, .html: break
        }
        return i + 1
    }

    /// A markdown link to a YouTube moment. Its text is kept as prose unless it only
    /// restates the time (`[06:39](…)`, `[at 6:39](…)`), and the link is a citation.
    private mutating func youTubeLink(_ destination: String, youtube: (videoID: String?, seconds: Int?),
                                      line: Int, at i: Int) -> Int {
        let (labelText, j) = linkLabel(openingAt: i)
        let raw = "[\(labelText)](\(destination))"
        let cite = Moment(seconds: youtube.seconds, raw: raw, form: .url, line: line, video: youtube.videoID)
        var words = labelText.trimmingWhitespace.lowercased()
        for prefix in ["at ", "@"] where words.hasPrefix(prefix) { words = String(words.dropFirst(prefix.count)) }
        words = words.trimmingCharacters(in: "[]() ")
        if words.isEmpty || TimeText.looksLikeTime(words) || TimeText.unitSeconds(words) != nil {
            out.append(.cite(cite))
            return min(j + 1, scalars.count)
        }
        out.append(.linkOpen(destination: destination))
        // The label is scanned as usual; the citation follows the link's close.
        pendingCites[j] = cite
        return i + 1
    }

    private var pendingCites: [Int: Moment] = [:]

    /// `[[slug | [00:01:15]]](slug)`: a wiki-link that a generator also made a markdown link,
    /// which cmark reads as a link whose text is `[slug | [00:01:15]]`. Read as the wiki-link
    /// alone (the destination repeats its target); nil for any other link.
    private mutating func wikiLinkInLink(_ destination: String, line: Int, at i: Int) -> Int? {
        let (label, j) = linkLabel(openingAt: i)
        guard label.hasPrefix("["), label.hasSuffix("]"), label.contains("|") || !label.contains("[[") else { return nil }
        let inner = String(label.dropFirst().dropLast())
        guard !inner.isEmpty, !inner.contains("]("),
              WikiLinks.slug(inner.split(separator: "|")[0].trimmingWhitespace) == WikiLinks.slug(destination.trimmingWhitespace) else { return nil }
        switch WikiLinks.parse(inner: inner, isEmbed: false, line: line) {
        case .timedLink(let link, let stamp):
            out.append(.hiddenWiki(link))
            out.append(.cite(stamp))
        case .link(let link): out.append(.wiki(link, source: "[[\(inner)]]"))
        case .time(let stamp): out.append(.cite(stamp))
        }
        return min(j + 1, scalars.count)
    }

    /// The text of the link opened at `i`, and the index of its closing token.
    private func linkLabel(openingAt i: Int) -> (String, Int) {
        var j = i + 1
        var label = String.UnicodeScalarView()
        while j < scalars.count, !(scalars[j] == Self.placeholder && tokens[j] == .linkClose) {
            if scalars[j] != Self.placeholder { label.append(scalars[j]) }
            j += 1
        }
        return (String(label), j)
    }

    private mutating func anchorLink(_ destination: String, line: Int, at i: Int) -> Int {
        let (labelText, j) = linkLabel(openingAt: i)
        let value = TimestampAnchor.time(inTag: destination) ?? ""
        let seconds = TimeText.seconds(value) ?? TimeText.seconds(labelText)
        out.append(.cite(Moment(seconds: seconds, raw: "[\(labelText)](\(destination))", form: .anchor, line: line)))
        return min(j + 1, scalars.count)
    }

    /// The tag a citation anchor opens at `i`: `<a ` as the notes write it, `< a ` with a
    /// stray space (not HTML to cmark: plain text), or `<p ` for a paragraph of class
    /// `yt-timestamp`; with the index after the tag's name. `<p` counts only as a citation:
    /// any other paragraph tag is left to the raw HTML rule.
    private func anchorTag(at i: Int) -> (close: String, name: Int)? {
        let n = scalars.count
        var k = i + 1
        while k < n, scalars[k] == " " { k += 1 }
        guard k + 1 < n, scalars[k + 1] == " " || scalars[k + 1] == "\t" || scalars[k + 1] == "\n" else { return nil }
        // Prose holds `0 < a < 1`: only a well-formed `<a ` may be another kind of anchor.
        func citing() -> Bool {
            TimestampAnchor.isCitation(String(scalars: scalars[(k + 1)..<min(n, k + 1 + Self.reach)].prefix { $0 != ">" }))
        }
        switch scalars[k] {
        case "a", "A": return k == i + 1 || citing() ? ("</a>", k + 1) : nil
        case "p", "P": return citing() ? ("</p>", k + 1) : nil
        default: return nil
        }
    }

    /// Reads a `<a … yt-timestamp …>…</a>` anchor (or `< a …>`, `<p …>…</p>`), however
    /// broken; other HTML anchors only lose their tags. Returns the index after it, or nil
    /// when `<` starts none.
    private mutating func anchor(at i: Int) -> Int? {
        let n = scalars.count
        guard let (closeTag, afterName) = anchorTag(at: i) else {
            // A closing `</a>` of an anchor that lost its opening half: drop the tag.
            if matches("</a>", at: i) {
                flush()
                return i + 4
            }
            return nil
        }
        let limit = min(n, i + Self.reach)
        var tagEnd: Int?
        var closeStart: Int?
        var j = afterName
        while j < limit {
            if tagEnd == nil, scalars[j] == ">" { tagEnd = j }
            if scalars[j] == "<", matches(closeTag, at: j) { closeStart = j; break }
            // The next anchor begins before this one closed: this one has no `</a>`.
            if tagEnd != nil, scalars[j] == "<", anchorTag(at: j) != nil { break }
            if scalars[j] == Self.placeholder, tokens[j] != nil, tagEnd != nil { break }
            j += 1
        }
        guard tagEnd != nil || closeStart != nil else { return nil }
        // Without a `>` before `</a>` the opening tag never closed: it runs to `</a>`.
        let openEnd: Int
        let innerRange: Range<Int>
        let end: Int
        if let t = tagEnd, closeStart == nil || t < closeStart! {
            openEnd = t + 1
            if let c = closeStart {
                innerRange = openEnd..<c
                end = c + closeTag.unicodeScalars.count
            } else {
                // Unclosed: the anchor keeps the `[00:13:54]` text that follows its tag.
                var k = openEnd
                while k < n, k - openEnd < 14, TimeText.digit(scalars[k]) != nil || scalars[k] == ":" || scalars[k] == "[" || scalars[k] == "]" { k += 1 }
                innerRange = openEnd..<k
                end = k
            }
        } else {
            openEnd = closeStart!
            innerRange = openEnd..<openEnd
            end = closeStart! + closeTag.unicodeScalars.count
        }
        let tag = String(scalars: scalars[i..<openEnd])
        guard TimestampAnchor.isCitation(tag) else {
            // Another kind of anchor: its text is prose, its tags are not.
            flush()
            return openEnd
        }
        flush()
        let inner = String(scalars: scalars[innerRange].filter { $0 != Self.placeholder })
        let raw = String(scalars: scalars[i..<end].filter { $0 != Self.placeholder })
        let dataT = TimestampAnchor.time(inTag: tag)
        var seconds: Int?
        if let dataT, !dataT.trimmingWhitespace.isEmpty {
            seconds = TimeText.seconds(dataT)
        } else {
            seconds = TimeText.seconds(inner)
        }
        if closeStart == nil {
            warnings.append((lines[i], "timestamp anchor is never closed with </a>"))
        }
        out.append(.cite(Moment(seconds: seconds, raw: raw, form: .anchor, line: lines[i])))
        return end
    }

    /// Reads `[[…]]` at `i`; returns the index after it, or nil to keep `[[` as text.
    private mutating func wikiLink(at i: Int) -> Int? {
        let n = scalars.count
        let limit = min(n, i + Self.reach)
        var j = i + 2
        var close: Int?
        var brokenAt: Int?
        while j + 1 < limit {
            let s = scalars[j]
            if s == "]", scalars[j + 1] == "]" { close = j; break }
            if s == "[", scalars[j + 1] == "[" { break }
            if s == "<", anchorTag(at: j) != nil || matches("</a>", at: j) { brokenAt = j; break }
            if s == Self.placeholder, let t = tokens[j], t == .softBreak || t == .lineBreak { break }
            j += 1
        }
        let line = lines[i]
        var isEmbed = false
        if text.ends(with: "!") {
            text.removeLastASCII()
            isEmbed = true
        }
        // A link whose label swallowed a citation has its `|` before the anchor; without
        // one, the `[[` simply never closed.
        if let broken = brokenAt, !scalars[(i + 2)..<broken].contains("|") {
            if isEmbed { text.append("!") }
            warnings.append((line, "unclosed wiki-link [[ is kept as text"))
            return nil
        }
        if let broken = brokenAt {
            // A link whose label swallowed a citation: keep the target, then read on.
            let inner = String(scalars: scalars[(i + 2)..<broken].filter { $0 != Self.placeholder })
            let target = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard !target.trimmingWhitespace.isEmpty else { return nil }
            flush()
            warnings.append((line, "malformed wiki-link [[\(target.trimmingWhitespace)…: its label holds a timestamp"))
            if case .link(let link) = WikiLinks.parse(inner: String(target), isEmbed: isEmbed, line: line) {
                out.append(.hiddenWiki(link))
            }
            let pipe = scalars[(i + 2)..<broken].firstIndex(of: "|").map { $0 + 1 }
            return pipe ?? broken
        }
        guard let close else {
            if isEmbed { text.append("!") }
            warnings.append((line, "unclosed wiki-link [[ is kept as text"))
            return nil
        }
        var inner = String(scalars: scalars[(i + 2)..<close].filter { $0 != Self.placeholder })
        guard !inner.trimmingWhitespace.isEmpty else {
            if isEmbed { text.append("!") }
            return nil
        }
        var end = close + 2
        // `[[slug | [00:31:18]]]`: the label is a bracketed time, whose `]` the first `]]` took.
        if end < n, scalars[end] == "]", let bar = inner.lastIndex(of: "|"),
           inner[inner.index(after: bar)...].trimmingWhitespace.hasPrefix("[") {
            inner += "]"
            end += 1
        }
        flush()
        let source = (isEmbed ? "![[" : "[[") + inner + "]]"
        switch WikiLinks.parse(inner: inner, isEmbed: isEmbed, line: line) {
        case .link(let link) where inner.trimmingWhitespace.hasSuffix("|"):
            // An explicitly empty label: a link that shows no text.
            out.append(.hiddenWiki(link))
        case .link(let link): out.append(.wiki(link, source: source))
        case .time(let stamp): out.append(.cite(stamp))
        case .timedLink(let link, let stamp):
            // The link stays (to its note, shown nowhere); the time is the claim's citation.
            out.append(.hiddenWiki(link))
            out.append(.cite(stamp))
        }
        return end
    }

    /// The end of a bare `[00:16:34]` at `i`, or nil.
    private func bracketTime(at i: Int) -> Int? {
        let n = scalars.count
        var j = i + 1
        while j < n, j - i <= 14, scalars[j] != "]" {
            let s = scalars[j]
            guard TimeText.digit(s) != nil || s == ":" else { return nil }
            j += 1
        }
        guard j < n, scalars[j] == "]" else { return nil }
        let inner = String(scalars: scalars[(i + 1)..<j])
        guard TimeText.looksLikeTime(inner) else { return nil }
        // `[12:30](url)` is a link cmark already read; `[1:2]` is no citation.
        if j + 1 < n, scalars[j + 1] == "(" { return nil }
        let groups = inner.split(separator: ":")
        guard groups.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
        return j + 1
    }

    private func matches(_ literal: String, at i: Int) -> Bool {
        var j = i
        for s in literal.unicodeScalars {
            guard j < scalars.count else { return false }
            let c = scalars[j]
            guard c == s || (c.isUppercaseFast && Unicode.Scalar(c.value + 32) == s) else { return false }
            j += 1
        }
        return true
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}
