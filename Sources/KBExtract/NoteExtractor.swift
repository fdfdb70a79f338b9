import KBModel
import KBMarkdown
import Foundation

/// Turns a note's text into a `Note`: frontmatter, channel, sections, claims with
/// their citations and links, and the videos a channel index page lists.
public enum NoteExtractor {
    /// Extracts a note. `path` is relative to the indexed root and names the file in
    /// warnings; the slug is its file name without `.md`. Without `figures`, claims
    /// carry none (for `kb check`, which reads no amounts).
    public static func extract(path: String, text: String, figures: Bool = true) -> Note {
        // Swift reads "\r\n" as one Character; one line ending keeps every split simple.
        let crlfFree = text.containsByte(13) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        // UTF-8 once read as Windows-1252 ("Pascalâ€™s") is repaired before anything reads it.
        let (text, mojibake) = Mojibake.repair(crlfFree)
        let front = Frontmatter.split(text)
        var note = Note(path: path, slug: slug(ofPath: path), title: front.title, videoID: front.videoID,
                        aliases: front.aliases, extraFrontmatter: front.extraJSON)
        for m in mojibake { note.warnings.append(Diagnostic(file: path, line: m.line, message: Mojibake.warning(m))) }
        for w in front.warnings { note.warnings.append(Diagnostic(file: path, line: w.line, message: w.message)) }
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            note.warnings.append(Diagnostic(file: path, message: text.isEmpty ? "empty file" : "empty note (only blank lines)"))
            return note
        }
        if front.bodyLineOffset == 0, front.warnings.isEmpty {
            note.warnings.append(Diagnostic(file: path, line: 1, message: "no frontmatter: the note has no title or videoId"))
        }

