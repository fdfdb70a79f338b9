import Foundation

/// The patterns of a `.kbignore` file, in gitignore's syntax: what `kb index` (and every walk
/// over a corpus) passes over under the folder that holds it.
///
/// Blank lines and lines starting with `#` say nothing; trailing spaces are dropped unless
/// escaped (`\ `), and `\#`, `\!` start a pattern with a literal `#` or `!`. `*` matches
/// anything but `/`, `?` one character but `/`, `[a-z]` / `[!a-z]` one of (not of) a set.
/// A pattern with a `/` at its start or in its middle is anchored to the folder of the
/// `.kbignore` (a leading `/` only anchors); without one it matches a name at any depth.
/// A trailing `/` matches folders only. `**/` matches any number of folders (none included),
/// a trailing `/**` everything inside a folder. `!` re-includes what an earlier pattern
/// excluded; the last pattern that matches a path decides. As in git, nothing inside an
/// excluded folder can be re-included: its folder is not even read.
public struct IgnoreRules: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        /// The pattern split at `/`; `**` is a segment of its own.
        var segments: [String]
        var negated: Bool
        var directoryOnly: Bool
    }

    var rules: [Rule]

    /// The file a folder's rules are read from.
    public static let fileName = ".kbignore"

    /// The rules of `.kbignore`-formatted text.
    public init(text: String) {
        rules = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).compactMap { Self.rule(String($0)) }
    }

    /// The rules of `folder/.kbignore`, or nil when there is no such file (or it holds no pattern).
    public static func load(folder: String) -> IgnoreRules? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName) else { return nil }
        let rules = IgnoreRules(text: String(decoding: data, as: UTF8.self))
        return rules.rules.isEmpty ? nil : rules
    }

    /// Whether the rules exclude `path` (relative to the rules' folder, `/`-separated),
    /// itself or through a folder it lies in.
    public func ignores(_ path: String, isDirectory: Bool) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return false }
        for end in 1..<parts.count where decides(Array(parts[..<end]), isDirectory: true) {
            return true
        }
        return decides(parts, isDirectory: isDirectory)
    }

    /// Whether the last rule matching exactly this path excludes it.
    private func decides(_ parts: [String], isDirectory: Bool) -> Bool {
        var ignored = false
        for rule in rules where (!rule.directoryOnly || isDirectory) && Self.match(rule.segments[...], parts[...]) {
            ignored = !rule.negated
        }
        return ignored
    }

    /// One line of the file as a rule; nil for a blank line or a comment.
    static func rule(_ line: String) -> Rule? {
        var text = Substring(line)
        while text.hasSuffix(" "), !text.dropLast().hasSuffix("\\") { text = text.dropLast() }
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        let negated = text.hasPrefix("!")
        if negated { text = text.dropFirst() }
        let directoryOnly = text.hasSuffix("/")
        while text.hasSuffix("/") { text = text.dropLast() }
        // A slash left at the start or in the middle anchors the pattern to the root.
        let anchored = text.contains("/")
        var segments = text.split(separator: "/").map(String.init)
        guard !segments.isEmpty else { return nil }
        if !anchored { segments.insert("**", at: 0) }
        return Rule(segments: segments, negated: negated, directoryOnly: directoryOnly)
    }

    /// Whether the pattern's segments match the path's, all of them.
    static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        let rest = pattern.dropFirst()
        if first == "**" {
            // A trailing `**` is what lies inside: one segment at least.
            if rest.isEmpty { return !path.isEmpty }
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let name = path.first, glob(Array(first.unicodeScalars)[...], Array(name.unicodeScalars)[...]) else { return false }
        return match(rest, path.dropFirst())
    }

    /// Whether one segment's pattern (`*`, `?`, `[…]`, `\x`) matches one name.
    static func glob(_ pattern: ArraySlice<Unicode.Scalar>, _ name: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let c = pattern.first else { return name.isEmpty }
        switch c {
        case "*":
            var rest = pattern.dropFirst()
            while rest.first == "*" { rest = rest.dropFirst() }
            var tail = name
            while true {
                if glob(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        case "?":
            return !name.isEmpty && glob(pattern.dropFirst(), name.dropFirst())
        case "[":
            if let (matches, after) = bracket(pattern.dropFirst(), name.first) {
                return matches && glob(after, name.dropFirst())
            }
            return name.first == "[" && glob(pattern.dropFirst(), name.dropFirst())
        case "\\" where pattern.count > 1:
            let literal = pattern[pattern.index(after: pattern.startIndex)]
            return name.first == literal && glob(pattern.dropFirst(2), name.dropFirst())
        default:
            return name.first == c && glob(pattern.dropFirst(), name.dropFirst())
        }
    }

    /// A `[…]` set (its text after the `[`) against one character: whether it matches, and
    /// the pattern after the `]`; nil when the set is not closed (then `[` is a literal).
    static func bracket(_ text: ArraySlice<Unicode.Scalar>, _ char: Unicode.Scalar?) -> (Bool, ArraySlice<Unicode.Scalar>)? {
        var rest = text
        let negated = rest.first == "!" || rest.first == "^"
        if negated { rest = rest.dropFirst() }
        var found = false
        var first = true
        while let c = rest.first {
            if c == "]", !first {
                return (char != nil && found != negated, rest.dropFirst())
            }
            first = false
            rest = rest.dropFirst()
            if rest.count >= 2, rest.first == "-", rest.dropFirst().first != "]", let high = rest.dropFirst().first {
                if let char, c.value <= char.value, char.value <= high.value { found = true }
                rest = rest.dropFirst(2)
            } else if c == char {
                found = true
            }
        }
        return nil
    }
}
