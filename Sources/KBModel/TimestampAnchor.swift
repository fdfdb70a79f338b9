/// The notes' citation anchor, `<a class="yt-timestamp" data-t="00:14:23">[00:14:23]</a>`:
/// the one place that knows its class and attribute, for the scanner that reads it and
/// the renderer that writes it.
public enum TimestampAnchor {
    static let className = "yt-timestamp"
    static let timeAttribute = "data-t"

    /// The anchor for a second, as the notes write it.
    public static func html(seconds: Int) -> String {
        let clock = TimeText.clock(seconds)
        return "<a class=\"\(className)\" \(timeAttribute)=\"\(clock)\">[\(clock)]</a>"
    }

    /// Whether an HTML tag (or a link destination holding one) is a citation anchor.
    public static func isCitation(_ tag: String) -> Bool { find(className, in: tag) != nil }

    /// The time text of the anchor's `data-t`, however broken the tag; nil without one.
    public static func time(inTag tag: String) -> String? { attribute(timeAttribute, in: tag) }

    /// The value of `name="…"` in a tag, read leniently: when the quote never closes,
    /// the value stops at the first character a time cannot hold.
    static func attribute(_ name: String, in tag: String) -> String? {
        guard let r = find(name + "=", in: tag) else { return nil }
        if tag.isASCII { return asciiAttribute(in: tag.utf8[r.upperBound...]) }
        var rest = tag[r.upperBound...]
        let quote = rest.first
        if quote == "\"" || quote == "'" {
            rest = rest.dropFirst()
            if let close = rest.firstIndex(of: quote!) {
                let value = rest[rest.startIndex..<close]
                if value.allSatisfy({ isTimeCharacter($0) || $0 == " " }) {
                    return String(value)
                }
            }
        }
        return String(rest.prefix(while: isTimeCharacter))
    }

    /// Foundation's `range(of:)`, on bytes when the text is ASCII (nearly always): Foundation
    /// compares Characters, so elsewhere a combining mark after a match can unmake it.
    private static func find(_ needle: String, in text: String) -> Range<String.Index>? {
        text.isASCII ? text.utf8Range(of: needle) : text.range(of: needle)
    }

    /// `attribute` for ASCII text, on bytes (each byte is a Character): the same steps.
    private static func asciiAttribute(in value: Substring.UTF8View) -> String {
        @inline(__always) func isTime(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || b == UInt8(ascii: ":") || b == UInt8(ascii: "]") || b == UInt8(ascii: "[")
        }
        var rest = value
        if let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            rest = rest.dropFirst()
            if let close = rest.firstIndex(of: quote) {
                let inner = rest[rest.startIndex..<close]
                if inner.allSatisfy({ isTime($0) || $0 == UInt8(ascii: " ") }) { return String(Substring(inner)) }
            }
        }
        return String(Substring(rest.prefix(while: isTime)))
    }

    private static func isTimeCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isNumber || c == ":" || c == "]" || c == "[")
    }
}
