import KBModel
import KBMarkdown
/// Turns the atoms of one block into claims: one per sentence, each with the
/// citations placed inside or right after it.
struct ClaimBuilder {
    /// What a block yields.
    struct Output {
        var claims: [Claim] = []
        /// Citations that no sentence owns (a block of citations alone).
        var strayTimestamps: [Moment] = []
        /// Links of a block that holds no prose (a list of links).
        var strayLinks: [WikiLink] = []
    }

    /// The plain text of atoms, with citations, markup and code removed.
    static func plainText(_ atoms: [Atom]) -> String {
        let layout = Layout(atoms)
        return String(scalars: layout.plain).trimmingWhitespace
    }

    /// Builds the claims of a block; `ordinal` is the next claim's ordinal in the note.
    static func claims(from atoms: [Atom], section: [String], firstLine: Int, ordinal: Int,
                       leadAllowed: Bool) -> Output {
        let layout = Layout(atoms)
        let lead = leadAllowed ? Self.lead(atoms) : nil
        // Prose is what remains once link labels are taken out; a block of links alone
        // (an index list, "see also") is navigation, not a claim.
        guard hasProse(atoms, layout) else { return strays(atoms) }
        // A block that is only a bold label ("**Sovereign wealth:**") heads the items under it.
        if let lead, layout.plain.count <= lead.unicodeScalars.count + 2 { return strays(atoms) }

        var drafting = Drafting(plain: layout.plain, starts: sentenceStarts(atoms, layout))
        for (k, atom) in atoms.enumerated() { drafting.add(atom, index: k, layout: layout) }

        var output = Output()
        var next = ordinal
        var carry: [Moment] = []
        for (d, draft) in drafting.drafts.enumerated() {
            guard draft.hasProse else {
                // Punctuation left between citations, or a bare "see also" link after a
                // sentence: its citations and links belong to the claim before.
                Self.attach(draft, toLastOf: &output, carry: &carry)
                continue
            }
            let text = String(scalars: layout.plain[drafting.starts[d]..<drafting.starts[d + 1]]).trimmingWhitespace
            output.claims.append(Claim(
                section: section, ordinal: next, text: text,
                markdown: Self.balance(draft.markdown.trimmingWhitespace),
                line: d == 0 && lead != nil ? Self.lineBelowLead(atoms) ?? draft.line ?? firstLine : draft.line ?? firstLine,
                lead: d == 0 ? lead : nil,
                timestamps: carry + draft.timestamps, links: draft.links))
            carry = []
            next += 1
        }
        output.strayTimestamps += carry
        return output
    }

    /// Whether the block has words of its own beyond its link labels.
    private static func hasProse(_ atoms: [Atom], _ layout: Layout) -> Bool {
        for (k, atom) in atoms.enumerated() {
            if case .wiki = atom { continue }
            if case .hiddenWiki = atom { continue }
            if case .code(let code, _) = atom, code.unicodeScalars.contains(where: { $0.isAlphanumericFast }) { return true }
            if let r = layout.ranges[k], layout.plain[r].contains(where: { $0.isAlphanumericFast }) { return true }
        }
        return false
    }

    /// A block that makes no claim: its links and citations, for the note.
    private static func strays(_ atoms: [Atom]) -> Output {
        var output = Output()
        for atom in atoms {
            if let link = atom.link { output.strayLinks.append(link) }
            if case .cite(let t) = atom { output.strayTimestamps.append(t) }
        }
        return output
    }

    /// Where each sentence starts in the block's plain text, and the text's end last.
    private static func sentenceStarts(_ atoms: [Atom], _ layout: Layout) -> [Int] {
        let plain = layout.plain
        var starts = [0] + SentenceSplitter.boundaries(plain, citations: layout.citations)
        // Links standing alone after a finished sentence ("… example. [[see_also]]") are a
        // sentence of their own, which then joins the claim before as its links.
        if let trailing = trailingLinks(atoms), trailing > 0 {
            let at = layout.positions[trailing]
            let before = plain[..<at].reversed().first { !$0.isWhitespaceFast && !"\"'”’)*_".unicodeScalars.contains($0) }
            if let mark = before, ".!?".unicodeScalars.contains(mark), !starts.contains(at) {
                starts.append(at)
                starts.sort()
            }
        }
        starts.append(plain.count)
        return starts
    }

