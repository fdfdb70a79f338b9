/// A `[[target#heading|label]]` link as written in a note.
public struct WikiLink: Hashable, Sendable, Codable {
    /// The target as written, without `#heading` and a trailing `.md`.
    public var target: String
    public var heading: String?
    public var label: String?
    /// `![[x]]`
    public var isEmbed: Bool
    /// 1-based line in the note file.
    public var line: Int

    public init(target: String, heading: String? = nil, label: String? = nil, isEmbed: Bool = false, line: Int) {
        self.target = target
        self.heading = heading
        self.label = label
        self.isEmbed = isEmbed
        self.line = line
    }

    /// The text a reader sees: the label, else the heading or target.
    public var displayText: String {
        if let label, !label.isEmpty { return label }
        if let heading, !heading.isEmpty, target.isEmpty { return heading }
        return target
    }
}
