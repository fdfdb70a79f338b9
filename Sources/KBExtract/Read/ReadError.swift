import KBModel

/// A file kb cannot read: not text, not UTF-8, gone, or not in the format its name promises.
/// Thrown by the readers of notes (NoteReader) and transcripts (KBTranscripts, which read
/// through NoteReader); the indexer turns it into that file's diagnostic and goes on.
public enum ReadError: KBFailure, Hashable {
    case unreadable(Diagnostic)

    public var diagnostic: Diagnostic {
        switch self { case .unreadable(let d): return d }
    }

    public var description: String { diagnostic.description }

    public var isRequestProblem: Bool { false }
}