    /// Gives the citations and links of a sentence without prose to the last claim; before the
    /// first claim, its citations wait in `carry` for the next one and its links are strays.
    private static func attach(_ draft: Draft, toLastOf output: inout Output, carry: inout [Moment]) {
        guard let last = output.claims.indices.last else {
            carry += draft.timestamps
            output.strayLinks += draft.links
            return
        }
        output.claims[last].timestamps += draft.timestamps
        output.claims[last].links += draft.links
        let links = draft.markdown.trimmingWhitespace
        if !draft.links.isEmpty, !links.isEmpty { output.claims[last].markdown += " " + links }
    }

    private struct Draft {
        var markdown = ""
        var line: Int?
        var timestamps: [Moment] = []
        var links: [WikiLink] = []
        /// Whether the sentence has words of its own, beyond link labels.
        var hasProse = false
        mutating func note(line l: Int) { if line == nil { line = l } }
    }

    /// The sentences of a block while its atoms are read in order: each one's markdown, first
    /// line, citations and links.
    private struct Drafting {
        let plain: [Unicode.Scalar]
        /// Where each sentence starts in `plain`, then `plain.count`.
        let starts: [Int]
        var drafts: [Draft]
        /// Emphasis markers open at this point, innermost last.
        var openMarkup: [String] = []

        init(plain: [Unicode.Scalar], starts: [Int]) {
            self.plain = plain
            self.starts = starts
            drafts = [Draft](repeating: Draft(), count: starts.count - 1)
        }

        /// Which sentence a position belongs to: citations go to the last sentence that
        /// began before them, so "… end. [cite] Next" cites "… end."
        func sentence(ofPosition p: Int, isCite: Bool) -> Int {
            var k = 0
            while k + 1 < drafts.count, isCite ? starts[k + 1] < p : starts[k + 1] <= p { k += 1 }
            return k
        }

        /// Adds atom `k` to the sentence it belongs to. Inlined into the loop over the atoms, as
        /// the code was: a call per atom copied the atom to match on it.
        @inline(__always) mutating func add(_ atom: Atom, index k: Int, layout: Layout) {
            let position = layout.positions[k]
            switch atom {
            case .cite(let t):
                drafts[sentence(ofPosition: position, isCite: true)].timestamps.append(t)
            case .hiddenWiki(let link):
                // `[[target|]]`: a link with no text, so that the markdown keeps it and reads the same.
                // It stands where its citation stood, so it takes no space before it either:
                // `end." [[a|]].` would read back with a stray " ." where the cited text had none.
                let d = sentence(ofPosition: position, isCite: true)
                drafts[d].links.append(link)
                while drafts[d].markdown.unicodeScalars.last?.isWhitespaceFast == true { drafts[d].markdown.unicodeScalars.removeLast() }
                drafts[d].markdown += "[[" + link.target + "|]]"
            case .wiki(let link, let source):
                let d = sentence(ofPosition: position, isCite: false)
                drafts[d].links.append(link)
                drafts[d].note(line: link.line)
                drafts[d].markdown += source
            case .text(_, let line):
                guard let r = layout.ranges[k], !r.isEmpty else { return }
                addText(r, line: line)
            case .code(let code, let line):
                let d = sentence(ofPosition: position, isCite: false)
                drafts[d].markdown += "`" + code + "`"
                drafts[d].note(line: line)
                drafts[d].hasProse = true
            case .emphasis(let open):
                addMarker("*", open: open, at: position)
            case .strong(let open):
                addMarker("**", open: open, at: position)
            case .linkOpen:
                drafts[sentence(ofPosition: position, isCite: false)].markdown += "["
            case .linkClose:
                if let destination = layout.linkDestination[k] {
                    drafts[sentence(ofPosition: position, isCite: false)].markdown += "](\(destination))"
                }
            case .space:
                // A line break inside a sentence reads as a space, in markdown as in text.
                let d = sentence(ofPosition: position, isCite: false)
                if let last = drafts[d].markdown.unicodeScalars.last, !last.isWhitespaceFast { drafts[d].markdown += " " }
            }
        }

        /// A text atom's plain range; it can span a sentence boundary: each sentence gets its part.
        mutating func addText(_ r: Range<Int>, line: Int) {
            var lo = r.lowerBound
            while lo < r.upperBound {
                let d = sentence(ofPosition: lo, isCite: false)
                let hi = min(r.upperBound, starts[d + 1])
                if d > 0, lo == starts[d], drafts[d].markdown.isEmpty {
                    // Re-open markup that an earlier sentence left open.
                    drafts[d].markdown = openMarkup.joined()
                }
                drafts[d].markdown += ClaimBuilder.escape(plain[lo..<hi])
                if plain[lo..<hi].contains(where: { !$0.isWhitespaceFast }) { drafts[d].note(line: line) }
                if plain[lo..<hi].contains(where: { $0.isAlphanumericFast }) {
                    drafts[d].hasProse = true
                }
                lo = hi
            }
        }

