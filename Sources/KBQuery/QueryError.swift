import KBModel

/// What the query layer throws: a question the index cannot answer as asked. Every case is a
/// problem of the request (`isRequestProblem`); the store's own failures stay `StoreError`.
public enum QueryError: KBFailure, Hashable {
    /// A claim id the index does not have.
    case noClaim(Int64)
    /// A claim that gives no moment, and why (Jump.noMoment).
    case noMoment(claim: Int64, why: String)
    /// Typed text that cannot be read as what it should be (a time, an amount, a reference),
    /// with how to write it.
    case unreadable(String)
    /// Videos none of whose transcripts the index has.
    case noTranscript(videos: [String])
    /// An option that does not apply to this kind of question.
    case inapplicable(String)

    public var description: String {
        switch self {
        case .noClaim(let claim): return "claim \(claim) is not in the index"
        case .noMoment(let claim, let why): return "claim \(claim) \(why)"
        case .unreadable(let m), .inapplicable(let m): return m
        case .noTranscript(let videos):
            return "no transcript of video \(videos.joined(separator: ", ")) in the index (kb index reads .srt, .vtt and speaker-turn files)"
        }
    }

    public var isRequestProblem: Bool { true }
}
