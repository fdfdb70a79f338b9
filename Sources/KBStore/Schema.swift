import KBModel
import KBExtract
/// The index's tables, versioned with `PRAGMA user_version` (docs/schema.md).
package enum Schema {
    /// Bumped whenever a table changes; an older index is rebuilt from its notes.
    static let version = 6
    /// `PRAGMA application_id`: marks a file as a kb index ("KBIX").
    static let applicationID: Int64 = 0x4B42_4958

    /// Every table and view; `create` adds the indexes.
    static let tablesAndViews = """
    CREATE TABLE speakers(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    );
    CREATE TABLE video_speakers(
        video_id TEXT NOT NULL,
        speaker INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        source TEXT NOT NULL DEFAULT 'notes' CHECK (source IN ('notes', 'transcript')),
        PRIMARY KEY (video_id, speaker)
    );
    CREATE TABLE notes(
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        slug TEXT NOT NULL,
        title TEXT,
        video_id TEXT,
        channel TEXT,
        channel_name TEXT,
        aliases TEXT,
        frontmatter TEXT,
        hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime INTEGER NOT NULL,
        indexed_at INTEGER NOT NULL
    );
    CREATE TABLE claims(
        id INTEGER PRIMARY KEY,
        note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        section TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        text TEXT NOT NULL,
        markdown TEXT NOT NULL,
        line INTEGER NOT NULL,
        lead TEXT,
        speaker INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
        speaker_source TEXT CHECK (speaker_source IN ('notes', 'transcript'))
    );
    CREATE TABLE timestamps(
        id INTEGER PRIMARY KEY,
        note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        claim INTEGER REFERENCES claims(id) ON DELETE CASCADE,
        seconds INTEGER,
        raw TEXT NOT NULL,
        form TEXT NOT NULL CHECK (form IN ('anchor', 'bracket', 'wikilink', 'url')),
        line INTEGER NOT NULL,
        video_id TEXT
    );
    CREATE TABLE links(
        id INTEGER PRIMARY KEY,
        source INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        claim INTEGER REFERENCES claims(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        heading TEXT,
        label TEXT,
        embed INTEGER NOT NULL DEFAULT 0,
        line INTEGER NOT NULL,
        resolved INTEGER REFERENCES notes(id) ON DELETE SET NULL
    );
    CREATE TABLE videos(
        video_id TEXT NOT NULL,
        title TEXT NOT NULL,
        channel TEXT,
        index_note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        PRIMARY KEY (video_id, index_note)
    );
    CREATE TABLE figures(
        id INTEGER PRIMARY KEY,
        claim INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        surface TEXT NOT NULL,
        kind TEXT NOT NULL,
        low REAL,
        high REAL,
        unit TEXT NOT NULL,
        bound TEXT NOT NULL CHECK (bound IN ('eq', 'range', 'gt', 'ge', 'lt', 'le')),
        approx INTEGER NOT NULL,
        per TEXT,
        per_qty REAL,
        subject TEXT,
        linked INTEGER REFERENCES figures(id) ON DELETE SET NULL
    );
    CREATE TABLE mentions(
        note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        name TEXT NOT NULL
    );
    CREATE TABLE headings(
        note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        level INTEGER NOT NULL,
        title TEXT NOT NULL
    );
    CREATE TABLE warnings(
        note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        line INTEGER,
        message TEXT NOT NULL
    );
    CREATE TABLE claim_lengths(
        chunk INTEGER PRIMARY KEY,
        lengths BLOB NOT NULL
    );
    CREATE TABLE transcripts(
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        video_id TEXT,
        video_source TEXT,
        format TEXT NOT NULL CHECK (format IN ('srt', 'vtt', 'turns', 'whisper')),
        language TEXT,
        title TEXT,
        guest TEXT,
        duration REAL,
        cues INTEGER NOT NULL,
        speakers TEXT,
        hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime INTEGER NOT NULL,
        indexed_at INTEGER NOT NULL
    );
    CREATE TABLE passages(
        id INTEGER PRIMARY KEY,
        transcript INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        turn INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        line INTEGER,
        words TEXT
    );
    CREATE TABLE transcript_speakers(
        transcript INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (transcript, label)
    );
    CREATE TABLE transcript_warnings(
        transcript INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        line INTEGER,
        message TEXT NOT NULL
    );
    CREATE TABLE alignments(
        claim INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        video_id TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('supported', 'drifted', 'unsupported', 'no_transcript')),
        transcript INTEGER REFERENCES transcripts(id) ON DELETE SET NULL,
        start REAL,
        end REAL,
        score REAL NOT NULL,
        suggested INTEGER,
        reason TEXT,
        speaker TEXT,
        said TEXT,
        PRIMARY KEY (claim, video_id)
    );
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text,
        content = 'passages', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE VIEW claims_fts_source(id, text, title, section) AS
        SELECT c.id, c.text, coalesce(n.title, n.slug), c.section FROM claims c JOIN notes n ON n.id = c.note;
    CREATE VIRTUAL TABLE claims_fts USING fts5(
        text, title, section,
        content = 'claims_fts_source', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    """

    /// Bytes of new terms an FTS5 table gathers in memory before it writes them to a segment
    /// (`Store.setTextIndexMemory`); FTS5's own default is 1 MB.
    static let ftsHashBytes = 16 << 20

    /// Everything a new index holds.
    static let create = tablesAndViews + createIndexes

    /// Every secondary index, each created only if missing: on every open for writing
    /// (so an index whose build was killed while they were dropped gets them back), and
    /// after a first build, which drops them while it loads (`Store.withIndexesDeferred`).
    /// `figures_linked`: without it each deleted figure scans the table for the `linked`
    /// foreign key, and re-indexing an edited corpus turns quadratic.
    /// `timestamps_unreadable`: every run counts unreadable citations for its report.
    /// `timestamps_video`: aligning reads each video's citations (`Store.alignInputs`); the
    /// few that name a video of their own are found by it, the rest through their note.
    static let indexes = [
        "CREATE INDEX IF NOT EXISTS notes_slug ON notes(slug)",
        "CREATE INDEX IF NOT EXISTS notes_video ON notes(video_id)",
        "CREATE INDEX IF NOT EXISTS claims_note ON claims(note, ordinal)",
        "CREATE INDEX IF NOT EXISTS timestamps_claim ON timestamps(claim)",
        "CREATE INDEX IF NOT EXISTS timestamps_note ON timestamps(note)",
        "CREATE INDEX IF NOT EXISTS timestamps_unreadable ON timestamps(note) WHERE seconds IS NULL",
        "CREATE INDEX IF NOT EXISTS timestamps_video ON timestamps(video_id) WHERE video_id IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS links_source ON links(source)",
        "CREATE INDEX IF NOT EXISTS links_claim ON links(claim)",
        "CREATE INDEX IF NOT EXISTS links_resolved ON links(resolved)",
        "CREATE INDEX IF NOT EXISTS figures_claim ON figures(claim)",
        "CREATE INDEX IF NOT EXISTS figures_note ON figures(note)",
        "CREATE INDEX IF NOT EXISTS figures_linked ON figures(linked)",
        "CREATE INDEX IF NOT EXISTS figures_kind ON figures(kind, unit, low)",
        "CREATE INDEX IF NOT EXISTS mentions_note ON mentions(note)",
        "CREATE INDEX IF NOT EXISTS warnings_note ON warnings(note)",
        "CREATE INDEX IF NOT EXISTS headings_note ON headings(note, line)",
        "CREATE INDEX IF NOT EXISTS transcripts_video ON transcripts(video_id)",
        "CREATE INDEX IF NOT EXISTS passages_transcript ON passages(transcript, start)",
        "CREATE INDEX IF NOT EXISTS transcript_warnings_transcript ON transcript_warnings(transcript)",
        "CREATE INDEX IF NOT EXISTS transcript_speakers_name ON transcript_speakers(name)",
        "CREATE INDEX IF NOT EXISTS alignments_video ON alignments(video_id)",
    ]

    static let createIndexes = indexes.map { $0 + ";\n" }.joined()

    /// The names of `indexes`, in order.
    static let indexNames = indexes.map { String($0.split(separator: " ")[5]) }

    /// The indexes a first build keeps while it loads: those `Store.speakerInputs` looks
    /// notes and claims up by, so that speakers are worked out while the others are built,
    /// and the one `kb search` and `kb jump` find a claim's citations by, so that searches
    /// during a `--rebuild` stay fast. Each grows at its end as notes come in, so it costs
    /// the load little.
    package static let keptWhileLoading: Set<String> = ["notes_video", "claims_note", "timestamps_claim", "passages_transcript"]

    /// Every table kb owns, for a rebuild of an index from an older version.
    static let tables = ["alignments", "passages_fts", "transcript_speakers", "transcript_warnings", "passages", "transcripts", "claims_fts", "claim_lengths", "warnings", "headings", "mentions", "figures", "videos", "links", "timestamps", "claims",
                         "notes", "video_speakers", "speakers"]

    /// Drops everything `create` makes, for a rebuild.
    static let dropAll = "DROP VIEW IF EXISTS claims_fts_source; "
        + tables.map { "DROP TABLE IF EXISTS \($0);" }.joined(separator: " ")
}