        /// An emphasis marker, `*` or `**`, opening or closing.
        mutating func addMarker(_ marker: String, open: Bool, at position: Int) {
            let d = sentence(ofPosition: position, isCite: false)
            if open {
                openMarkup.append(marker)
                drafts[d].markdown += marker
                return
            }
            if let idx = openMarkup.lastIndex(of: marker) { openMarkup.remove(at: idx) }
            // A closing marker must touch its text ("*words*", not "*words *").
            var trailing = ""
            while let last = drafts[d].markdown.last, last == " " {
                drafts[d].markdown.removeLast()
                trailing += " "
            }
            drafts[d].markdown += marker + trailing
        }
    }

    /// Where a run of wiki-links (with only spaces, citations and punctuation between
    /// them) ends the block, or nil.
    static func trailingLinks(_ atoms: [Atom]) -> Int? {
        var k = atoms.count - 1
        var first: Int?
        while k >= 0 {
            switch atoms[k] {
            case .wiki, .hiddenWiki: first = k
            case .space, .cite: break
            case .text(let t, _) where !t.unicodeScalars.contains(where: { $0.isAlphanumericFast }): break
            default: return first
            }
            k -= 1
        }
        return nil
    }

    /// A bold lead-in, `**Label:**` or `**Label**:`, opening the block; or `**Label**` alone on the
    /// block's first line, the text going on below it.
    static func lead(_ atoms: [Atom]) -> String? {
        guard atoms.count >= 3, atoms[0] == .strong(open: true) else { return nil }
        var label = ""
        var k = 1
        while k < atoms.count, atoms[k] != .strong(open: false) {
            switch atoms[k] {
            case .text(let s, _), .code(let s, _): label += s
            case .wiki(let link, _): label += link.displayText
            case .space: label += " "
            default: break
            }
            k += 1
        }
        var trimmed = label.trimmingWhitespace
        var hasColon = trimmed.hasSuffix(":")
        if !hasColon, k + 1 < atoms.count, case .text(let after, _) = atoms[k + 1], after.hasPrefix(":") { hasColon = true }
        // "**Label**" then a line break: a heading of the text that follows, as if it had its colon.
        if !hasColon, k + 2 < atoms.count, case .space = atoms[k + 1] { hasColon = true }
        guard hasColon else { return nil }
        while trimmed.hasSuffix(":") { trimmed.removeLast() }
        trimmed = trimmed.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The line of the text below a bold label alone on its line (`**Label**`, a line break, the
    /// text): the sentence is there, not on the label's line.
    static func lineBelowLead(_ atoms: [Atom]) -> Int? {
        guard atoms.first == .strong(open: true), let close = atoms.firstIndex(of: .strong(open: false)),
              close + 2 < atoms.count, case .space(let line) = atoms[close + 1] else { return nil }
        return line
    }

    /// Escapes what markdown would read as syntax in plain text.
    static func escape(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = ScalarBuffer()
        out.reserveCapacity(scalars.count + 8)
        var previous: Unicode.Scalar = " "
        for index in scalars.indices {
            let s = scalars[index]
            switch s {
            case "\\", "*", "`", "[", "]", "<":
                out.append("\\")
            case "_":
                // Only at a word's edge can `_` start emphasis.
                let next = index + 1 < scalars.endIndex ? scalars[index + 1] : " "
                if !previous.isAlphabeticFast || !next.isAlphabeticFast { out.append("\\") }
            default:
                break
            }
            out.append(s)
            previous = s
        }
        return out.string
    }

    /// Closes emphasis that a sentence opened and the next one closes.
    static func balance(_ markdown: String) -> String {
        guard markdown.containsByte(UInt8(ascii: "*")) else { return markdown }
        var stack: [String] = []
        var chars = markdown.scalarArray
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            // Stars inside code spans and wiki-links are text, not emphasis.
            if chars[i] == "`", let close = chars[(i + 1)...].firstIndex(of: "`") { i = close + 1; continue }
            if chars[i] == "[", i + 1 < chars.count, chars[i + 1] == "[" {
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "]" && chars[j + 1] == "]") { j += 1 }
                i = j + 2
                continue
            }
            if chars[i] == "*" {
                // A run ("***") closes what it can, innermost first, and opens the rest.
                var run = 0
                while i < chars.count, chars[i] == "*" { run += 1; i += 1 }
                while run > 0 {
                    if stack.last == "*" { stack.removeLast(); run -= 1 }
                    else if stack.last == "**", run >= 2 { stack.removeLast(); run -= 2 }
                    else if run >= 2 { stack.append("**"); run -= 2 }
                    else { stack.append("*"); run -= 1 }
                }
                continue
            }
            i += 1
        }
        guard !stack.isEmpty else { return markdown }
        for marker in stack.reversed() { chars.append(contentsOf: marker.unicodeScalars) }
        return String(scalars: chars)
    }
}