        var state = State()
        process(String(front.body), offset: front.bodyLineOffset, into: &note, state: &state, depth: 0)
        if figures {
            let extractor = FigureExtractor()
            for i in note.claims.indices { note.claims[i].figures = extractor.figures(in: note.claims[i].text) }
        }
        for t in note.allTimestamps where t.seconds == nil {
            note.warnings.append(Diagnostic(file: path, line: t.line, message: "unreadable timestamp \(t.raw)"))
        }
        // A line of 10,000 "[[" says the same thing once.
        var seen = Set<Diagnostic>()
        note.warnings = note.warnings.filter { seen.insert($0).inserted }
        return note
    }

    private struct State {
        var sections: [(level: Int, title: String)] = []
        var currentVideo: Int?
        var seenHeading = false
        /// The last line of the last paragraph read, and how many claims the note had after it.
        var paragraphEnd: Int?
        var paragraphClaims = 0
    }

    /// An admonition's text with its leading parameter lines blanked.
    static func admonitionBody(_ literal: String) -> String {
        var lines = literal.split(separator: "\n", omittingEmptySubsequences: false)
        let parameters: Set<String> = ["title", "collapse", "icon", "color"]
        for i in lines.indices {
            guard let colon = lines[i].firstIndex(of: ":"),
                  parameters.contains(lines[i][..<colon].trimmingWhitespace.lowercased()) else { break }
            lines[i] = ""
        }
        return lines.joined(separator: "\n")
    }

    private static func isCitationOrBlank(_ atom: Atom) -> Bool {
        switch atom {
        case .cite, .space: return true
        case .text(let s, _): return s.allSatisfy(\.isWhitespace)
        default: return false
        }
    }

    /// Extracts the blocks of `body`, whose first line is file line `offset + 1`.
    private static func process(_ body: String, offset: Int, into note: inout Note, state: inout State, depth: Int) {
        var bodyLines: [Substring]?
        for block in Markdown.blocks(body) {
            let firstLine = block.startLine + offset
            switch block.kind {
            case .heading(let level):
                heading(block, level: level, offset: offset, into: &note, state: &state)
            case .paragraph:
                if block.endLine > block.startLine, block.inlines.contains(where: isPipeText) {
                    if bodyLines == nil { bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false) }
                    if let rows = tableRows(bodyLines!, from: block.startLine, to: block.endLine) {
                        addTable(rows, firstLine: firstLine, sections: state.sections.map(\.title), to: &note)
                        continue
                    }
                }
                var scanner = InlineScanner(block.inlines, firstLine: block.startLine)
                var atoms = shifted(scanner.atoms(), by: offset)
                warn(&note, scanner.warnings, offset: offset)
                if !state.seenHeading, note.claims.isEmpty, note.channel == nil, let channel = fromLine(atoms) {
                    note.channel = channel.target
                    note.channelName = channel.label
                    note.otherLinks.append(channel)
                    // The From line can run straight into the first paragraph.
                    guard let lineEnd = atoms.firstIndex(where: { if case .space = $0 { return true } else { return false } }) else { continue }
                    atoms = Array(atoms[(lineEnd + 1)...])
                }
                if block.containers.contains(.blockQuote), let marker = calloutMarker(atoms) {
                    // `> [!info] Title` heads an Obsidian callout: the marker goes, and so does a
                    // title line that cites nothing; a first line that cites is prose.
                    atoms[0] = marker
                    let lineEnd = atoms.firstIndex(where: { if case .space = $0 { return true } else { return false } })
                    if let lineEnd, !atoms[..<lineEnd].contains(where: { if case .cite = $0 { return true } else { return false } }) {
                        atoms = Array(atoms[(lineEnd + 1)...])
                    }
                }
                addClaims(atoms, of: block, offset: offset, into: &note, state: &state)
            case .htmlBlock(let literal):
                htmlBlock(literal, block, offset: offset, into: &note, state: &state)
            case .codeBlock(let literal, let info):
                // Generated notes sometimes wrap the whole article in a ```markdown fence:
                // that is the note, not code. Other code holds no claims.
                // Obsidian's admonitions (```ad-note, ```ad-warning) are prose too, after their
                // `title:`/`collapse:`/`icon:`/`color:` lines (blanked, so lines keep their numbers).
                let language = info.split(separator: " ").first.map { $0.lowercased() } ?? ""
                if (language == "markdown" || language == "md"), depth < 2 {
                    process(literal, offset: offset + block.startLine, into: &note, state: &state, depth: depth + 1)
                } else if language.hasPrefix("ad-"), depth < 2 {
                    process(admonitionBody(literal), offset: offset + block.startLine, into: &note, state: &state, depth: depth + 1)
                }
            case .thematicBreak:
                continue
            }
        }
    }

    /// A heading: a section, its links and citations, and the video it may name.
    private static func heading(_ block: MarkdownBlock, level: Int, offset: Int, into note: inout Note, state: inout State) {
        state.seenHeading = true
        var scanner = InlineScanner(block.inlines, firstLine: block.startLine)
        let atoms = shifted(scanner.atoms(), by: offset)
        warn(&note, scanner.warnings, offset: offset)
        let title = ClaimBuilder.plainText(atoms)
        while let last = state.sections.last, last.level >= level { state.sections.removeLast() }
        state.sections.append((level, title))
        note.headings.append(Heading(level: level, title: title, line: block.startLine + offset))
        for atom in atoms {
            if let link = atom.link { note.otherLinks.append(link) }
            if case .cite(let t) = atom { note.otherTimestamps.append(t) }
        }
        state.currentVideo = nil
        if let video = videoLink(block.inlines) {
            note.videos.append(VideoEntry(videoID: video, title: title, noteTargets: [], line: block.startLine + offset))
            state.currentVideo = note.videos.count - 1
        }
    }

    /// A paragraph's claims, unless it is a generator's leftover (skipped with a warning).
    private static func addClaims(_ atoms: [Atom], of block: MarkdownBlock, offset: Int, into note: inout Note, state: inout State) {
        let firstLine = block.startLine + offset
        let lineAtoms = atoms.split(whereSeparator: { if case .space = $0 { return true } else { return false } })
        if let reason = GeneratorLeftovers.reason(lines: lineAtoms.map { ClaimBuilder.plainText(Array($0)) },
                                                  cites: atoms.contains { if case .cite = $0 { return true } else { return false } },
                                                  first: note.claims.isEmpty) {
            note.warnings.append(Diagnostic(file: note.path, line: firstLine, message: reason))
            note.otherLinks += atoms.compactMap(\.link)
            return
        }
        let out = ClaimBuilder.claims(from: atoms, section: state.sections.map(\.title), firstLine: firstLine,
                                      ordinal: note.claims.count, leadAllowed: true)
        note.claims += out.claims
        note.otherLinks += out.strayLinks
        note.otherTimestamps += out.strayTimestamps
        if let v = state.currentVideo, block.containers.contains(where: { if case .listItem = $0 { return true } else { return false } }) {
            note.videos[v].noteTargets += out.strayLinks.map(\.target)
        }
        state.paragraphEnd = block.endLine + offset
        state.paragraphClaims = note.claims.count
    }

    /// Raw HTML holds no prose kb can cite, but its citations must not be lost. A line of
    /// nothing but citations (`<p class="yt-timestamp" …>`) right under a paragraph, which that
    /// HTML interrupted, cites the paragraph's last claim.
    private static func htmlBlock(_ literal: String, _ block: MarkdownBlock, offset: Int, into note: inout Note, state: inout State) {
        var scanner = InlineScanner([.html(literal, line: block.startLine)], firstLine: block.startLine)
        let atoms = shifted(scanner.atoms(), by: offset)
        let cites = atoms.compactMap { atom -> Moment? in if case .cite(let t) = atom { return t } else { return nil } }
        if !cites.isEmpty, state.paragraphEnd == block.startLine + offset - 1, state.paragraphClaims == note.claims.count,
           !note.claims.isEmpty, atoms.allSatisfy(isCitationOrBlank) {
            note.claims[note.claims.count - 1].timestamps += cites
        } else {
            note.otherTimestamps += cites
        }
    }

    /// The file name without its folder and `.md`.
    public static func slug(ofPath path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if name.lowercased().hasSuffix(".md") { name = String(name.dropLast(3)) }
        return name
    }

    // MARK: - Pieces

    private static func isPipeText(_ token: InlineToken) -> Bool {
        if case .text(let s, _) = token { return s.contains("|") }
        return false
    }

    /// The `From: [[channel]]` line that names a note's channel or show.
    private static func fromLine(_ atoms: [Atom]) -> WikiLink? {
        guard case .text(let first, _)? = atoms.first,
              first.trimmingWhitespace.lowercased().hasPrefix("from:") else { return nil }
        return atoms.lazy.compactMap(\.link).first
    }

    /// The first atom without its `[!type]` callout marker, or nil when there is none.
    private static func calloutMarker(_ atoms: [Atom]) -> Atom? {
        guard case .text(let first, let line)? = atoms.first else { return nil }
        let t = Substring(first).drop(while: { $0 == " " })
        guard t.hasPrefix("[!"), let close = t.firstIndex(of: "]"),
              t[t.index(t.startIndex, offsetBy: 2)..<close].allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        return .text(String(t[t.index(after: close)...]), line: line)
    }

    /// The video a heading links to without a time, as index pages do.
    private static func videoLink(_ inlines: [InlineToken]) -> String? {
        for token in inlines {
            if case .linkOpen(let destination, _) = token, let yt = YouTubeURL.parse(destination),
               let id = yt.videoID, yt.seconds == nil {
                return id
            }
        }
        return nil
    }

    private static func warn(_ note: inout Note, _ warnings: [(line: Int, message: String)], offset: Int) {
        for w in warnings { note.warnings.append(Diagnostic(file: note.path, line: w.line + offset, message: w.message)) }
    }

    /// Atoms carry body lines; the note reports file lines.
    private static func shifted(_ atoms: [Atom], by offset: Int) -> [Atom] {
        guard offset != 0 else { return atoms }
        return atoms.map { atom in
            switch atom {
            case .text(let s, let l): return .text(s, line: l + offset)
            case .code(let s, let l): return .code(s, line: l + offset)
            case .space(let l): return .space(line: l + offset)
            case .wiki(var link, let source):
                link.line += offset
                return .wiki(link, source: source)
            case .hiddenWiki(var link):
                link.line += offset
                return .hiddenWiki(link)
            case .cite(var t):
                t.line += offset
                return .cite(t)
            default: return atom
            }
        }
    }

    // MARK: - Tables

    private struct TableRow {
        var cells: [String]
        var line: Int  // body line
    }

    /// The rows of a GFM table written as this paragraph, or nil when it is not one.
    /// libcmark reads tables as paragraphs, so the raw lines are split here.
    private static func tableRows(_ lines: [Substring], from start: Int, to end: Int) -> [TableRow]? {
        guard start >= 1, end <= lines.count, end - start >= 1 else { return nil }
        func strip(_ line: Substring) -> Substring {
            var s = line[...]
            while let f = s.first, f == " " || f == ">" || f == "\t" { s.removeFirst() }
            return s
        }
        let header = strip(lines[start - 1])
        let delimiter = strip(lines[start])
        guard header.contains("|"), isDelimiterRow(delimiter) else { return nil }
        var rows: [TableRow] = []
        for l in start...end where l != start + 1 {
            rows.append(TableRow(cells: cells(strip(lines[l - 1])), line: l))
        }
        return rows
    }

    private static func isDelimiterRow(_ line: Substring) -> Bool {
        let cells = cells(line)
        guard !cells.isEmpty, line.contains("-") else { return false }
        return cells.allSatisfy { cell in
            let c = cell.trimmingWhitespace
            return !c.isEmpty && c.allSatisfy { $0 == "-" || $0 == ":" } && c.contains("-")
        }
    }

    /// Cells split at unescaped pipes; `\|` stays a pipe inside its cell.
    private static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var cell = ""
        var escaped = false
        var inCode = false
        for c in line {
            if escaped {
                if c != "|" { cell.append("\\") }
                cell.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "`" {
                inCode.toggle()
                cell.append(c)
            } else if c == "|", !inCode {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        if escaped { cell.append("\\") }
        cells.append(cell)
        if cells.first?.trimmingWhitespace.isEmpty == true { cells.removeFirst() }
        if cells.last?.trimmingWhitespace.isEmpty == true { cells.removeLast() }
        return cells
    }

    /// A table's body cells become claims; the header row and a first column of row
    /// labels without citations do not.
    private static func addTable(_ rows: [TableRow], firstLine: Int, sections: [String], to note: inout Note) {
        let offset = firstLine - rows[0].line
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.cells.enumerated() {
                let fileLine = row.line + offset
                let inlines = Markdown.blocks(cell).flatMap { block -> [InlineToken] in
                    block.inlines.map { relined($0, to: fileLine) }
                }
                var scanner = InlineScanner(inlines, firstLine: fileLine)
                let atoms = scanner.atoms()
                for w in scanner.warnings { note.warnings.append(Diagnostic(file: note.path, line: fileLine, message: w.message)) }
                let hasCite = atoms.contains { if case .cite = $0 { return true } else { return false } }
                if r == 0 || (c == 0 && row.cells.count > 1 && !hasCite) {
                    for atom in atoms {
                        if let link = atom.link { note.otherLinks.append(link) }
                        if case .cite(let t) = atom { note.otherTimestamps.append(t) }
                    }
                    continue
                }
                let out = ClaimBuilder.claims(from: atoms, section: sections, firstLine: fileLine,
                                              ordinal: note.claims.count, leadAllowed: false)
                note.claims += out.claims
                note.otherLinks += out.strayLinks
                note.otherTimestamps += out.strayTimestamps
            }
        }
    }

    private static func relined(_ token: InlineToken, to line: Int) -> InlineToken {
        switch token {
        case .text(let s, _): return .text(s, line: line)
        case .code(let s, _): return .code(s, line: line)
        case .html(let s, _): return .html(s, line: line)
        case .linkOpen(let d, _): return .linkOpen(destination: d, line: line)
        case .imageOpen(let d, _): return .imageOpen(destination: d, line: line)
        default: return token
        }
    }
}
