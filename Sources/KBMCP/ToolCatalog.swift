import KBModel
import KBStore
import KBQuery
import MCP

/// The tools `kb mcp` offers, each with the JSON Schema of its arguments.
///
/// The names follow the commands: a tool takes the arguments its command takes, under the
/// same names, and answers what `kb COMMAND --format json` prints (in `results` when that
/// is a list) plus the command's text.
enum ToolCatalog {
    static let tools: [Tool] = [search, quote, jump, figures, speakers, verify, note]

    /// The argument names each tool takes.
    static func names(_ tool: String) -> [String] {
        guard let t = tools.first(where: { $0.name == tool }),
              let properties = t.inputSchema.objectValue?["properties"]?.objectValue else { return [] }
        return properties.keys.sorted()
    }

    private static func schema(_ properties: [String: Value], required: [String] = []) -> Value {
        .object(["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
                 "additionalProperties": false])
    }

    private static func text(_ description: String) -> Value { ["type": "string", "description": .string(description)] }

    private static let readOnly = Tool.Annotations(readOnlyHint: true, openWorldHint: false)

    private static let limit: Value = ["type": "integer", "minimum": 1, "maximum": .int(Limits.results),
                                       "description": "At most this many results (the server's cap is \(Limits.results))."]

    static let search = Tool(
        name: "search", title: "Search claims or transcripts",
        description: """
            Search the notes' claims (or, with said, the transcripts' passages) as kb search does: \
            words, "quoted phrases", -word, OR, prefix*; questions work as typed. Each result has \
            its claim id (for quote and jump), note, section, speaker and timestamp links.
            """,
        inputSchema: schema([
            "query": text("What to look for."),
            "limit": ["type": "integer", "minimum": 1, "maximum": .int(Limits.results), "default": 20,
                      "description": "At most this many results (default 20, cap \(Limits.results))."],
            "channel": text("Only notes of this channel (its slug or name)."),
            "video": text("Only notes (or transcripts) of this video: its YouTube id, or a note about it."),
            "note": text("Only this note: its path, slug, title or alias; not with said."),
            "speaker": text("Only claims attributed to this speaker (full name or surname)."),
            "not": ["type": "array", "items": ["type": "string"], "description": "Exclude results holding these words or phrases."],
            "said": ["type": "boolean", "default": false, "description": "Search the transcripts, the words actually said."],
        ], required: ["query"]),
        annotations: readOnly)

    static let quote = Tool(
        name: "quote", title: "Words said at a cited moment",
        description: """
            The transcript passages at a claim's cited times (ref: a claim id from search), or at \
            VIDEO@TIME / NOTE@TIME (TIME as 14:23, 00:14:23 or 863), with speaker, times and links.
            """,
        inputSchema: schema([
            "ref": text("A claim id, VIDEO@TIME or NOTE@TIME."),
            "context": ["type": "integer", "minimum": 0, "maximum": 600, "default": .int(Quote.defaultContext),
                        "description": "Seconds of transcript to show after each moment."],
        ], required: ["ref"]),
        annotations: readOnly)

    static let jump = Tool(
        name: "jump", title: "Link to a cited moment",
        description: "The YouTube link that opens a claim's first cited moment, or VIDEO@TIME / NOTE@TIME, at its second.",
        inputSchema: schema(["ref": text("A claim id, VIDEO@TIME or NOTE@TIME.")], required: ["ref"]),
        annotations: readOnly)

    static let figures = Tool(
        name: "figures", title: "Amounts stated in claims",
        description: """
            Figures stated in claims, in canonical units (USD, W, Wh, FLOP, bytes, s, %, count, …). \
            min and max take an amount with its unit (1GW, $10B, 20%) and compare across units.
            """,
        inputSchema: schema([
            "query": text("Only figures of claims matching these search words."),
            "kind": ["type": "string", "enum": .array(Figure.Kind.allCases.map { .string($0.rawValue) }), "description": "Only this kind."],
            "unit": text("Only this canonical unit (W, USD, %, FLOP, count, s, B, …)."),
            "min": text("Only figures whose upper end reaches this amount (1GW, $10B, 20%)."),
            "max": text("Only figures whose lower end is at most this amount."),
            "speaker": text("Only claims attributed to this speaker (full name or surname)."),
            "video": text("Only notes of this video: its YouTube id, or a note about it."),
            "limit": limit,
            "sort": ["type": "string", "enum": .array(FigureSort.allCases.map { .string($0.rawValue) }), "default": "note",
                     "description": "Order: note (note by note), value (largest first, unit by unit) or time (by video and cited moment)."],
        ]),
        annotations: readOnly)

    static let speakers = Tool(
        name: "speakers", title: "Who speaks where",
        description: """
            Without name: the people who speak in the videos, with their videos and claim counts. \
            With name (full name or surname): that speaker's attributed claims, by video.
            """,
        inputSchema: schema(["name": text("A speaker's full name or surname."), "limit": limit]),
        annotations: readOnly)

    static let verify = Tool(
        name: "verify", title: "Check claims against transcripts",
        description: """
            Each cited claim of a note or video against the transcripts: supported (said within 20 s \
            of the cited time), drifted (said elsewhere, with where), unsupported, no_transcript.
            """,
        inputSchema: schema([
            "note": text("A note: its path, slug, title or alias."),
            "video": text("Only claims citing this video (an id, or a note's slug)."),
            "limit": limit,
        ]),
        annotations: readOnly)

    static let note = Tool(
        name: "note", title: "A note as markdown",
        description: "The note regenerated from the index as markdown (as kb render note), timestamps as YouTube links.",
        inputSchema: schema(["slug": text("The note: its path, slug, title or alias.")], required: ["slug"]),
        annotations: readOnly)
}