/// The plain text of a block's atoms, and where each atom sits in it.
///
/// Citations take no room, and the separators between them (`, `, ` - `) go with
/// them, so "year <cite>, <cite>." reads "year." and splits where a reader would.
private struct Layout {
    var plain: [Unicode.Scalar] = []
    /// Offset in `plain` where each atom starts.
    var positions: [Int] = []
    /// The plain range of each text atom, by atom index.
    var ranges: [Range<Int>?]
    /// The destination of each link's closing atom.
    var linkDestination: [Int: String] = [:]
    /// Offsets in `plain` where citations stood.
    var citations: Set<Int> = []

    init(_ atoms: [Atom]) {
        ranges = Array(repeating: nil, count: atoms.count)
        positions.reserveCapacity(atoms.count)
        var afterCite = false
        var links: [String] = []
        for (k, atom) in atoms.enumerated() {
            positions.append(plain.count)
            switch atom {
            case .cite:
                afterCite = true
                citations.insert(plain.count)
            case .text(let s, _):
                let start: Int
                if afterCite {
                    var scalars = s.scalarArray
                    if Self.isSeparator(scalars), Self.nextIsCite(atoms, after: k) { continue }
                    let firstNonSpace = scalars.first(where: { !$0.isWhitespaceFast })
                    if let f = firstNonSpace, ".,;:!?)".unicodeScalars.contains(f) {
                        while let l = plain.last, l.isWhitespaceFast { plain.removeLast() }
                        for key in ranges.indices {
                            if let range = ranges[key], range.upperBound > plain.count {
                                ranges[key] = range.lowerBound..<max(range.lowerBound, plain.count)
                            }
                        }
                        while let h = scalars.first, h.isWhitespaceFast { scalars.removeFirst() }
                        positions[k] = plain.count
                        citations.insert(plain.count)
                    }
                    start = plain.count
                    appendCollapsing(scalars)
                } else {
                    start = plain.count
                    appendCollapsing(s.unicodeScalars)
                }
                afterCite = false
                ranges[k] = start..<plain.count
            case .wiki(let link, _):
                afterCite = false
                let start = plain.count
                appendCollapsing(link.displayText.unicodeScalars)
                ranges[k] = start..<plain.count
            case .code(let s, _):
                afterCite = false
                appendCollapsing(s.unicodeScalars)
            case .space:
                appendCollapsing(CollectionOfOne(" "))
            case .linkOpen(let destination):
                links.append(destination)
            case .linkClose:
                if let d = links.popLast() { linkDestination[k] = d }
            case .hiddenWiki:
                // A hidden link stands where a citation stood (its own, or one it swallowed),
                // and is read back so: punctuation after it closes the text before it.
                afterCite = true
            case .emphasis, .strong:
                break
            }
        }
    }

    private mutating func appendCollapsing<S: Sequence<Unicode.Scalar>>(_ scalars: S) {
        for s in scalars {
            if s.isWhitespaceFast {
                if plain.isEmpty || plain.last!.isWhitespaceFast { continue }
                plain.append(" ")
            } else {
                plain.append(s)
            }
        }
    }

    private static func isSeparator(_ scalars: [Unicode.Scalar]) -> Bool {
        scalars.allSatisfy { $0.isWhitespaceFast || ",;-–—&".unicodeScalars.contains($0) }
            || (scalars.count <= 7 && String(scalars: scalars).trimmingWhitespace == "and")
    }

    private static func nextIsCite(_ atoms: [Atom], after k: Int) -> Bool {
        var j = k + 1
        while j < atoms.count {
            switch atoms[j] {
            case .cite: return true
            // A link whose label was a time (`[[x | [00:03:47]]]`) stands just before its citation.
            case .emphasis, .strong, .space, .hiddenWiki: j += 1
            default: return false
            }
        }
        return false
    }
}
