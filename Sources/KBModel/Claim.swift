/// One sentence of body text with its citations and links.
public struct Claim: Hashable, Sendable, Codable {
    /// Heading path from the top of the note, outermost first.
    public var section: [String]
    /// 0-based position of the claim within its note.
    public var ordinal: Int
    /// Plain text: no HTML, no citations, wiki-links replaced by their labels.
    public var text: String
    /// Markdown source of the sentence, wiki-links and emphasis kept, citations dropped.
    public var markdown: String
    /// 1-based line of the sentence's first character in the note file.
    public var line: Int
    /// A bold lead-in (`**Label:**`) that opens the list item or paragraph, without the colon.
    public var lead: String?
    /// Citations placed inside or right after the sentence, in order.
    public var timestamps: [Moment]
    /// Wiki-links inside the sentence, in order.
    public var links: [WikiLink]
    /// Amounts stated in the sentence (offsets into `text`).
    public var figures: [Figure]

    public init(section: [String], ordinal: Int, text: String, markdown: String, line: Int,
                lead: String? = nil, timestamps: [Moment] = [], links: [WikiLink] = [], figures: [Figure] = []) {
        self.section = section
        self.ordinal = ordinal
        self.text = text
        self.markdown = markdown
        self.line = line
        self.lead = lead
        self.timestamps = timestamps
        self.links = links
        self.figures = figures
    }
}
