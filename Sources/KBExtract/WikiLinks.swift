import KBModel
import KBMarkdown
/// Reads the inside of `[[…]]` and the generator's slug rule.
public enum WikiLinks {
    /// What a `[[…]]` holds: a link, or a cited time (`[[01:07:01]]`).
    public enum Parsed: Hashable, Sendable {
        case link(WikiLink)
        case time(Moment)
        /// `[[slug | [00:31:18]]]` or `[[slug|00:31:18]]`: a link whose label is a cited time
        /// (a note generator's way of citing a moment and linking a topic at once). The
        /// link keeps its target without a label; the time is a citation of form `wikilink`.
        case timedLink(WikiLink, Moment)
    }

    /// Parses the text between `[[` and `]]`.
    ///
    /// With several `|` the first part is the target and the last the label;
    /// `#` starts a heading; a trailing `.md` is dropped from the target.
    public static func parse(inner: String, isEmbed: Bool, line: Int) -> Parsed {
        let parts = inner.split(separator: "|", omittingEmptySubsequences: false)
        var target = parts[0].trimmingWhitespace
        let label = parts.count > 1 ? parts[parts.count - 1].trimmingWhitespace : nil
        if parts.count == 1, TimeText.looksLikeTime(target) {
            return .time(Moment(seconds: TimeText.seconds(target), raw: "[[\(inner)]]", form: .wikilink, line: line))
        }
        var heading: String?
        if let hash = target.firstIndex(of: "#") {
            heading = target[target.index(after: hash)...].trimmingWhitespace
            target = target[target.startIndex..<hash].trimmingWhitespace
            if heading?.isEmpty == true { heading = nil }
        }
        if target.lowercasedFast.hasSuffix(".md") {
            target = String(target.dropLast(3))
        }
        // Only a readable time: an unreadable one is written back as it was, and would bring
        // its link twice.
        if parts.count > 1, let label, let time = labelTime(label), let seconds = TimeText.seconds(time) {
            return .timedLink(WikiLink(target: target, heading: heading, label: nil, isEmbed: isEmbed, line: line),
                              Moment(seconds: seconds, raw: "[[\(inner)]]", form: .wikilink, line: line))
        }
        return .link(WikiLink(target: target, heading: heading,
                              label: (label?.isEmpty ?? true) ? nil : label,
                              isEmbed: isEmbed, line: line))
    }

    /// The time a link's label holds, with or without its brackets (`[00:31:18]`, `1:05`).
    static func labelTime(_ label: String) -> String? {
        var t = Substring(label)
        if t.hasPrefix("["), t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        let time = t.trimmingWhitespace
        return TimeText.looksLikeTime(time) ? time : nil
    }

    /// The slug the note generator made from a title: every character but ASCII
    /// letters, digits and spaces dropped, spaces to `_`, lowercased.
    public static func slug<S: StringProtocol>(_ text: S) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 65...90: out.append(Unicode.Scalar(s.value + 32)!)
            case 97...122, 48...57: out.append(s)
            case 32: out.append("_")
            default: continue
            }
        }
        return String(out)
    }

    /// Case-folded text for the last, loosest comparisons.
    public static func fold<S: StringProtocol>(_ text: S) -> String {
        text.lowercased()
    }
}
