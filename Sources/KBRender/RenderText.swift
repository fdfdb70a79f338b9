import KBModel
import KBMarkdown
import KBExtract
import KBStore
import KBQuery
import Foundation

/// How cited moments are written.
public enum TimestampStyle: String, Sendable, Hashable, CaseIterable {
    /// `[00:14:23](https://www.youtube.com/watch?v=ID&t=863s)`
    case link
    /// `<a class="yt-timestamp" data-t="00:14:23">[00:14:23]</a>`, as the notes write them (markdown only).
    case anchor
}

/// The text helpers every report uses: escaping, file names, figures.
public enum RenderText {
    /// Longest file name stem a page gets.
    public static let nameCap = 80

    /// A file name stem from any text: ASCII letters lowered, digits, `_` and `-` kept,
    /// every other run of characters one `_`, at most `nameCap` characters, never empty.
    /// Nothing else ever names an output file.
    public static func safeName(_ text: String) -> String {
        // Everything kept is ASCII: bytes count characters, and every byte of a
        // multi-byte character is a gap like the character itself.
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, nameCap))
        var pendingGap = false
        for b in text.utf8 {
            let kept: UInt8
            switch b {
            case 65...90: kept = b + 32
            case 97...122, 48...57, UInt8(ascii: "-"), UInt8(ascii: "_"): kept = b
            default:
                pendingGap = true
                continue
            }
            if pendingGap, !out.isEmpty { out.append(UInt8(ascii: "_")) }
            pendingGap = false
            out.append(kept)
            if out.count >= nameCap { break }
        }
        let isEdge = { (b: UInt8) in b == UInt8(ascii: "-") || b == UInt8(ascii: "_") }
        var trimmed = out.drop(while: isEdge).prefix(nameCap)
        while let last = trimmed.last, isEdge(last) { trimmed.removeLast() }
        return trimmed.isEmpty ? "page" : String(decoding: trimmed, as: UTF8.self)
    }

    /// Text from a note made inert for markdown: every character markdown reads as
    /// syntax inline is backslash-escaped, and line breaks become spaces.
    ///
    /// Works on UTF-8 bytes, as cmark reads them: a `*` followed by a combining accent is
    /// still emphasis to cmark, so it is escaped like any other `*`.
    public static func md(_ text: String) -> String {
        replacingBytes(of: text, replaced: mdReplaced, mdReplace)
    }

    /// `md`'s replacement of one byte, as `replacingBytes` takes it.
    private static func mdReplace(_ b: UInt8, _ previous: UInt8?, _ out: inout [UInt8]) -> Bool {
        switch b {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "!"),
             UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: "~"), UInt8(ascii: "$"):
            out.append(UInt8(ascii: "\\"))
            out.append(b)
        case UInt8(ascii: "\n"):
            // CR LF is one line break, already a space.
            if previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: " ")) }
        case UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            out.append(UInt8(ascii: " "))
        default:
            return false
        }
        return true
    }

    private static let mdReplaced = replacedBytes(by: mdReplace)

    /// The ASCII bytes `replace` replaces, worked out once from it. Whether it replaces a
    /// byte must not depend on the byte before (only what it appends may).
    private static func replacedBytes(by replace: (UInt8, UInt8?, inout [UInt8]) -> Bool) -> [Bool] {
        (0..<128).map { b in
            var scratch: [UInt8] = []
            return replace(UInt8(b), nil, &scratch)
        }
    }

    /// `text` with some ASCII bytes replaced: `replace(byte, previous byte, &out)` appends
    /// the replacement and returns true, or returns false to keep the byte; `replaced` is
    /// `replacedBytes(by: replace)`. Text with nothing to replace, which is most text, is
    /// returned without a copy, after one pass over its bytes by table.
    private static func replacingBytes(of text: String, replaced: [Bool],
                                       _ replace: (UInt8, UInt8?, inout [UInt8]) -> Bool) -> String {
        let utf8 = text.utf8
        let isReplaced = { (b: UInt8) in b < 0x80 && replaced[Int(b)] }
        guard let offset = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(where: isReplaced) })
            ?? Array(utf8).firstIndex(where: isReplaced) else { return text }
        let first = utf8.index(utf8.startIndex, offsetBy: offset)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        out.append(contentsOf: utf8[..<first])
        var previous: UInt8?
        if first > utf8.startIndex { previous = utf8[utf8.index(before: first)] }
        for b in utf8[first...] {
            if b >= 0x80 || !replace(b, previous, &out) { out.append(b) }
            previous = b
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What opens a list, heading, quote or setext underline at the start of a line, besides
    /// the digits of `1.`.
    private static let blockOpeners = "-+=#>"

    /// ASCII bytes a line may start with that `protectLineStart` must look at.
    private static let lineOpeners: [Bool] = (0..<128).map { b in (blockOpeners + "0123456789").utf8.contains(UInt8(b)) }

    /// Escapes what would make markdown at the start of a line open a list, heading or quote.
    static func protectLineStart(_ markdown: String) -> String {
        // Most lines start with a letter or another ASCII byte that opens nothing: no need
        // to look at Characters.
        if let b = markdown.utf8.first, b < 0x80, !Self.lineOpeners[Int(b)] { return markdown }
        guard let first = markdown.first else { return markdown }
        if blockOpeners.contains(first) { return "\\" + markdown }
        // `1. ` and `1) ` open ordered lists.
        let digits = markdown.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 9 {
            let rest = markdown.dropFirst(digits.count)
            if let p = rest.first, p == "." || p == ")" {
                return String(digits) + "\\" + String(rest)
            }
        }
        return markdown
    }

    /// A label inside `[[target|label]]`: no `|`, `[` or `]`, on one line.
    static func wikiLabel(_ text: String) -> String {
        replacingBytes(of: text, replaced: labelReplaced, labelReplace).trimmingWhitespace
    }

    /// `wikiLabel`'s replacement of one byte, as `replacingBytes` takes it.
    private static func labelReplace(_ b: UInt8, _ previous: UInt8?, _ out: inout [UInt8]) -> Bool {
        switch b {
        case UInt8(ascii: "|"): out.append(UInt8(ascii: "/"))
        case UInt8(ascii: "["): out.append(UInt8(ascii: "("))
        case UInt8(ascii: "]"): out.append(UInt8(ascii: ")"))
        case UInt8(ascii: "\n"): if previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: " ")) }
        case UInt8(ascii: "\r"): out.append(UInt8(ascii: " "))
        default: return false
        }
        return true
    }

    private static let labelReplaced = replacedBytes(by: labelReplace)

    /// Escapes text for HTML element content and attribute values.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func yaml(_ text: String) -> String {
        let plainOK = !text.isEmpty && text.trimmingWhitespace == text
            && text.allSatisfy { $0.isLetter || $0.isNumber || " ,.()/-'".contains($0) }
            && !"-.,'(".contains(text.first!)
            && !text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" }
            && !["true", "false", "yes", "no", "null", "on", "off", "y", "n"].contains(text.lowercased())
        if plainOK { return text }
        return jsonString(text)
    }

    /// A JSON string literal (also a valid YAML double-quoted scalar).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value) {
                    out += String(format: "\\u%04X", s.value)
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    /// A figure's amount as people write it (`≈ 150 MW`, `$3–4 per hour`, `15 years`), with
    /// what it counts: `FigureDisplay`. The canonical value is in JSON.
    public static func describe(_ f: Figure) -> String {
        var s = FigureDisplay.text(f)
        if let subject = f.subject { s += " (\(subject))" }
        return s
    }

    /// The key under which link targets that name no note are gathered: the notes'
    /// slug rule, `_` and `-` read as spaces, runs of `_` collapsed.
    public static func hubKey(_ target: String) -> String {
        // ASCII in one pass over the bytes (it is computed for every unresolved link a
        // page shows); other text by Characters, where `_` or `-` may carry a combining mark.
        var key: [UInt8] = []
        key.reserveCapacity(target.utf8.count)
        var gap = false
        for b in target.utf8 {
            switch b {
            case 0x80...: return hubKeyByCharacters(target)
            case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: " "): gap = !key.isEmpty
            case 65...90, 97...122, 48...57:
                if gap { key.append(UInt8(ascii: "_")); gap = false }
                key.append(b < 97 && b >= 65 ? b + 32 : b)
            default: continue
            }
        }
        return key.isEmpty ? WikiLinks.fold(target.trimmingWhitespace) : String(decoding: key, as: UTF8.self)
    }

    /// `hubKey` by Characters, for any text.
    static func hubKeyByCharacters(_ target: String) -> String {
        let spaced = String(target.map { $0 == "_" || $0 == "-" ? " " : $0 })
        let slug = WikiLinks.slug(spaced).split(separator: "_").joined(separator: "_")
        return slug.isEmpty ? WikiLinks.fold(target.trimmingWhitespace) : slug
    }

    /// The words of a hub key that carry meaning.
    static func hubWords(_ key: String) -> Set<Substring> {
        Set(key.split(separator: "_")).subtracting(stopWords)
    }

    private static let stopWords: Set<Substring> = ["the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "s"]

    /// Whether two hub keys with `shared` of their `all` distinct words in common probably
    /// name the same thing: at least two shared words, making up at least 60% of all.
    static func probablySame(shared: Int, all: Int) -> Bool {
        shared >= 2 && Double(shared) / Double(all) >= 0.6
    }

    /// Whether a link leaves the site: a scheme (`https:`, `mailto:`), `//host`, or a fragment alone.
    package static func isExternalLink(_ link: String) -> Bool {
        if link.isEmpty || link.hasPrefix("#") || link.hasPrefix("//") { return true }
        guard let colon = link.firstIndex(of: ":") else { return false }
        let scheme = link[link.startIndex..<colon]
        return !scheme.isEmpty && scheme.first!.isLetter
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }
}
